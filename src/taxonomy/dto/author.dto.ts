import { ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { IsId, IsSingleLine, IsSlug, IsText } from '../../common/validation/decorators.js';
import { MediaModel } from '../../media/dto/media.dto.js';

@ObjectType('Author', { description: 'A byline: a journalist or contributor who writes articles.' })
export class AuthorModel {
  @Prop({ type: () => ID, description: 'Author id.', example: '9a4e2b1c-6d7f-4a3b-8c2d-1e0f9b8a7c6d' })
  id!: string;

  @Prop({ type: () => String, description: 'URL slug, unique among authors.', example: 'jane-doe' })
  slug!: string;

  @Prop({ type: () => String, description: 'Name as shown in the byline.', example: 'Jane Doe' })
  name!: string;

  @Prop({ type: () => String, nullable: true, description: 'A short biography.', example: 'Jane Doe covers energy and climate from Brussels.' })
  bio!: string | null;

  @Prop({ type: () => ID, nullable: true, description: 'Id of the portrait in the media library.' })
  photoId!: string | null;

  @Prop({ type: () => MediaModel, nullable: true, description: 'The portrait, from the media library.' })
  photo!: MediaModel | null;
}

@InputType({ description: 'A new author.' })
export class CreateAuthorInput {
  @Prop({ type: () => String, optional: true, description: 'URL slug; made from the name when left out.', example: 'jane-doe' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, description: 'Name as shown in the byline.', example: 'Jane Doe' })
  @IsSingleLine(200)
  name!: string;

  @Prop({ type: () => String, optional: true, description: 'A short biography.', example: 'Jane Doe covers energy and climate from Brussels.' })
  @IsOptional()
  @IsText(5000)
  bio?: string;

  @Prop({ type: () => ID, optional: true, description: 'The portrait: the id of an item in the media library.' })
  @IsOptional()
  @IsId()
  photo?: string;
}

@InputType({ description: 'Changes to an author; fields left out stay as they are, null removes the bio or photo.' })
export class UpdateAuthorInput {
  @Prop({ type: () => String, optional: true, description: 'New URL slug.' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, optional: true, description: 'Name as shown in the byline.' })
  @IsOptional()
  @IsSingleLine(200)
  name?: string;

  @Prop({ type: () => String, optional: true, nullable: true, description: 'A short biography; null removes it.' })
  @IsOptional()
  @IsText(5000)
  bio?: string | null;

  @Prop({ type: () => ID, optional: true, nullable: true, description: 'The portrait, by media id; null removes it.' })
  @IsOptional()
  @IsId()
  photo?: string | null;
}
