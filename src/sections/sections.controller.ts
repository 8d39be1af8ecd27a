import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ACCEPT_LANGUAGE, AcceptLanguage } from '../common/http/accept-language.js';
import { ParseIdPipe, ParseIdOrSlugPipe } from '../common/validation/id.pipe.js';
import { CreateSectionInput, SectionModel, SectionsQuery, UpdateSectionInput } from './dto/section.dto.js';
import { EditionsService } from './editions.service.js';
import { SectionsService } from './sections.service.js';
import { CacheTags, sectionTreeTags } from '../common/http/cache-tags.js';

@ApiTags('sections')
@Controller('sections')
export class SectionsController {
  constructor(
    private readonly sections: SectionsService,
    private readonly editions: EditionsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The section tree of a locale',
    description: 'Without `locale`, Accept-Language picks the edition (FALLBACK_LOCALE when it names none); with neither, DEFAULT_LOCALE.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({ type: [SectionModel] })
  @ApiProblems(400)
  @CacheTags(sectionTreeTags)
  async tree(@Query() query: SectionsQuery, @AcceptLanguage() acceptLanguage: string[]): Promise<SectionModel[]> {
    return this.sections.tree(await this.editions.negotiate(query.locale, acceptLanguage));
  }

  @Get(':slug')
  @ApiOperation({
    summary: 'One section with its direct children',
    description: 'Without `locale`, Accept-Language picks the edition (FALLBACK_LOCALE when it names none); with neither, DEFAULT_LOCALE.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({ type: SectionModel })
  @ApiProblems(400, 404)
  @CacheTags(sectionTreeTags)
  async get(
    @Param('slug', ParseIdOrSlugPipe) slug: string,
    @Query() query: SectionsQuery,
    @AcceptLanguage() acceptLanguage: string[],
  ): Promise<SectionModel> {
    return this.sections.getBySlug(slug, await this.editions.negotiate(query.locale, acceptLanguage));
  }

  @Post()
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a section (editors)' })
  @ApiCreatedResponse({ type: SectionModel })
  @ApiProblems(400, 401, 403, 409)
  create(@Body() input: CreateSectionInput): Promise<SectionModel> {
    return this.sections.create(input);
  }

  @Patch(':id')
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a section (editors)' })
  @ApiOkResponse({ type: SectionModel })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@Param('id', ParseIdPipe) id: string, @Body() input: UpdateSectionInput): Promise<SectionModel> {
    return this.sections.update(id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a section without children or articles (editors)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.sections.remove(id);
  }
}
