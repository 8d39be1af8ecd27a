import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../common/http/request.js';
import { MediaModel } from '../media/dto/media.dto.js';
import { ArticleRelationsLoader } from './article-relations.js';
import { ImageBlockModel } from './body/block.dto.js';
import type { ImageBlock } from './body/blocks.js';

@Resolver(() => ImageBlockModel)
export class ImageBlockResolver {
  constructor(private readonly relations: ArticleRelationsLoader) {}

  @ResolveField('media', () => MediaModel, { nullable: true, description: 'The photo record with its credit.' })
  media(@Parent() block: ImageBlock, @Context() context: GqlContext): Promise<MediaModel | null> {
    return this.relations.loadersFor(context).media.load(block.mediaId);
  }
}
