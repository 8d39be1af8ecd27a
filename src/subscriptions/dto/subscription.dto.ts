import { GraphQLISODateTime, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { IsLocale, IsSingleLine, IsSlugOrId } from '../../common/validation/decorators.js';
import { SUBSCRIPTION_FREQUENCIES, SUBSCRIPTION_STATUSES, type SubscriptionFrequency, type SubscriptionStatus } from '../subscription.entity.js';

export const SubscriptionFrequencyEnum = Object.fromEntries(SUBSCRIPTION_FREQUENCIES.map((f) => [f, f])) as Record<
  SubscriptionFrequency,
  SubscriptionFrequency
>;
registerEnumType(SubscriptionFrequencyEnum, {
  name: 'SubscriptionFrequency',
  description: 'instant: an email per article as it is published; daily: one digest a day.',
});

export const SubscriptionStatusEnum = Object.fromEntries(SUBSCRIPTION_STATUSES.map((s) => [s, s])) as Record<SubscriptionStatus, SubscriptionStatus>;
registerEnumType(SubscriptionStatusEnum, {
  name: 'SubscriptionStatus',
  description: 'pending: waiting for the confirmation link; active: receiving email; unsubscribed.',
});

/** Confirmation and unsubscribe tokens are 43 URL-safe characters; a little slack for future formats. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

@InputType({ description: 'A reader asks for email about sections, tags and/or breaking news of one edition.' })
export class SubscribeInput {
  @Prop({ type: () => String, description: 'The reader’s email address (one address, no display name).', example: 'reader@example.com' })
  @IsSingleLine(254, 3)
  @IsEmail(
    { allow_display_name: false, require_tld: true, allow_ip_domain: false, allow_utf8_local_part: false },
    { message: 'email must be an email address' },
  )
  email!: string;

  @Prop({
    type: () => [String],
    optional: true,
    description: 'Sections to follow, by slug (in this locale) or id; at most 50.',
    example: ['russia'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsSlugOrId({ each: true })
  sections?: string[];

  @Prop({ type: () => [String], optional: true, description: 'Tags to follow, by slug or id; at most 100.', example: ['diplomacy'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsSlugOrId({ each: true })
  tags?: string[];

  @Prop({ type: () => Boolean, optional: true, description: 'Also every breaking news article of this locale (default false).', example: true })
  @IsOptional()
  @IsBoolean()
  breakingNews?: boolean;

  @Prop({ type: () => String, optional: true, description: 'The edition (BCP 47 locale); DEFAULT_LOCALE when left out.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @Prop({
    type: () => SubscriptionFrequencyEnum,
    enum: SubscriptionFrequencyEnum,
    enumName: 'SubscriptionFrequency',
    optional: true,
    description: 'instant (default) or daily.',
    example: 'instant',
  })
  @IsOptional()
  @IsIn(SUBSCRIPTION_FREQUENCIES)
  frequency?: SubscriptionFrequency;
}

@InputType({ description: 'A token from a subscription email (confirmation or unsubscribe link).' })
export class SubscriptionTokenInput {
  @Prop({
    type: () => String,
    description: 'The `token` parameter of the link in the email.',
    example: 'qL2m0c1V9nq6b8gW3yQv2a7o4FZkS5xJYtRkU0cHf3E',
  })
  @IsString()
  @MaxLength(128)
  @Matches(TOKEN_PATTERN, { message: 'token must be the token from the email link' })
  token!: string;
}

@ObjectType({ description: 'The answer to a subscribe request; the same whether or not the address is known.' })
export class SubscribeResult {
  @Prop({ type: () => Boolean, description: 'Always true: the request was taken.', example: true })
  accepted!: boolean;

  @Prop({
    type: () => String,
    description: 'What happens next.',
    example: 'If this address can receive email, a confirmation link is on its way. Nothing else is sent until it is used.',
  })
  message!: string;
}

@ObjectType('ReaderSubscription', { description: 'A reader’s email subscription, as its confirmation or unsubscribe link shows it.' })
export class ReaderSubscriptionModel {
  @Prop({ type: () => String, description: 'The subscribed address.', example: 'reader@example.com' })
  email!: string;

  @Prop({ type: () => String, description: 'The edition (BCP 47 locale).', example: 'en' })
  locale!: string;

  @Prop({ type: () => SubscriptionStatusEnum, enum: SubscriptionStatusEnum, enumName: 'SubscriptionStatus', description: 'Where it stands.' })
  status!: SubscriptionStatus;

  @Prop({
    type: () => SubscriptionFrequencyEnum,
    enum: SubscriptionFrequencyEnum,
    enumName: 'SubscriptionFrequency',
    description: 'instant or daily.',
  })
  frequency!: SubscriptionFrequency;

  @Prop({ type: () => [String], description: 'Slugs of the sections followed.', example: ['russia'] })
  sections!: string[];

  @Prop({ type: () => [String], description: 'Slugs of the tags followed.', example: ['diplomacy'] })
  tags!: string[];

  @Prop({ type: () => Boolean, description: 'Whether breaking news of the locale is included.' })
  breakingNews!: boolean;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When the address was confirmed.' })
  confirmedAt!: Date | null;
}
