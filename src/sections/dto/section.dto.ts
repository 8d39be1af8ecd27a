import { ArgsType, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { SeoFieldsInput } from '../../common/api/seo-fields.js';
import { IsLocale, IsSingleLine, IsSlug, IsSlugOrId, IsText } from '../../common/validation/decorators.js';

@ObjectType('Section', { description: 'A section of the site ("Russia"), in a tree per locale.' })
export class SectionModel {
  @Prop({ type: () => ID, description: 'Section id.', example: '0b7f1c52-8d8e-4f0c-9d61-2f7f7d3c1a10' })
  id!: string;

  @Prop({ type: () => String, description: 'URL slug, unique per locale.', example: 'russia' })
  slug!: string;

  @Prop({ type: () => String, description: 'BCP 47 locale of this edition.', example: 'en' })
  locale!: string;

  @Prop({ type: () => String, description: 'Display name.', example: 'Russia' })
  name!: string;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'What the section covers, as shown under its name.',
    example: 'The latest news and stories from Russia.',
  })
  description!: string | null;

  @Prop({ type: () => ID, nullable: true, description: 'Parent section id; null at the top of the tree.' })
  parentId!: string | null;

  @Prop({ type: () => Int, description: 'Order among siblings (ascending).', example: 0 })
  position!: number;

  @Prop({ type: () => String, nullable: true, description: 'Title for search engines.' })
  seoTitle!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Description for search engines.' })
  seoDescription!: string | null;

  @Prop({
    type: () => [SectionModel],
    description: 'Child sections, ordered by position (filled in tree answers).',
    openapi: { type: () => SectionModel, isArray: true },
  })
  children!: SectionModel[];

  @Prop({ type: () => GraphQLISODateTime, description: 'Last change.' })
  updatedAt!: Date;
}

@InputType({ description: 'A new section.' })
export class CreateSectionInput extends SeoFieldsInput {
  @Prop({ type: () => String, optional: true, description: 'URL slug; made from the name when left out.', example: 'russia' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, optional: true, description: 'BCP 47 locale; DEFAULT_LOCALE when left out.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @Prop({ type: () => String, description: 'Display name.', example: 'Russia' })
  @IsSingleLine(200)
  name!: string;

  @Prop({ type: () => String, optional: true, description: 'What the section covers.', example: 'The latest news and stories from Russia.' })
  @IsOptional()
  @IsText(2000)
  description?: string;

  @Prop({ type: () => String, optional: true, description: 'Parent section, by slug (same locale) or id.', example: 'world' })
  @IsOptional()
  @IsSlugOrId()
  parent?: string;

  @Prop({ type: () => Int, optional: true, description: 'Order among siblings.', example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;
}

@InputType({ description: 'Changes to a section; fields left out stay as they are. To detach from the parent, set `moveToTop`.' })
export class UpdateSectionInput extends SeoFieldsInput {
  @Prop({ type: () => String, optional: true, description: 'New URL slug.' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, optional: true, description: 'Display name.' })
  @IsOptional()
  @IsSingleLine(200)
  name?: string;

  @Prop({ type: () => String, optional: true, description: 'What the section covers.' })
  @IsOptional()
  @IsText(2000)
  description?: string;

  @Prop({ type: () => String, optional: true, description: 'New parent section, by slug or id.' })
  @IsOptional()
  @IsSlugOrId()
  parent?: string;

  @Prop({ type: () => Boolean, optional: true, description: 'Move the section to the top of the tree (no parent).' })
  @IsOptional()
  @IsBoolean()
  moveToTop?: boolean;

  @Prop({ type: () => Int, optional: true, description: 'Order among siblings.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;
}

@ArgsType()
export class SectionsQuery {
  @Prop({ type: () => String, optional: true, description: 'Locale of the tree; DEFAULT_LOCALE when left out.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}
