import { ApiProperty } from '@nestjs/swagger';
import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { Prop } from '../../common/api/prop.js';
import { PageInfoModel } from '../../common/graphql/page-info.model.js';
import { PageInfoDto } from '../../common/pagination/page.js';
import { IsDateTimeWithOffset, IsId, IsSingleLine } from '../../common/validation/decorators.js';

/** `article.publish`, or a prefix query `article.*`. */
export const ACTION_FILTER_PATTERN = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*(?:\.\*)?$/;

@ObjectType('AuditEntry', { description: 'One write, as the append-only audit log keeps it: who, what, which entity, when, with which credential.' })
export class AuditEntryModel {
  @Prop({ type: () => ID, description: 'Entry id.', example: '5d0c3f4e-2b8a-4f7e-9a51-0c6f3e1d2b7a' })
  id!: string;

  @Prop({ type: () => GraphQLISODateTime, description: 'When the write happened (UTC).' })
  at!: Date;

  @Prop({ type: () => String, description: 'Who acted: `user` (a signed-in account), `apiKey` or `system` (e.g. the scheduler).', example: 'user' })
  actorKind!: string;

  @Prop({
    type: () => ID,
    nullable: true,
    description: 'The user behind the write (for an API key, the user who created it); null for the system.',
    example: '0b7f1c52-8d8e-4f0c-9d61-2f7f7d3c1a10',
  })
  actorId!: string | null;

  @Prop({
    type: () => String,
    description: "A readable name for the actor: the user's email, `api-key:<prefix>` or the system component.",
    example: 'editor@example.com',
  })
  actorLabel!: string;

  @Prop({
    type: () => String,
    description: 'The credential used: `jwt:<userId>`, `apiKey:<keyId>` or `system:<component>`.',
    example: 'jwt:0b7f1c52-8d8e-4f0c-9d61-2f7f7d3c1a10',
  })
  credential!: string;

  @Prop({ type: () => String, description: 'What was done: `<entityType>.<verb>`, the same for REST and GraphQL.', example: 'article.publish' })
  action!: string;

  @Prop({ type: () => String, description: 'The kind of thing written: article, section, tag, author, media, apiKey, user…', example: 'article' })
  entityType!: string;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'The id of the thing written, when there is one.',
    example: '9a3e1d2b-7c6f-4e1d-8b2a-5f0c3d4e6a7b',
  })
  entityId!: string | null;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'A small JSON object (as a string): the transport and the names (never the values) of the fields sent.',
    example: '{"transport":"rest","fields":["headline","body"]}',
  })
  detail!: string | null;

  @Prop({
    type: () => String,
    nullable: true,
    description: 'The request id (X-Request-Id) of the write, to find it in the server logs.',
    example: 'b7e2c1d0-3f4a-4b5c-8d6e-7f8091a2b3c4',
  })
  requestId!: string | null;
}

/** Filters shared by the REST query string and GraphQL's AuditFilter. */
@InputType('AuditFilter', { description: 'Narrow the audit log. All filters combine (AND).' })
export class AuditFilter {
  @Prop({ type: () => ID, optional: true, description: 'Only writes by this user (API keys count for the user who created them).' })
  @IsOptional()
  @IsId()
  actorId?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Only writes made with this credential, e.g. `apiKey:<keyId>`.',
    example: 'system:scheduler',
  })
  @IsOptional()
  @IsSingleLine(64)
  credential?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'An exact action (`article.publish`), or all actions under a prefix (`article.*`).',
    example: 'article.*',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ACTION_FILTER_PATTERN, { message: '$property must be an action such as "article.publish", or a prefix such as "article.*"' })
  action?: string;

  @Prop({ type: () => String, optional: true, description: 'Only writes to this kind of entity.', example: 'section' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(/^[A-Za-z][A-Za-z0-9]*$/, { message: '$property must be an entity type such as "article" or "apiKey"' })
  entityType?: string;

  @Prop({ type: () => String, optional: true, description: 'Only writes to the entity with this id (usually with `entityType`).' })
  @IsOptional()
  @IsSingleLine(200)
  entityId?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Entries at or after this moment (ISO 8601 with an offset).',
    example: '2026-11-28T00:00:00+03:00',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  since?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Entries before this moment (ISO 8601 with an offset).',
    example: '2026-11-29T00:00:00+03:00',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  until?: string;
}

/** REST `GET /audit` query string. */
export class AuditQuery extends AuditFilter {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => AuditFilter, { nullable: true, description: 'Filters.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditFilter)
  filter?: AuditFilter;
}

@ObjectType({ description: 'One audit entry in a connection.' })
export class AuditEntryEdge {
  @Field(() => String, { description: 'Cursor of this entry; pass as `after` to continue from here.' })
  cursor!: string;

  @Field(() => AuditEntryModel, { description: 'The entry.' })
  node!: AuditEntryModel;
}

@ObjectType({ description: 'A page of audit entries, newest first (Relay connection).' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'The entries of this page.' })
  edges!: AuditEntryEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

/** REST list envelope. */
export class AuditListResponse {
  @ApiProperty({ type: [AuditEntryModel], description: 'The entries of this page, newest first.' })
  data!: AuditEntryModel[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}
