import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { RequireRole } from '../auth/auth.decorators.js';
import { IsLocale, IsSlug } from '../common/validation/decorators.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CreateSectionInput, SectionModel, SectionsQuery, UpdateSectionInput } from './dto/section.dto.js';
import { SectionsService } from './sections.service.js';
import { CacheTags, sectionTreeTags } from '../common/http/cache-tags.js';

@ArgsType()
class SectionArgs {
  @Field(() => String, { description: 'Section slug.' })
  @IsSlug()
  slug!: string;

  @Field(() => String, { nullable: true, description: 'Locale; DEFAULT_LOCALE when left out.' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

@Resolver(() => SectionModel)
export class SectionsResolver {
  constructor(private readonly service: SectionsService) {}

  @Query(() => [SectionModel], { description: 'The section tree of a locale (top level; children nested).' })
  @CacheTags(sectionTreeTags)
  sections(@Args() args: SectionsQuery): Promise<SectionModel[]> {
    return this.service.tree(args.locale);
  }

  @Query(() => SectionModel, { description: 'One section with its direct children.' })
  @CacheTags(sectionTreeTags)
  section(@Args() args: SectionArgs): Promise<SectionModel> {
    return this.service.getBySlug(args.slug, args.locale);
  }

  @Mutation(() => SectionModel, { description: 'Create a section (editors).' })
  @RequireRole('editor')
  createSection(@Args('input') input: CreateSectionInput): Promise<SectionModel> {
    return this.service.create(input);
  }

  @Mutation(() => SectionModel, { description: 'Change a section (editors).' })
  @RequireRole('editor')
  updateSection(@Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateSectionInput): Promise<SectionModel> {
    return this.service.update(id, input);
  }

  @Mutation(() => Boolean, { description: 'Delete a section without children or articles (editors).' })
  @RequireRole('editor')
  async deleteSection(@Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    await this.service.remove(id);
    return true;
  }
}
