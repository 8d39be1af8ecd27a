import { ApiKeyEntity } from '../auth/api-key.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { ArticleAuthorEntity, ArticleEntity, ArticleMediaEntity, ArticleTagEntity } from '../articles/article.entity.js';
import { ArticleCorrectionEntity } from '../articles/revisions/article-correction.entity.js';
import { ArticleRevisionEntity } from '../articles/revisions/article-revision.entity.js';
import { CommentEntity, CommentReportEntity } from '../comments/comment.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { MediaEntity } from '../media/media.entity.js';
import { ReaderProfileEntity, ReaderTokenEntity, RefreshTokenEntity } from '../readers/reader.entity.js';
import { OutboxJobEntity } from '../outbox/outbox-job.entity.js';
import { SectionEntity } from '../sections/section.entity.js';
import {
  SubscriptionDigestItemEntity,
  SubscriptionEntity,
  SubscriptionSectionEntity,
  SubscriptionTagEntity,
} from '../subscriptions/subscription.entity.js';
import { IngestedItemEntity } from '../syndication/ninjs/ingested-item.entity.js';
import { AuthorEntity } from '../taxonomy/author.entity.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity.js';
import { WebhookEntity } from '../webhooks/webhook.entity.js';

export const ENTITIES = [
  UserEntity,
  ApiKeyEntity,
  SectionEntity,
  TagEntity,
  AuthorEntity,
  MediaEntity,
  ArticleEntity,
  ArticleTagEntity,
  ArticleAuthorEntity,
  ArticleMediaEntity,
  ArticleRevisionEntity,
  ArticleCorrectionEntity,
  AuditEntryEntity,
  IngestedItemEntity,
  OutboxJobEntity,
  SubscriptionEntity,
  SubscriptionSectionEntity,
  SubscriptionTagEntity,
  SubscriptionDigestItemEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  ReaderProfileEntity,
  RefreshTokenEntity,
  ReaderTokenEntity,
  CommentEntity,
  CommentReportEntity,
];
