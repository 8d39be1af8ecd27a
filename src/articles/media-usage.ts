import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { Context, Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequireRole } from '../auth/auth.decorators.js';
import { isEditorial } from '../auth/roles.js';
import type { GqlContext } from '../common/http/request.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { MediaModel } from '../media/dto/media.dto.js';
import { MediaService } from '../media/media.service.js';
import { ArticleStatusEnum } from './dto/article.model.js';
import { ArticleEntity, ArticleMediaEntity, type ArticleStatus } from './article.entity.js';

@ObjectType('MediaUsage', { description: 'An article that shows a media file (as main image or in its body).' })
export class MediaUsageModel {
  @Field(() => ID, { description: 'Article id.' })
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field(() => String, { description: 'Article slug.' })
  @ApiProperty()
  slug!: string;

  @Field(() => String, { description: 'Article headline.' })
  @ApiProperty()
  headline!: string;

  @Field(() => ArticleStatusEnum, { description: 'Article workflow state.' })
  @ApiProperty({ enum: Object.values(ArticleStatusEnum) })
  status!: ArticleStatus;
}

/** Which articles use a media file: known to articles/ (media never points back at articles). */
@Injectable()
export class MediaUsageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async usage(mediaIds: readonly string[]): Promise<Map<string, MediaUsageModel[]>> {
    const result = new Map<string, MediaUsageModel[]>(mediaIds.map((id) => [id, []]));
    if (mediaIds.length === 0) return result;
    const rows = await this.dataSource
      .createQueryBuilder(ArticleMediaEntity, 'u')
      .innerJoin(ArticleEntity, 'a', 'a.id = u.article_id')
      .select(['u.media_id AS "mediaId"', 'a.id AS id', 'a.slug AS slug', 'a.headline AS headline', 'a.status AS status'])
      .where('u.media_id IN (:...ids)', { ids: [...new Set(mediaIds)] })
      .orderBy('a.updated_at', 'DESC')
      .getRawMany<MediaUsageModel & { mediaId: string }>();
    for (const { mediaId, ...article } of rows) result.get(mediaId)?.push(article);
    return result;
  }
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('media/:id/usage')
export class MediaUsageController {
  constructor(
    private readonly media: MediaService,
    private readonly usages: MediaUsageService,
  ) {}

  @Get()
  @RequireRole('author')
  @ApiOperation({ summary: 'The articles that use a media file (a file in use cannot be deleted: 409)' })
  @ApiOkResponse({ type: [MediaUsageModel] })
  @ApiProblems(400, 401, 403, 404)
  async usage(@Param('id', ParseIdPipe) id: string): Promise<MediaUsageModel[]> {
    await this.media.findOrFail(id);
    return (await this.usages.usage([id])).get(id) ?? [];
  }
}

@Resolver(() => MediaModel)
export class MediaUsageResolver {
  constructor(private readonly usages: MediaUsageService) {}

  @ResolveField('usage', () => [MediaUsageModel], { description: 'The articles that use this file (newsroom only; empty for readers).' })
  async usage(@Parent() media: MediaModel, @Context() context: GqlContext): Promise<MediaUsageModel[]> {
    // Usage names drafts: a reader gets an empty list, never their headlines.
    if (!isEditorial(context.req.actor)) return [];
    return (await this.usages.usage([media.id])).get(media.id) ?? [];
  }
}
