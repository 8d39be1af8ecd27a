import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/auth.decorators.js';
import { toConnection } from '../common/pagination/page-params.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { MediaConnection, MediaListArgs, MediaModel, UpdateMediaInput } from './dto/media.dto.js';
import { MediaService } from './media.service.js';
import { CacheTag, CacheTags } from '../common/http/cache-tags.js';

@Resolver(() => MediaModel)
export class MediaResolver {
  constructor(private readonly service: MediaService) {}

  @Query(() => MediaModel, { description: 'One media record with its metadata and file URL.' })
  @CacheTags((m: MediaModel) => [CacheTag.media(m.id)])
  media(@Args('id', { type: () => ID, description: 'Media id.' }, ParseIdPipe) id: string): Promise<MediaModel> {
    return this.service.get(id);
  }

  @Query(() => MediaConnection, { description: 'The media library, newest first (authors and up).' })
  @RequireRole('author')
  async mediaList(@Args() args: MediaListArgs): Promise<MediaConnection> {
    const page = await this.service.list(args.filter ?? {}, args.first, args.after);
    return toConnection(page, (entity) => this.service.toModel(entity));
  }

  @Mutation(() => MediaModel, { description: 'Change the caption, credits or focal point of a media record (authors).' })
  @RequireRole('author')
  updateMedia(
    @Args('id', { type: () => ID, description: 'Media id.' }, ParseIdPipe) id: string,
    @Args('input', { description: 'The changes.' }) input: UpdateMediaInput,
  ): Promise<MediaModel> {
    return this.service.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Delete a media record and its file, unless an article uses it (editors).' })
  @RequireRole('editor')
  async deleteMedia(@Args('id', { type: () => ID, description: 'Media id.' }, ParseIdPipe) id: string): Promise<boolean> {
    await this.service.remove(id);
    return true;
  }
}
