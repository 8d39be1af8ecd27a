import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { ResponseCache } from '../cache/response-cache.js';
import { conflict } from '../common/errors/domain-error.js';
import { CacheTag } from '../common/http/cache-tags.js';
import { Transactions } from '../database/transactions.js';
import { CommentEntity, type CommentStatus } from './comment.entity.js';
import { toPublic } from './comment.mapper.js';
import { CommentSignals } from './comment-signals.js';

/** The surrogate key of an article's comment lists (the article's own key covers its count). */
export const commentsTag = (articleId: string) => `comments:${articleId}`;

/**
 * Every change of a comment's status goes through here: a conditional UPDATE (of two
 * concurrent changes one wins), the article's approved count moved by exactly one in the
 * same transaction, and after the commit the cache purged and a new public comment announced.
 */
@Injectable()
export class CommentTransitions {
  constructor(
    private readonly transactions: Transactions,
    private readonly cache: ResponseCache,
    private readonly signals: CommentSignals,
  ) {}

  /**
   * Moves a comment from the status it was read in to `to`, only if no one moved it meanwhile
   * (409 otherwise), and keeps the article's count exact in the same transaction.
   */
  async move(m: EntityManager, comment: CommentEntity, to: CommentStatus, changes: Partial<CommentEntity>): Promise<void> {
    const result = await m.update(CommentEntity, { id: comment.id, status: comment.status }, { ...changes, status: to });
    if (!result.affected) throw conflict('COMMENT_CHANGED', 'The comment was changed meanwhile; load it again.');
    const delta = (to === 'approved' ? 1 : 0) - (comment.status === 'approved' ? 1 : 0);
    await this.count(m, comment.articleId, delta, to === 'approved' && comment.status !== 'approved' ? { ...comment, ...changes, status: to } : null);
  }

  /** Moves the article's approved count by `delta` (0: only purges) and, after the commit, purges caches and announces a new public comment. */
  async count(m: EntityManager, articleId: string, delta: number, added: CommentEntity | null): Promise<void> {
    if (delta !== 0) {
      await m
        .createQueryBuilder()
        .update(ArticleEntity)
        .set({ commentCount: () => `comment_count ${delta > 0 ? '+' : '-'} ${Math.abs(delta)}` })
        .where('id = :articleId', { articleId })
        .execute();
    }
    this.transactions.afterCommit(m, async () => {
      await this.cache.purge([CacheTag.article(articleId), commentsTag(articleId)]);
      if (added) await this.signals.added(toPublic(added));
    });
  }
}
