import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, DomainError, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { toPage, type Page } from '../common/pagination/page.js';
import { dbDate } from '../database/column-types.js';
import { keysetAfter } from '../database/keyset.js';
import { Transactions } from '../database/transactions.js';
import { SectionEntity } from '../sections/section.entity.js';
import { CommentEntity, CommentReportEntity } from './comment.entity.js';
import { toDetails } from './comment.mapper.js';
import { CommentTransitions } from './comment-transitions.js';
import type { CommentDetailsModel, ModerationQueue } from './dto/comment.dto.js';

const commentNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Comment "${id}" was not found.`);

/** What editors do: the queue of held and reported comments, approve, reject, and each section's moderation mode. */
@Injectable()
export class CommentModerationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transactions: Transactions,
    private readonly transitions: CommentTransitions,
  ) {}

  async queue(
    status: ModerationQueue,
    limit: number,
    cursor?: string,
  ): Promise<Page<CommentDetailsModel> & { cursorOf(c: CommentDetailsModel): string }> {
    const kind = `moderation.${status}`;
    const query = this.db.manager
      .createQueryBuilder(CommentEntity, 'c')
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(limit + 1);
    if (status === 'pending') query.where('c.status = :status', { status: 'pending' });
    else query.where('c.status = :status', { status: 'approved' }).andWhere('c.report_count > 0');
    if (cursor) {
      const key = decodeCursor(cursor, kind);
      const [condition, params] = keysetAfter('c', 'created_at', 'ASC', { at: dbDate(new Date(key.at)), id: key.id });
      query.andWhere(condition, params);
    }
    const cursorOf = (c: { createdAt: Date; id: string }) => encodeCursor({ kind, at: c.createdAt.toISOString(), id: c.id });
    const page = toPage(await query.getMany(), limit, cursorOf);
    return { ...page, items: page.items.map(toDetails), cursorOf };
  }

  /** Approves a held comment, or clears the reports of a public one. */
  async approve(id: string): Promise<CommentDetailsModel> {
    const comment = await this.db.manager.findOneBy(CommentEntity, { id });
    if (!comment) throw commentNotFound(id);
    if (comment.status !== 'pending' && comment.status !== 'approved')
      throw conflict('INVALID_TRANSITION', `A ${comment.status} comment cannot be approved.`);
    await this.transactions.run(async (m) => {
      await this.transitions.move(m, comment, 'approved', { reportCount: 0, spamReason: null });
      await m.delete(CommentReportEntity, { commentId: id });
    });
    return toDetails({ ...comment, status: 'approved', reportCount: 0, spamReason: null });
  }

  async reject(id: string): Promise<CommentDetailsModel> {
    const comment = await this.db.manager.findOneBy(CommentEntity, { id });
    if (!comment) throw commentNotFound(id);
    if (comment.status !== 'pending' && comment.status !== 'approved')
      throw conflict('INVALID_TRANSITION', `A ${comment.status} comment cannot be rejected.`);
    await this.transactions.run((m) => this.transitions.move(m, comment, 'rejected', {}));
    return toDetails({ ...comment, status: 'rejected' });
  }

  async setSectionModeration(sectionId: string, mode: 'pre' | 'post'): Promise<{ id: string; commentModeration: 'pre' | 'post' }> {
    const result = await this.transactions.run((m) => m.update(SectionEntity, { id: sectionId }, { commentModeration: mode }));
    if (!result.affected) throw notFound('Section', sectionId);
    return { id: sectionId, commentModeration: mode };
  }
}
