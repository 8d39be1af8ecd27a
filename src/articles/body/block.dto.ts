import { Field, ID, InputType, Int, ObjectType, createUnionType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ArrayMaxSize } from 'class-validator';
import { IsId, IsText } from '../../common/validation/decorators.js';
import { BLOCK_TYPES, type BlockType } from './blocks.js';

export const BlockTypeEnum = Object.fromEntries(BLOCK_TYPES.map((t) => [t, t])) as Record<BlockType, BlockType>;
registerEnumType(BlockTypeEnum, { name: 'BlockType', description: 'The kind of a body block.' });

/**
 * One body block as input. GraphQL has no input unions, so every block type's
 * fields are here and the service checks that each block has what its type needs.
 */
@InputType({ description: 'A body block: `type` says which other fields it needs.' })
export class BodyBlockInput {
  @Field(() => BlockTypeEnum, { description: 'paragraph | heading | quote | image | embed | list' })
  @ApiProperty({ enum: BLOCK_TYPES, enumName: 'BlockType', example: 'paragraph' })
  @IsIn(BLOCK_TYPES)
  type!: BlockType;

  @Field(() => String, { nullable: true, description: 'paragraph, heading, quote: the text.' })
  @ApiPropertyOptional({
    description: 'paragraph, heading, quote: the text.',
    example: 'Moscow’s foreign policy has been and will remain independent.',
  })
  @IsOptional()
  @IsText(20_000)
  text?: string;

  @Field(() => Int, { nullable: true, description: 'heading: level 2–4 (default 2).' })
  @ApiPropertyOptional({ type: 'integer', minimum: 2, maximum: 4, description: 'heading: level 2–4 (default 2).' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(4)
  level?: number;

  @Field(() => String, { nullable: true, description: 'quote: who said it.' })
  @ApiPropertyOptional({ description: 'quote: who said it.', example: 'Vladimir Putin' })
  @IsOptional()
  @IsText(300)
  attribution?: string;

  @Field(() => String, { nullable: true, description: 'quote: the words around it ("he said, adding…").' })
  @ApiPropertyOptional({ description: 'quote: the words around it.', example: 'Putin said during a meeting with Russian ambassadors in Moscow.' })
  @IsOptional()
  @IsText(2000)
  context?: string;

  @Field(() => ID, { nullable: true, description: 'image: the media id.' })
  @ApiPropertyOptional({ format: 'uuid', description: 'image: the media id.' })
  @IsOptional()
  @IsId()
  mediaId?: string;

  @Field(() => String, { nullable: true, description: 'image: caption for this use of the photo.' })
  @ApiPropertyOptional({ description: 'image: caption for this use of the photo.' })
  @IsOptional()
  @IsText(2000)
  caption?: string;

  @Field(() => String, { nullable: true, description: 'embed: the http(s) URL of the embedded content.' })
  @ApiPropertyOptional({ description: 'embed: the http(s) URL.', example: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @Field(() => Boolean, { nullable: true, description: 'list: numbered (true) or bulleted (false, default).' })
  @ApiPropertyOptional({ description: 'list: numbered or bulleted.' })
  @IsOptional()
  @IsBoolean()
  ordered?: boolean;

  @Field(() => [String], { nullable: true, description: 'list: the items.' })
  @ApiPropertyOptional({ type: [String], description: 'list: the items.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsText(2000, { each: true })
  items?: string[];
}

@ObjectType('ParagraphBlock', { description: 'A paragraph of text.' })
export class ParagraphBlockModel {
  @Field(() => BlockTypeEnum, { description: 'Always paragraph.' })
  @ApiProperty({ enum: ['paragraph'] })
  type!: 'paragraph';

  @Field(() => String, { description: 'The text (plain, no markup).' })
  @ApiProperty({ description: 'The text (plain, no markup).' })
  text!: string;
}

@ObjectType('HeadingBlock', { description: 'A subheading.' })
export class HeadingBlockModel {
  @Field(() => BlockTypeEnum, { description: 'Always heading.' })
  @ApiProperty({ enum: ['heading'] })
  type!: 'heading';

  @Field(() => String, { description: 'The heading text.' })
  @ApiProperty()
  text!: string;

  @Field(() => Int, { description: 'HTML heading level, 2–4.' })
  @ApiProperty({ type: 'integer', minimum: 2, maximum: 4 })
  level!: number;
}

@ObjectType('QuoteBlock', { description: 'A quotation with who said it and the words around it.' })
export class QuoteBlockModel {
  @Field(() => BlockTypeEnum, { description: 'Always quote.' })
  @ApiProperty({ enum: ['quote'] })
  type!: 'quote';

  @Field(() => String, { description: 'The quoted words.' })
  @ApiProperty({ example: 'We cannot just passively observe events…' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'Who said it.' })
  @ApiProperty({ nullable: true, type: String, example: 'Vladimir Putin' })
  attribution!: string | null;

  @Field(() => String, { nullable: true, description: 'The words around the quote, as printed after it.' })
  @ApiProperty({ nullable: true, type: String, example: 'Putin said during a meeting with Russian ambassadors in Moscow.' })
  context!: string | null;
}

@ObjectType('ImageBlock', { description: 'A photo inside the body.' })
export class ImageBlockModel {
  @Field(() => BlockTypeEnum, { description: 'Always image.' })
  @ApiProperty({ enum: ['image'] })
  type!: 'image';

  @Field(() => ID, { description: 'The media id (GraphQL: resolve `media` for the record).' })
  @ApiProperty({ format: 'uuid' })
  mediaId!: string;

  @Field(() => String, { nullable: true, description: 'Caption for this use of the photo.' })
  @ApiProperty({ nullable: true, type: String })
  caption!: string | null;
}

@ObjectType('EmbedBlock', { description: 'Embedded third-party content, by URL.' })
export class EmbedBlockModel {
  @Field(() => BlockTypeEnum, { description: 'Always embed.' })
  @ApiProperty({ enum: ['embed'] })
  type!: 'embed';

  @Field(() => String, { description: 'The http(s) URL.' })
  @ApiProperty()
  url!: string;
}

@ObjectType('ListBlock', { description: 'A bulleted or numbered list.' })
export class ListBlockModel {
  @Field(() => BlockTypeEnum, { description: 'Always list.' })
  @ApiProperty({ enum: ['list'] })
  type!: 'list';

  @Field(() => Boolean, { description: 'Numbered (true) or bulleted (false).' })
  @ApiProperty()
  ordered!: boolean;

  @Field(() => [String], { description: 'The items.' })
  @ApiProperty({ type: [String] })
  items!: string[];
}

export const BLOCK_MODELS = [ParagraphBlockModel, HeadingBlockModel, QuoteBlockModel, ImageBlockModel, EmbedBlockModel, ListBlockModel];

const MODEL_BY_TYPE: Record<BlockType, (typeof BLOCK_MODELS)[number]> = {
  paragraph: ParagraphBlockModel,
  heading: HeadingBlockModel,
  quote: QuoteBlockModel,
  image: ImageBlockModel,
  embed: EmbedBlockModel,
  list: ListBlockModel,
};

/**
 * OpenAPI schema of one body block (Article.body, ArticleRevision.body). The mapping names the `type`
 * each model is sent with: without it a discriminator's values are the schema names ("ParagraphBlockModel").
 */
export const BODY_BLOCK_SCHEMA = {
  oneOf: BLOCK_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(Object.entries(MODEL_BY_TYPE).map(([type, model]) => [type, getSchemaPath(model)])),
  },
};

export const BodyBlockUnion = createUnionType({
  name: 'BodyBlock',
  description: 'One block of an article body; query the fields of each type with `... on QuoteBlock { … }`.',
  types: () => BLOCK_MODELS,
  resolveType: (block: { type: BlockType }) => MODEL_BY_TYPE[block.type],
});
