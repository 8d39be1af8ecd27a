import { applyDecorators } from '@nestjs/common';
import { ArgsType, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { IsSingleLine, IsSlug } from '../../common/validation/decorators.js';
import { TAG_KINDS, type TagKind } from '../tag.entity.js';

export const TagKindEnum = Object.fromEntries(TAG_KINDS.map((k) => [k, k])) as Record<TagKind, TagKind>;
registerEnumType(TagKindEnum, { name: 'TagKind', description: 'What a tag names: a topic, a person, an organization, a place or an event.' });

/** An IPTC Media Topic, as its NewsCodes URI. */
export const MEDIA_TOPIC_URI_PATTERN = /^http:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/\d{8}$/;

const IsMediaTopicUri = () =>
  applyDecorators(
    IsString(),
    MaxLength(200),
    Matches(MEDIA_TOPIC_URI_PATTERN, {
      message: '$property must be an IPTC Media Topic URI such as "http://cv.iptc.org/newscodes/mediatopic/11000000"',
    }),
  );

const IsTagKind = () => IsIn(TAG_KINDS, { message: `$property must be one of: ${TAG_KINDS.join(', ')}` });

@ObjectType('Tag', { description: 'A tag: a topic, person, organization, place or event that articles are about.' })
export class TagModel {
  @Prop({ type: () => ID, description: 'Tag id.', example: '5d0c8c3e-3f4b-4d8e-9a51-7a0b6f0f2c11' })
  id!: string;

  @Prop({ type: () => String, description: 'URL slug, unique among tags.', example: 'climate-change' })
  slug!: string;

  @Prop({ type: () => String, description: 'Display name.', example: 'Climate change' })
  name!: string;

  @Prop({ type: () => TagKindEnum, enum: TagKindEnum, enumName: 'TagKind', description: 'What the tag names.', example: 'topic' })
  kind!: TagKind;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'The matching IPTC Media Topic, as its URI.',
    example: 'http://cv.iptc.org/newscodes/mediatopic/06000000',
  })
  mediaTopicUri!: string | null;
}

@InputType({ description: 'A new tag.' })
export class CreateTagInput {
  @Prop({ type: () => String, optional: true, description: 'URL slug; made from the name when left out.', example: 'climate-change' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, description: 'Display name.', example: 'Climate change' })
  @IsSingleLine(200)
  name!: string;

  @Prop({ type: () => TagKindEnum, enum: TagKindEnum, enumName: 'TagKind', description: 'What the tag names.', example: 'topic' })
  @IsTagKind()
  kind!: TagKind;

  @Prop({
    type: () => String,
    optional: true,
    description: 'The matching IPTC Media Topic, as its URI.',
    example: 'http://cv.iptc.org/newscodes/mediatopic/06000000',
  })
  @IsOptional()
  @IsMediaTopicUri()
  mediaTopicUri?: string;
}

@InputType({ description: 'Changes to a tag; fields left out stay as they are.' })
export class UpdateTagInput {
  @Prop({ type: () => String, optional: true, description: 'New URL slug.' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, optional: true, description: 'Display name.' })
  @IsOptional()
  @IsSingleLine(200)
  name?: string;

  @Prop({ type: () => TagKindEnum, optional: true, enum: TagKindEnum, enumName: 'TagKind', description: 'What the tag names.' })
  @IsOptional()
  @IsTagKind()
  kind?: TagKind;

  @Prop({ type: () => String, optional: true, nullable: true, description: 'The matching IPTC Media Topic URI; null removes it.' })
  @IsOptional()
  @IsMediaTopicUri()
  mediaTopicUri?: string | null;
}

@ArgsType()
export class TagsQuery {
  @Prop({
    type: () => TagKindEnum,
    optional: true,
    enum: TagKindEnum,
    enumName: 'TagKind',
    description: 'Only tags of this kind.',
    example: 'person',
  })
  @IsOptional()
  @IsTagKind()
  kind?: TagKind;
}
