import { Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsNumber, IsOptional, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { IsSingleLine, IsText } from '../../common/validation/decorators.js';
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

@ObjectType('Media', { description: 'A media file (a photo, for now) with its rights metadata and caption.' })
export class MediaModel {
  @Prop({ type: () => ID, description: 'Media id.', example: '5c7e2a0d-3b1f-4e8a-9c44-0f2d6b9a7e13' })
  id!: string;

  @Prop({ type: () => MediaKindEnum, enum: MediaKindEnum, enumName: 'MediaKind', description: 'What the file is.', example: 'image' })
  kind!: MediaKind;

  @Prop({ type: () => String, description: 'MIME type of the file, detected from its bytes.', example: 'image/jpeg' })
  mimeType!: string;

  @Prop({ type: () => Int, description: 'File size in bytes.', example: 182344 })
  size!: number;

  @Prop({
    type: () => String,
    description: 'SHA-256 of the bytes, lowercase hex; also the ETag of the file.',
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
