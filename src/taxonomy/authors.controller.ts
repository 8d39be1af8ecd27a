import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ParseIdOrSlugPipe, ParseIdPipe } from '../common/validation/id.pipe.js';
import { AuthorModel, CreateAuthorInput, UpdateAuthorInput } from './dto/author.dto.js';
import { AuthorsService } from './authors.service.js';
import { authorListTags, CacheTags } from '../common/http/cache-tags.js';

@ApiTags('authors')
@Controller('authors')
export class AuthorsController {
  constructor(private readonly authors: AuthorsService) {}

  @Get()
  @ApiOperation({ summary: 'All authors, by name (at most 1000)' })
  @ApiOkResponse({ type: [AuthorModel] })
  @CacheTags(authorListTags)
  list(): Promise<AuthorModel[]> {
    return this.authors.list();
  }

  @Get(':idOrSlug')
  @ApiOperation({ summary: 'One author, by slug or id' })
  @ApiOkResponse({ type: AuthorModel })
  @ApiProblems(400, 404)
  @CacheTags(authorListTags)
  get(@Param('idOrSlug', ParseIdOrSlugPipe) idOrSlug: string): Promise<AuthorModel> {
    return this.authors.getBySlugOrId(idOrSlug);
  }

  @Post()
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an author (editors)' })
  @ApiCreatedResponse({ type: AuthorModel })
  @ApiProblems(400, 401, 403, 409)
  create(@Body() input: CreateAuthorInput): Promise<AuthorModel> {
    return this.authors.create(input);
  }

  @Patch(':id')
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change an author (editors)' })
  @ApiOkResponse({ type: AuthorModel })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@Param('id', ParseIdPipe) id: string, @Body() input: UpdateAuthorInput): Promise<AuthorModel> {
    return this.authors.update(id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete an author, removing them from every byline (editors)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404)
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.authors.remove(id);
  }
}
