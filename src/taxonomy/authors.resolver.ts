import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { RequireRole } from '../auth/auth.decorators.js';
import type { GqlContext } from '../common/http/request.js';
import { IsSlugOrId } from '../common/validation/decorators.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { MediaModel } from '../media/dto/media.dto.js';
import { MediaService } from '../media/media.service.js';
import { AuthorsService } from './authors.service.js';
import { AuthorModel, CreateAuthorInput, UpdateAuthorInput } from './dto/author.dto.js';
import { addCacheTags, authorListTags, CacheTag, CacheTags } from '../common/http/cache-tags.js';

@ArgsType()
class AuthorArgs {
  @Field(() => String, { description: 'Author slug (an id works too).' })
  @IsSlugOrId()
  slug!: string;
}

/** Key of the per-request loader of author photos in `GqlContext.memo`. */
const PHOTO_LOADER = Symbol('taxonomy:authorPhotoLoader');

@Resolver(() => AuthorModel)
export class AuthorsResolver {
  constructor(
    private readonly service: AuthorsService,
    private readonly media: MediaService,
  ) {}

  @Query(() => [AuthorModel], { description: 'All authors by name (at most 1000).' })
  @CacheTags(authorListTags)
  authors(): Promise<AuthorModel[]> {
    return this.service.list();
  }

  @Query(() => AuthorModel, { description: 'One author.' })
  @CacheTags(authorListTags)
  author(@Args() args: AuthorArgs): Promise<AuthorModel> {
    return this.service.getBySlugOrId(args.slug);
  }

  /** Authors built elsewhere (bylines of articles) may come without their photo; those are loaded in one batch per request. */
  @ResolveField('photo', () => MediaModel, { nullable: true, description: 'The portrait, from the media library.' })
  photo(@Parent() author: AuthorModel, @Context() context: GqlContext): Promise<MediaModel | null> | MediaModel | null {
    if (!author.photoId) return null;
    if (author.photo?.id === author.photoId) return author.photo;
    return this.photoLoader(context).load(author.photoId);
  }

  @Mutation(() => AuthorModel, { description: 'Create an author (editors).' })
  @RequireRole('editor')
  createAuthor(@Args('input') input: CreateAuthorInput): Promise<AuthorModel> {
    return this.service.create(input);
  }

  @Mutation(() => AuthorModel, { description: 'Change an author (editors).' })
  @RequireRole('editor')
  updateAuthor(@Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateAuthorInput): Promise<AuthorModel> {
    return this.service.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Delete an author, removing them from every byline (editors).' })
  @RequireRole('editor')
  async deleteAuthor(@Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    await this.service.remove(id);
    return true;
  }

  private photoLoader(context: GqlContext): DataLoader<string, MediaModel | null> {
    let loader = context.memo.get(PHOTO_LOADER) as DataLoader<string, MediaModel | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, MediaModel | null>(async (ids) => {
        addCacheTags(context.req, ...ids.map(CacheTag.media));
        const found = await this.media.findByIds(ids);
        return ids.map((id) => {
          const entity = found.get(id);
          return entity ? this.media.toModel(entity) : null;
        });
      });
      context.memo.set(PHOTO_LOADER, loader);
    }
    return loader;
  }
}
