import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/auth.decorators.js';
import { IsSlugOrId } from '../common/validation/decorators.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CreateTagInput, TagModel, TagsQuery, UpdateTagInput } from './dto/tag.dto.js';
import { TagsService } from './tags.service.js';
import { CacheTags, tagListTags } from '../common/http/cache-tags.js';

@ArgsType()
class TagArgs {
  @Field(() => String, { description: 'Tag slug (an id works too).' })
  @IsSlugOrId()
  slug!: string;
}

@Resolver(() => TagModel)
export class TagsResolver {
  constructor(private readonly service: TagsService) {}

  @Query(() => [TagModel], { description: 'All tags by name, optionally of one kind (at most 1000).' })
  @CacheTags(tagListTags)
  tags(@Args() args: TagsQuery): Promise<TagModel[]> {
    return this.service.list(args.kind);
  }

  @Query(() => TagModel, { description: 'One tag.' })
  @CacheTags(tagListTags)
  tag(@Args() args: TagArgs): Promise<TagModel> {
    return this.service.getBySlugOrId(args.slug);
  }

  @Mutation(() => TagModel, { description: 'Create a tag (editors).' })
  @RequireRole('editor')
  createTag(@Args('input') input: CreateTagInput): Promise<TagModel> {
    return this.service.create(input);
  }

  @Mutation(() => TagModel, { description: 'Change a tag (editors).' })
  @RequireRole('editor')
  updateTag(@Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateTagInput): Promise<TagModel> {
    return this.service.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Delete a tag, removing it from every article (editors).' })
  @RequireRole('editor')
  async deleteTag(@Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    await this.service.remove(id);
    return true;
  }
}
