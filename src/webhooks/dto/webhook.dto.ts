import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { PageInfoModel } from '../../common/graphql/page-info.model.js';
import { PageInfoDto } from '../../common/pagination/page.js';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { IsSingleLine } from '../../common/validation/decorators.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook-delivery.entity.js';
import { WEBHOOK_EVENTS } from '../webhook-events.js';

export const MIN_SECRET_LENGTH = 24;
const EVENTS_TEXT = WEBHOOK_EVENTS.join(', ');

export const DeliveryStatusEnum = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, s])) as Record<DeliveryStatus, DeliveryStatus>;
registerEnumType(DeliveryStatusEnum, {
  name: 'WebhookDeliveryStatus',
  description: 'pending (waiting for its next attempt), succeeded (a 2xx answer) or failed (out of attempts, or refused).',
});

/** Present: must be a value of the right type (null is refused, not read as "leave it"). */
const IfGiven = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

const IsEventList = () =>
  applyDecorators(
    IsArray(),
    ArrayNotEmpty({ message: '$property must name at least one event' }),
    ArrayMaxSize(WEBHOOK_EVENTS.length),
    ArrayUnique({ message: '$property must not name an event twice' }),
    IsIn(WEBHOOK_EVENTS, { each: true, message: `each of $property must be one of: ${EVENTS_TEXT}` }),
  );

@InputType({ description: 'A new webhook: where to send which events.' })
export class CreateWebhookInput {
  @Prop({
    type: () => String,
    description: 'Where deliveries are POSTed: http(s), no credentials; internal addresses are refused unless WEBHOOK_ALLOWED_HOSTS names the host.',
    example: 'https://frontend.example.com/api/revalidate',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @Prop({ type: () => [String], description: `The events it receives: ${EVENTS_TEXT}.`, example: ['article.published', 'article.updated'] })
  @IsEventList()
  events!: string[];

  @Prop({
    type: () => String,
    optional: true,
    description: `The signing secret (at least ${MIN_SECRET_LENGTH} characters); left out, one is generated. Either way it is shown in this answer only.`,
    example: 'a-long-random-string-from-your-vault',
  })
  @IsOptional()
  @IsSingleLine(200, MIN_SECRET_LENGTH)
  secret?: string;

  @Prop({ type: () => String, optional: true, description: 'What it is for.', example: 'Next.js frontend: revalidate pages' })
  @IsOptional()
  @IsSingleLine(200)
  description?: string;

  @Prop({ type: () => Boolean, optional: true, description: 'Whether it receives events (default true).', example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType({ description: 'Changes to a webhook; fields left out stay as they are.' })
export class UpdateWebhookInput {
  @Prop({
    type: () => String,
    optional: true,
    description: 'A new target URL (checked like at creation).',
    example: 'https://frontend.example.com/hook',
  })
  @IfGiven()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @Prop({ type: () => [String], optional: true, description: `The events it receives: ${EVENTS_TEXT}.`, example: ['media.created'] })
  @IfGiven()
  @IsEventList()
  events?: string[];

  @Prop({
    type: () => String,
    optional: true,
    description: `A new signing secret (at least ${MIN_SECRET_LENGTH} characters), used from the next attempt on: this is how a secret is rotated.`,
  })
  @IfGiven()
  @IsSingleLine(200, MIN_SECRET_LENGTH)
  secret?: string;

  @Prop({ type: () => String, optional: true, nullable: true, description: 'What it is for; null clears it.' })
  @IsOptional()
  @IsSingleLine(200)
  description?: string | null;

  @Prop({
    type: () => Boolean,
    optional: true,
    description: 'false stops deliveries (pending ones are marked failed at their next attempt); true resumes.',
    example: false,
  })
  @IfGiven()
  @IsBoolean()
  active?: boolean;
}

@ObjectType('Webhook', { description: 'A receiver of events, signed with its secret (which is shown only when it is created).' })
export class WebhookModel {
  @Prop({ type: () => ID, description: 'Webhook id.', example: '3f0d2c9e-6a1b-4c7d-8e2f-5a4b3c2d1e0f' })
  id!: string;

  @Prop({ type: () => String, description: 'Where deliveries are POSTed.', example: 'https://frontend.example.com/api/revalidate' })
  url!: string;

  @Prop({ type: () => String, nullable: true, description: 'What it is for.', example: 'Next.js frontend: revalidate pages' })
  description!: string | null;

  @Prop({ type: () => [String], description: 'The events it receives.', example: ['article.published', 'article.updated'] })
  events!: string[];

  @Prop({ type: () => Boolean, description: 'Whether it receives events.', example: true })
  active!: boolean;

  @Prop({ type: () => GraphQLISODateTime, description: 'When it was created.' })
  createdAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, description: 'Last change.' })
  updatedAt!: Date;
}

@ObjectType('CreatedWebhook', { description: 'A new webhook with its signing secret, shown this once.' })
export class CreatedWebhookModel extends WebhookModel {
  @Prop({
    type: () => String,
    description: 'The signing secret: store it now, it cannot be shown again. Verify `Webhook-Signature` with it.',
    example: 'whsec_3q2-7wVhZ1v8dK0mGf5Yx9bT4nR6pL2sE1aC0uJ7oIk',
  })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One event sent to one webhook, with the outcome of its last attempt.' })
export class WebhookDeliveryModel {
  @Prop({
    type: () => ID,
    description: 'Delivery id; sent as `Webhook-Id` and the body `id`, the same on every retry and replay.',
    example: '7b1e0c4d-2f3a-4b5c-9d6e-0f1a2b3c4d5e',
  })
  id!: string;

  @Prop({ type: () => ID, description: 'The webhook.', example: '3f0d2c9e-6a1b-4c7d-8e2f-5a4b3c2d1e0f' })
  webhookId!: string;

  @Prop({ type: () => String, description: 'The event type.', example: 'article.published' })
  eventType!: string;

  @Prop({
    type: () => String,
    description: 'The domain event carried; one delivery per webhook and event.',
    example: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  })
  eventId!: string;

  @Prop({
    type: () => DeliveryStatusEnum,
    enum: DeliveryStatusEnum,
    enumName: 'WebhookDeliveryStatus',
    description: 'Where it stands.',
    example: 'succeeded',
  })
  status!: DeliveryStatus;

  @Prop({ type: () => Int, description: 'Attempts made so far, replays included.', example: 1 })
  attempts!: number;

  @Prop({ type: () => Int, nullable: true, description: 'HTTP status of the last answer; null when none came.', example: 200 })
  lastResponseStatus!: number | null;

  @Prop({ type: () => String, nullable: true, description: 'The start of the last answer’s body (at most 500 characters).', example: 'ok' })
  lastResponseExcerpt!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Why the last attempt failed.', example: 'The receiver answered 503.' })
  lastError!: string | null;

  @Prop({ type: () => Int, nullable: true, description: 'How long the last attempt took, in milliseconds.', example: 84 })
  responseTimeMs!: number | null;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When the next attempt is due (pending deliveries).' })
  nextAttemptAt!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When the last attempt was made.' })
  lastAttemptAt!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When it last succeeded.' })
  deliveredAt!: Date | null;

  @Prop({
    type: () => String,
    description: 'The JSON body sent (`{id, type, occurredAt, data}`), byte for byte, so a signature can be checked against it.',
    example: '{"id":"7b1e0c4d-…","type":"article.published","occurredAt":"2026-11-28T09:30:00.000Z","data":{…}}',
  })
  payload!: string;

  @Prop({ type: () => GraphQLISODateTime, description: 'When the event was queued for this webhook.' })
  createdAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, description: 'Last change.' })
  updatedAt!: Date;
}

/** REST `GET /webhooks` query string. */
export class WebhookListQuery {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

/** REST `GET /webhooks/{id}/deliveries` query string. */
export class DeliveryListQuery extends WebhookListQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, enumName: 'WebhookDeliveryStatus', description: 'Only deliveries in this state.' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

@ArgsType()
export class DeliveriesArgs extends ConnectionArgs {
  @Field(() => DeliveryStatusEnum, { nullable: true, description: 'Only deliveries in this state.' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

@ObjectType({ description: 'One webhook in a connection.' })
export class WebhookEdge {
  @Field(() => String, { description: 'Cursor of this webhook; pass as `after` to continue from here.' })
  cursor!: string;

  @Field(() => WebhookModel, { description: 'The webhook.' })
  node!: WebhookModel;
}

@ObjectType({ description: 'A page of webhooks, newest first (Relay connection).' })
export class WebhookConnection {
  @Field(() => [WebhookEdge], { description: 'The webhooks of this page.' })
  edges!: WebhookEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

@ObjectType({ description: 'One delivery in a connection.' })
export class WebhookDeliveryEdge {
  @Field(() => String, { description: 'Cursor of this delivery; pass as `after` to continue from here.' })
  cursor!: string;

  @Field(() => WebhookDeliveryModel, { description: 'The delivery.' })
  node!: WebhookDeliveryModel;
}

@ObjectType({ description: 'A page of a webhook’s deliveries, newest first (Relay connection).' })
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge], { description: 'The deliveries of this page.' })
  edges!: WebhookDeliveryEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

/** REST list envelopes. */
export class WebhookListResponse {
  @ApiProperty({ type: [WebhookModel], description: 'The webhooks of this page, newest first.' })
  data!: WebhookModel[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}

export class WebhookDeliveryListResponse {
  @ApiProperty({ type: [WebhookDeliveryModel], description: 'The deliveries of this page, newest first.' })
  data!: WebhookDeliveryModel[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}
