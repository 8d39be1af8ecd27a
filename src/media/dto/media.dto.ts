import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsUrl, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { PageInfoModel } from '../../common/graphql/page-info.model.js';
import { PageInfoDto } from '../../common/pagination/page.js';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { IsSingleLine, IsText } from '../../common/validation/decorators.js';
import { RENDITION_ASPECTS, RENDITION_FORMATS, RENDITION_WIDTHS, type RenditionAspect, type RenditionFormat } from '../renditions/renditions.js';
import { MEDIA_KINDS, type MediaKind } from '../media.entity.js';

export const MediaKindEnum = Object.fromEntries(MEDIA_KINDS.map((k) => [k, k])) as Record<MediaKind, MediaKind>;
registerEnumType(MediaKindEnum, { name: 'MediaKind', description: 'What a media file is: image, video or document.' });

@ObjectType('FocalPoint', {
  description: 'The point of interest of an image, kept in view when it is cropped; fractions of the width and height from the top left.',
})
export class FocalPointModel {
  @Prop({
    type: () => Float,
    description: 'Horizontal position, 0 (left edge) to 1 (right edge).',
    example: 0.5,
    openapi: { minimum: 0, maximum: 1 },
  })
  x!: number;

  @Prop({ type: () => Float, description: 'Vertical position, 0 (top edge) to 1 (bottom edge).', example: 0.35, openapi: { minimum: 0, maximum: 1 } })
  y!: number;
}

@ObjectType('Rendition', { description: 'One ready-made size of a picture; the list is srcset-ready (`url width`w).' })
export class RenditionModel {
  @Prop({
    type: () => String,
    description: 'Absolute URL of this rendition.',
    example: 'https://cms.example.com/api/v1/media/5c7e…/file?width=640&format=webp&aspect=original&v=c',
  })
  url!: string;

  @Prop({ type: () => Int, description: 'Width in pixels.', example: 640 })
  width!: number;

  @Prop({ type: () => Int, description: 'Height in pixels.', example: 360 })
  height!: number;

  @Prop({ type: () => String, description: 'jpeg, webp or avif.', example: 'webp' })
  format!: string;

  @Prop({ type: () => String, description: 'Aspect ratio: original, 16:9, 4:3, 3:2, 1:1, 4:5 or 9:16.', example: 'original' })
  aspect!: string;
}

@ObjectType('Media', { description: 'A media file (photo, video or document) with its rights metadata, caption and renditions.' })
export class MediaModel {
  @Prop({ type: () => ID, description: 'Media id.', example: '5c7e2a0d-3b1f-4e8a-9c44-0f2d6b9a7e13' })
  id!: string;

  @Prop({ type: () => MediaKindEnum, enum: MediaKindEnum, enumName: 'MediaKind', description: 'What the file is.', example: 'image' })
  kind!: MediaKind;

  @Prop({ type: () => String, description: 'MIME type of the file, detected from its bytes.', example: 'image/jpeg' })
  mimeType!: string;

  @Prop({ type: () => Int, description: 'Size of the upload in bytes (the served copy, without private metadata, may be smaller).', example: 182344 })
  size!: number;

  @Prop({
    type: () => String,
    description:
      'SHA-256 of the uploaded bytes, lowercase hex: the same upload twice is one record. (What is served has private metadata stripped, so its bytes differ.)',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256!: string;

  @Prop({
    type: () => Int,
    nullable: true,
    description: 'Width in pixels as displayed (EXIF orientation applied); null when not an image.',
    example: 1600,
  })
  width!: number | null;

  @Prop({
    type: () => Int,
    nullable: true,
    description: 'Height in pixels as displayed (EXIF orientation applied); null when not an image.',
    example: 900,
  })
  height!: number | null;

  @Prop({
    type: () => String,
    description: 'Absolute URL of the original file.',
    example: 'https://cms.example.com/api/v1/media/5c7e2a0d-3b1f-4e8a-9c44-0f2d6b9a7e13/file',
    openapi: { format: 'uri' },
  })
  url!: string;

  @Prop({ type: () => String, nullable: true, description: 'Caption shown with the picture.', example: 'Diplomats meet in Moscow.' })
  caption!: string | null;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'Text alternative for screen readers and when the image cannot be shown.',
    example: 'Two men shaking hands in front of flags.',
  })
  altText!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Who made the picture (photographer).', example: 'Mikhail Klementiev' })
  creator!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Agency or outlet the picture comes from.', example: 'RIA Novosti' })
  source!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Copyright notice.', example: '© RIA Novosti' })
  copyrightNotice!: string | null;

  @Prop({
    type: () => String,
    nullable: true,
    description:
      'Credit line to show: the one an editor set, else made from the copyright notice (or source) and the creator; null when nothing is known.',
    example: '© RIA Novosti . Mikhail Klementiev',
  })
  creditLine!: string | null;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'Page of the picture in the media bank it was licensed from.',
    example: 'https://mediabank.example.com/photos/123456',
  })
  mediabankUrl!: string | null;

  @Prop({
    type: () => FocalPointModel,
    nullable: true,
    description: 'Point of interest to keep in view when cropping; null when not set (crop around the centre).',
  })
  focalPoint!: FocalPointModel | null;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'Credit as the file carries it (IPTC Credit Line), usually the provider.',
    example: 'RIA Novosti',
  })
  credit!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Headline from the photo metadata.', example: 'Putin meets Russian ambassadors' })
  headline!: string | null;

  @Prop({ type: () => [String], description: 'Keywords from the photo metadata.', example: ['diplomacy', 'Vladimir Putin'] })
  keywords!: string[];

  @Prop({ type: () => String, nullable: true, description: 'City where the picture was taken.', example: 'Moscow' })
  city!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Country where the picture was taken.', example: 'Russia' })
  country!: string | null;

  @Prop({
    type: () => [RenditionModel],
    description: 'Ready-made sizes in WebP and JPEG, up to the picture’s own width (empty for video and documents).',
  })
  renditions!: RenditionModel[];

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When the picture was taken, if known.' })
  dateCreated!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, description: 'When the file was added.' })
  createdAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, description: 'Last change.' })
  updatedAt!: Date;
}

@InputType({ description: 'Changes to a media record; fields left out stay as they are, null clears a field. The file itself never changes.' })
export class UpdateMediaInput {
  @Prop({ type: () => String, optional: true, description: 'Caption shown with the picture; null clears it.' })
  @IsOptional()
  @IsText(2000)
  caption?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Text alternative for screen readers; null clears it.' })
  @IsOptional()
  @IsText(2000)
  altText?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Who made the picture; null clears it.', example: 'Mikhail Klementiev' })
  @IsOptional()
  @IsSingleLine(200)
  creator?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Agency or outlet the picture comes from; null clears it.', example: 'RIA Novosti' })
  @IsOptional()
  @IsSingleLine(200)
  source?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Copyright notice; null clears it.', example: '© RIA Novosti' })
  @IsOptional()
  @IsSingleLine(300)
  copyrightNotice?: string | null;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Credit line to show instead of the rendered one; null goes back to the rendered one.',
    example: '© RIA Novosti . Mikhail Klementiev',
  })
  @IsOptional()
  @IsSingleLine(300)
  creditLine?: string | null;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Page of the picture in its media bank (http or https); null clears it.',
    example: 'https://mediabank.example.com/photos/123456',
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true },
    { message: '$property must be an http or https URL' },
  )
  @MaxLength(2000)
  mediabankUrl?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Credit (provider) as IPTC Credit Line; null clears it.' })
  @IsOptional()
  @IsSingleLine(200)
  credit?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Headline; null clears it.' })
  @IsOptional()
  @IsSingleLine(300)
  headline?: string | null;

  @Prop({ type: () => String, optional: true, description: 'City where it was taken; null clears it.' })
  @IsOptional()
  @IsSingleLine(200)
  city?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Country where it was taken; null clears it.' })
  @IsOptional()
  @IsSingleLine(200)
  country?: string | null;

  @Prop({
    type: () => Float,
    optional: true,
    description: 'Focal point, horizontal, 0..1 from the left; give focalY too. Both null clear the focal point.',
    example: 0.5,
    openapi: { minimum: 0, maximum: 1 },
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  focalX?: number | null;

  @Prop({
    type: () => Float,
    optional: true,
    description: 'Focal point, vertical, 0..1 from the top; give focalX too. Both null clear the focal point.',
    example: 0.35,
    openapi: { minimum: 0, maximum: 1 },
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  focalY?: number | null;
}

/** `GET /media/{id}/file`: the original, or one rendition from the fixed grid. */
export class MediaFileQuery {
  @ApiPropertyOptional({ enum: RENDITION_WIDTHS, type: 'integer', description: 'Rendition width; one of the fixed set (anything else is a 400).' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(RENDITION_WIDTHS as unknown as number[], { message: `width must be one of ${RENDITION_WIDTHS.join(', ')}` })
  width?: number;

  @ApiPropertyOptional({ enum: RENDITION_FORMATS, description: 'Rendition format (default jpeg).' })
  @IsOptional()
  @IsIn(RENDITION_FORMATS, { message: `format must be one of ${RENDITION_FORMATS.join(', ')}` })
  format?: RenditionFormat;

  @ApiPropertyOptional({ enum: RENDITION_ASPECTS, description: 'Aspect ratio of the crop, centred on the focal point (default original).' })
  @IsOptional()
  @IsIn(RENDITION_ASPECTS, { message: `aspect must be one of ${RENDITION_ASPECTS.join(', ')}` })
  aspect?: RenditionAspect;

  @ApiPropertyOptional({ description: 'Cache-busting version from the renditions list (changes with the focal point); not otherwise used.' })
  @IsOptional()
  @Matches(/^[0-9cx]{1,20}$/)
  v?: string;
}

/** Narrow the media library. */
@InputType('MediaFilter', { description: 'Narrow the media library.' })
export class MediaFilter {
  @Prop({ type: () => MediaKindEnum, enum: MediaKindEnum, enumName: 'MediaKind', optional: true, description: 'Only this kind.' })
  @IsOptional()
  @IsIn(MEDIA_KINDS)
  kind?: MediaKind;

  @Prop({ type: () => String, optional: true, description: 'Only pictures by this creator (exact).' })
  @IsOptional()
  @IsSingleLine(200)
  creator?: string;
}

export class MediaListQuery extends MediaFilter {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

@ArgsType()
export class MediaListArgs extends ConnectionArgs {
  @Field(() => MediaFilter, { nullable: true, description: 'Filters.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MediaFilter)
  filter?: MediaFilter;
}

@ObjectType({ description: 'One media record in a connection.' })
export class MediaEdge {
  @Field(() => String, { description: 'Cursor of this record.' })
  cursor!: string;

  @Field(() => MediaModel, { description: 'The media record.' })
  node!: MediaModel;
}

@ObjectType({ description: 'A page of the media library, newest first (Relay connection).' })
export class MediaConnection {
  @Field(() => [MediaEdge], { description: 'The records of this page.' })
  edges!: MediaEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

export class MediaListResponse {
  @ApiProperty({ type: [MediaModel], description: 'The records of this page.' })
  data!: MediaModel[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}
