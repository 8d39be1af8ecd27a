import { InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsSingleLine } from '../validation/decorators.js';
import { Prop } from './prop.js';

/** What search engines are told about a page: shared by article and section input. */
@InputType({ isAbstract: true })
export class SeoFieldsInput {
  @Prop({ type: () => String, optional: true, description: 'Title for search engines.' })
  @IsOptional()
  @IsSingleLine(200)
  seoTitle?: string;

  @Prop({ type: () => String, optional: true, description: 'Description for search engines.' })
  @IsOptional()
  @IsSingleLine(500)
  seoDescription?: string;
}
