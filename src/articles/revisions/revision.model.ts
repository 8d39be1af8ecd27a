import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Prop } from '../../common/api/prop.js';
import { ArticleStatusEnum } from '../dto/article.model.js';
import type { ArticleStatus } from '../article.entity.js';
import { BODY_BLOCK_SCHEMA, BodyBlockUnion } from '../body/block.dto.js';
import type { BodyBlock } from '../body/blocks.js';
import type { ArticleRevisionEntity } from './article-revision.entity.js';
import type { FieldChange } from './snapshot.js';

@ObjectType('ArticleRevision', { description: 'One saved version of an article: the full state, who saved it, and why.' })
export class RevisionModel {
  @Prop({ type: () => Int, description: 'The article version this revision is.', example: 3 })
  version!: number;

  @Prop({
    type: () => String,
    description: 'What made it: create, update, submit, schedule, publish, unpublish, archive, restore…',
    example: 'update',
  })
  action!: string;

  @Prop({ type: () => ID, nullable: true, description: 'The user behind the change (null for the scheduler).' })
  actorId!: string | null;

  @Prop({ type: () => String, description: 'Who saved it: an email, `api-key:<prefix>` or `system:scheduler`.', example: 'editor@example.com' })
  actorLabel!: string;

  @Prop({ type: () => String, nullable: true, description: 'The revision note.' })
  note!: string | null;

  @Prop({ type: () => GraphQLISODateTime, description: 'When it was saved.' })
  createdAt!: Date;

  @Prop({ type: () => String, description: 'Slug at that version.' })
  slug!: string;

  @Prop({ type: () => String, description: 'Headline at that version.' })
  headline!: string;

  @Prop({ type: () => String, nullable: true, description: 'Lead at that version.' })
  lead!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Dateline at that version.' })
  dateline!: string | null;

  @Field(() => [BodyBlockUnion], { description: 'Body at that version.' })
  @ApiProperty({ type: 'array', items: BODY_BLOCK_SCHEMA, description: 'Body blocks at that version (same shapes as Article.body).' })
  body!: BodyBlock[];

  @Prop({ type: () => ID, description: 'Section id at that version.' })
  sectionId!: string;

  @Prop({ type: () => [ID], description: 'Tag ids at that version, in order.' })
  tagIds!: string[];

  @Prop({ type: () => [ID], description: 'Author ids at that version, in order.' })
  authorIds!: string[];

  @Prop({ type: () => ID, nullable: true, description: 'Main image id at that version.' })
  mainImageId!: string | null;

  @Prop({ type: () => ArticleStatusEnum, enum: ArticleStatusEnum, enumName: 'ArticleStatus', description: 'Workflow state at that version.' })
  status!: ArticleStatus;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'Embargo at that version.' })
  embargoUntil!: Date | null;
}

export function toRevisionModel(revision: ArticleRevisionEntity): RevisionModel {
  const s = revision.snapshot;
  return {
    version: revision.version,
    action: revision.action,
    actorId: revision.actorId,
    actorLabel: revision.actorLabel,
    note: revision.note,
    createdAt: revision.createdAt,
    slug: s.slug,
    headline: s.headline,
    lead: s.lead,
    dateline: s.dateline,
    body: s.body,
    sectionId: s.sectionId,
    tagIds: s.tagIds,
    authorIds: s.authorIds,
    mainImageId: s.mainImageId,
    status: s.status,
    embargoUntil: s.embargoUntil ? new Date(s.embargoUntil) : null,
  };
}

/** Any JSON value, for OpenAPI (a bare `type: object` would admit no string, number or array). */
const JSON_VALUE = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'array', items: {} },
  { type: 'object', additionalProperties: true },
];

@ObjectType('FieldChange', { description: 'One field that differs between two revisions.' })
export class FieldChangeModel {
  @Field(() => String, { description: 'The field name (as in ArticleRevision; tags and authors as tagIds / authorIds).' })
  @ApiProperty({ example: 'headline' })
  field!: string;

  @Field(() => String, { description: 'The value in the older revision, JSON-encoded.' })
  @ApiProperty({ description: 'The value in the first revision (any JSON value).', oneOf: JSON_VALUE, nullable: true, example: 'Old headline' })
  from!: unknown;

  @Field(() => String, { description: 'The value in the newer revision, JSON-encoded.' })
  @ApiProperty({ description: 'The value in the second revision (any JSON value).', oneOf: JSON_VALUE, nullable: true, example: 'New headline' })
  to!: unknown;
}

/** GraphQL has no "any" type for content, so each value travels as its JSON text. */
export const toGraphqlChange = (change: FieldChange): FieldChangeModel => ({
  field: change.field,
  from: JSON.stringify(change.from),
  to: JSON.stringify(change.to),
});
