import { GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Prop } from '../../common/api/prop.js';

@ObjectType('PreviewToken', { description: 'A signed link that shows one unpublished article until it expires.' })
export class PreviewTokenModel {
  @Prop({ type: () => String, description: 'The token: pass it to GET /api/v1/preview/{token} or GraphQL articlePreview(token).' })
  token!: string;

  @Prop({ type: () => GraphQLISODateTime, description: 'When the token stops working (PREVIEW_TOKEN_TTL_SECONDS after issue).' })
  expiresAt!: Date;

  @Prop({ type: () => String, description: 'The REST preview URL, ready to open.' })
  url!: string;
}
