import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { publiclyVisibleSql } from '../articles/visibility.js';
import { ArticleEntity } from '../articles/article.entity.js';
import { SectionEntity } from '../sections/section.entity.js';
import { SubscriptionDigestItemEntity, SubscriptionEntity } from './subscription.entity.js';

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** What an article is matched on. */
export interface ArticleTargets {
  locale: string;
  sectionId: string;
  tagIds: string[];
  isBreaking: boolean;
}

export interface DigestArticle {
  articleId: string;
  slug: string;
  locale: string;
  headline: string;
  lead: string | null;
  sectionSlug: string;
}

/** The subscription queries beyond TypeORM's find: matching an article, and the digest's reads. */
@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get yes(): boolean | number {
    // better-sqlite3 binds no booleans: SQLite stores them as 1/0.
    return this.dataSource.options.type === 'postgres' ? true : 1;
  }

  /**
   * Active subscribers of the article's locale who follow its section, one of its tags, or
   * breaking news when it is breaking; a batch of `limit` after the id `after`, in id order.
   */
  matching(article: ArticleTargets, after: string | null, limit: number): Promise<Pick<SubscriptionEntity, 'id' | 'email' | 'frequency'>[]> {
    return this.dataSource
      .createQueryBuilder(SubscriptionEntity, 's')
      .select(['s.id', 's.email', 's.frequency'])
      .where('s.status = :active AND s.locale = :locale AND s.id > :after', { active: 'active', locale: article.locale, after: after ?? FIRST_ID })
      .andWhere(
        new Brackets((any) => {
          any.where('EXISTS (SELECT 1 FROM subscription_sections ss WHERE ss.subscription_id = s.id AND ss.section_id = :sectionId)', {
            sectionId: article.sectionId,
          });
          if (article.tagIds.length) {
            any.orWhere('EXISTS (SELECT 1 FROM subscription_tags st WHERE st.subscription_id = s.id AND st.tag_id IN (:...tagIds))', {
              tagIds: article.tagIds,
            });
          }
          if (article.isBreaking) any.orWhere('s.breaking_news = :yes', { yes: this.yes });
        }),
      )
      .orderBy('s.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Daily subscribers with articles waiting whose digest for `day` is not yet claimed; a batch after `after`. */
  dueForDigest(day: string, after: string | null, limit: number): Promise<Pick<SubscriptionEntity, 'id'>[]> {
    return this.dataSource
      .createQueryBuilder(SubscriptionEntity, 's')
      .select(['s.id'])
      .where('s.status = :active AND s.frequency = :daily AND s.id > :after', { active: 'active', daily: 'daily', after: after ?? FIRST_ID })
      .andWhere('(s.digest_sent_on IS NULL OR s.digest_sent_on < :day)', { day })
      .andWhere('EXISTS (SELECT 1 FROM subscription_digest_items i WHERE i.subscription_id = s.id AND i.digested_on IS NULL)')
      .orderBy('s.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The waiting articles of one subscriber that readers may see now, oldest first. */
  async waitingArticles(m: EntityManager, subscriptionId: string, now: Date): Promise<DigestArticle[]> {
    const rows = await m
      .createQueryBuilder(SubscriptionDigestItemEntity, 'i')
      .innerJoin(ArticleEntity, 'a', 'a.id = i.article_id')
      .innerJoin(SectionEntity, 'sec', 'sec.id = a.section_id')
      .select('a.id', 'articleId')
      .addSelect('a.slug', 'slug')
      .addSelect('a.locale', 'locale')
      .addSelect('a.headline', 'headline')
      .addSelect('a.lead', 'lead')
      .addSelect('sec.slug', 'sectionSlug')
      .where('i.subscription_id = :subscriptionId AND i.digested_on IS NULL', { subscriptionId })
      .andWhere(publiclyVisibleSql('a', now))
      .orderBy('a.published_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getRawMany<DigestArticle>();
    return rows;
  }
}
