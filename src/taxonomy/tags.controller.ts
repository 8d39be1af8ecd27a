import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ParseIdOrSlugPipe, ParseIdPipe } from '../common/validation/id.pipe.js';
import { CreateTagInput, TagModel, TagsQuery, UpdateTagInput } from './dto/tag.dto.js';
import { TagsService } from './tags.service.js';
import { CacheTags, tagListTags } from '../common/http/cache-tags.js';

@ApiTags('tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @ApiOperation({ summary: 'All tags, by name (optionally of one kind; at most 1000)' })
  @ApiOkResponse({ type: [TagModel] })
  @ApiProblems(400)
  @CacheTags(tagListTags)
  list(@Query() query: TagsQuery): Promise<TagModel[]> {
    return this.tags.list(query.kind);
  }

  @Get(':idOrSlug')
  @ApiOperation({ summary: 'One tag, by slug or id' })
  @ApiOkResponse({ type: TagModel })
  @ApiProblems(400, 404)
  @CacheTags(tagListTags)
  get(@Param('idOrSlug', ParseIdOrSlugPipe) idOrSlug: string): Promise<TagModel> {
    return this.tags.getBySlugOrId(idOrSlug);
  }

  @Post()
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a tag (editors)' })
  @ApiCreatedResponse({ type: TagModel })
  @ApiProblems(400, 401, 403, 409)
  create(@Body() input: CreateTagInput): Promise<TagModel> {
    return this.tags.create(input);
  }

  @Patch(':id')
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a tag (editors)' })
  @ApiOkResponse({ type: TagModel })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@Param('id', ParseIdPipe) id: string, @Body() input: UpdateTagInput): Promise<TagModel> {
    return this.tags.update(id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a tag, removing it from every article (editors)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404)
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.tags.remove(id);
  }
}
