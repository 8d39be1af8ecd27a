import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, Not, type EntityManager } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { canSee, isPubliclyVisible } from '../articles/visibility.js';
import { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import { roleAtLeast, type Actor } from '../auth/roles.js';
import { UserEntity } from '../auth/user.entity.js';
import { ResponseCache } from '../cache/response-cache.js';
import { isUniqueViolation } from '../common/errors/db-errors.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../common/errors/domain-error.js';
import { CacheTag } from '../common/http/cache-tags.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { toPage, type Page } from '../common/pagination/page.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { COMMENTS_CONFIG, type CommentsConfig } from '../config/comments.config.js';
import { dbDate } from '../database/column-types.js';
import { keysetAfter } from '../database/keyset.js';
import { Transactions } from '../database/transactions.js';
import { DELETED_READER, ReadersService } from '../readers/readers.service.js';
import { SectionEntity } from '../sections/section.entity.js';
import { CommentEntity, CommentReportEntity, type CommentStatus } from './comment.entity.js';
import { toDetails, toPublic } from './comment.mapper.js';
import { commentsTag, CommentTransitions } from './comment-transitions.js';
import type { CommentDetailsModel, CommentModel, CommentOrder, EditCommentInput, PostCommentInput, ReportCommentInput } from './dto/comment.dto.js';

const MAX_DEPTH = 3;
const LINK = /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\./gi;

const closed = (why: string) => conflict('COMMENTS_CLOSED', `Comments on this article are closed (${why}).`);
const commentNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Comment "${id}" was not found.`);

/**
 * Comments: readers post, reply (three levels), edit within a window and delete their own;
 * editors moderate. Only approved comments are public, and `articles.comment_count` moves
 * by exactly one in the transaction of every change into or out of "approved" (a status
 * change is a conditional UPDATE, so of two concurrent changes one wins and counts).
 */
@Injectable()
export class CommentsService {
  private readonly perReader: LoginRateLimiter;
  private readonly perClient: LoginRateLimiter;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transactions: Transactions,
    private readonly readers: ReadersService,
    private readonly cache: ResponseCache,
    private readonly transitions: CommentTransitions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMENTS_CONFIG) private readonly config: CommentsConfig,
  ) {
    this.perReader = new LoginRateLimiter(config.rateLimit.perReaderPerMinute, Date.now, { what: 'comment writes from this account' });
    this.perClient = new LoginRateLimiter(config.rateLimit.perClientPerMinute, Date.now, { what: 'comment writes from this client' });
  }

  /** An article's public threads: top-level comments keyset-paginated, replies nested (approved only). */
  async list(
    actor: Actor | null,
    articleId: string,
    order: CommentOrder,
    limit: number,
    cursor?: string,
  ): Promise<Page<CommentModel> & { cursorOf(c: CommentModel): string }> {
    const article = await this.db.manager.findOneBy(ArticleEntity, { id: articleId });
    if (!article || !canSee(actor, article, this.clock.now())) throw notFound('Article', articleId);
    return this.threads(articleId, order, limit, cursor);
  }

  /** The threads of an article already known to be visible (GraphQL Article.comments). */
  async threads(
    articleId: string,
    order: CommentOrder,
    limit: number,
    cursor?: string,
  ): Promise<Page<CommentModel> & { cursorOf(c: CommentModel): string }> {
    const kind = `comments.${order}`;
    const direction = order === 'oldest' ? 'ASC' : 'DESC';
    const query = this.db.manager
      .createQueryBuilder(CommentEntity, 'c')
      .where('c.article_id = :articleId', { articleId })
      .andWhere('c.status = :approved', { approved: 'approved' })
      .andWhere('c.parent_id IS NULL')
      .orderBy('c.created_at', direction)
      .addOrderBy('c.id', direction)
      .take(limit + 1);
    if (cursor) {
      const key = decodeCursor(cursor, kind);
      const [condition, params] = keysetAfter('c', 'created_at', direction, { at: dbDate(new Date(key.at)), id: key.id });
      query.andWhere(condition, params);
    }
    const cursorOf = (c: { createdAt: Date; id: string }) => encodeCursor({ kind, at: c.createdAt.toISOString(), id: c.id });
    const page = toPage(await query.getMany(), limit, cursorOf);
    const tops = page.items.map(toPublic);
    if (tops.length > 0) {
      const replies = await this.db.manager.find(CommentEntity, {
        where: { rootId: In(tops.map((t) => t.id)), status: 'approved' },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const shown = new Map<string, CommentModel>(tops.map((t) => [t.id, t]));
      for (const reply of replies) {
        const model = toPublic(reply);
        shown.set(model.id, model);
        // A reply whose parent is not public (held, deleted) hangs under the nearest public ancestor: its thread's top.
        (shown.get(reply.parentId!) ?? shown.get(reply.rootId!))?.replies.push(model);
      }
    }
    return { items: tops, hasMore: page.hasMore, nextCursor: page.nextCursor, cursorOf };
  }

  async post(actor: Actor, articleId: string, input: PostCommentInput, clientIp: string): Promise<CommentDetailsModel> {
    const author = await this.commenter(actor, clientIp);
    const article = await this.openArticle(articleId);
    const staff = roleAtLeast(actor.role, 'author');
    const section = await this.db.manager.findOneBy(SectionEntity, { id: article.sectionId });
    const comment = await this.transactions.run(async (m) => {
      const now = this.clock.now();
      let depth = 1;
      let rootId: string | null = null;
      if (input.parentId) {
        const parent = await m.findOneBy(CommentEntity, { id: input.parentId, articleId, status: 'approved' });
        if (!parent)
          throw badRequest('INVALID_PARENT', 'parentId must be a public comment on this article.', [
            { field: 'parentId', message: 'no such public comment on this article' },
          ]);
        depth = parent.depth + 1;
        if (depth > MAX_DEPTH)
          throw badRequest('THREAD_TOO_DEEP', `Threads go ${MAX_DEPTH} levels deep; reply to an earlier comment.`, [
            { field: 'parentId', message: 'too deep' },
          ]);
        rootId = parent.rootId ?? parent.id;
      }
      const spamReason = staff ? null : await this.spamReason(m, author.id, input.text, now);
      const held = spamReason !== null || (!staff && section?.commentModeration === 'pre');
      const entity: CommentEntity = {
        id: randomUUID(),
        articleId,
        parentId: input.parentId ?? null,
        rootId,
        depth,
        authorId: author.id,
        authorName: author.displayName,
        text: input.text,
        status: held ? 'pending' : 'approved',
        spamReason,
        reportCount: 0,
        createdAt: now,
        editedAt: null,
      };
      await m.insert(CommentEntity, entity);
      if (entity.status === 'approved') await this.transitions.count(m, articleId, +1, entity);
      return entity;
    });
    return toDetails(comment);
  }

  async edit(actor: Actor, id: string, input: EditCommentInput, clientIp: string): Promise<CommentDetailsModel> {
    const author = await this.commenter(actor, clientIp);
    const comment = await this.db.manager.findOneBy(CommentEntity, { id });
    if (!comment || comment.authorId !== author.id || !['approved', 'pending'].includes(comment.status)) throw commentNotFound(id);
    const now = this.clock.now();
    if (now.getTime() - comment.createdAt.getTime() > this.config.editWindowSeconds * 1000) {
      throw conflict('EDIT_WINDOW_CLOSED', `Comments can be edited for ${Math.round(this.config.editWindowSeconds / 60)} minutes after posting.`);
    }
    await this.openArticle(comment.articleId);
    const tooManyLinks = !roleAtLeast(actor.role, 'author') && this.links(input.text) > this.config.spam.maxLinks;
    const updated = await this.transactions.run(async (m) => {
      const to: CommentStatus = tooManyLinks ? 'pending' : comment.status;
      await this.transitions.move(m, comment, to, { text: input.text, editedAt: now, ...(tooManyLinks ? { spamReason: 'links' } : {}) });
      return { ...comment, status: to, text: input.text, editedAt: now, spamReason: tooManyLinks ? 'links' : comment.spamReason };
    });
    return toDetails(updated);
  }

  /** The author deletes their own comment, or a moderator (editor+) any; the text goes, replies stay. */
  async remove(actor: Actor, id: string): Promise<void> {
    const comment = await this.db.manager.findOneBy(CommentEntity, { id });
    const moderator = roleAtLeast(actor.role, 'editor');
    if (!comment || comment.status === 'deleted' || (!moderator && (actor.kind !== 'user' || comment.authorId !== actor.userId)))
      throw commentNotFound(id);
    await this.transactions.run((m) => this.transitions.move(m, comment, 'deleted', { text: '' }));
  }

  async report(actor: Actor, id: string, input: ReportCommentInput, clientIp: string): Promise<void> {
    const reader = await this.commenter(actor, clientIp);
    const comment = await this.db.manager.findOneBy(CommentEntity, { id, status: 'approved' });
    if (!comment) throw commentNotFound(id);
    if (comment.authorId === reader.id) throw badRequest('OWN_COMMENT', 'You cannot report your own comment.');
    try {
      await this.transactions.run(async (m) => {
        await m.insert(CommentReportEntity, { commentId: id, readerId: reader.id, reason: input.reason, createdAt: this.clock.now() });
        await m.increment(CommentEntity, { id }, 'reportCount', 1);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('ALREADY_REPORTED', 'You have reported this comment already.');
      throw error;
    }
  }

  /** A deleted account's comments: kept in their threads, no longer anyone's. */
  async anonymise(m: EntityManager, userId: string): Promise<void> {
    const articles = await m.find(CommentEntity, { select: { articleId: true }, where: { authorId: userId, status: Not('deleted') } });
    await m.update(CommentEntity, { authorId: userId }, { authorId: null, authorName: DELETED_READER });
    const tags = [...new Set(articles.map((a) => a.articleId))].flatMap((id) => [CacheTag.article(id), commentsTag(id)]);
    this.transactions.afterCommit(m, () => this.cache.purge(tags));
  }

  /** The user behind a comment write: a person's own login, verified, not banned, within the rate limits. */
  private async commenter(actor: Actor, clientIp: string): Promise<UserEntity> {
    if (actor.kind !== 'user' || !actor.userId) throw forbidden('Comments are written with a person’s own login, not an API key.');
    this.perClient.hit([`client:${clientIp}`]);
    this.perReader.hit([`reader:${actor.userId}`]);
    const standing = await this.readers.standing(actor.userId);
    if (standing.bannedAt) throw new DomainError('READER_BANNED', 403, 'This account is banned from the discussion.');
    if (!standing.verified) throw new DomainError('EMAIL_NOT_VERIFIED', 403, 'Confirm your email address before taking part in the discussion.');
    const user = await this.db.manager.findOneBy(UserEntity, { id: actor.userId });
    if (!user) throw forbidden('The account no longer exists.');
    return user;
  }

  /** The article, if readers may comment on it now: 404 when they cannot see it, 409 when its discussion is closed. */
  private async openArticle(articleId: string): Promise<ArticleEntity> {
    const article = await this.db.manager.findOneBy(ArticleEntity, { id: articleId });
    const now = this.clock.now();
    if (!article) throw notFound('Article', articleId);
    if (!isPubliclyVisible(article, now)) {
      // Once public (archived, taken down), readers know it exists: say why they cannot comment.
      const embargoed = article.embargoUntil !== null && article.embargoUntil.getTime() > now.getTime();
      if (article.firstPublishedAt === null || embargoed) throw notFound('Article', articleId);
      throw closed(article.status === 'archived' ? 'archived' : 'no longer published');
    }
    if (!article.commentsEnabled) throw closed('comments are disabled');
    return article;
  }

  private links(text: string): number {
    return text.match(LINK)?.length ?? 0;
  }

  /** Why the spam rules hold a comment (links, repeat, rate), or null. */
  private async spamReason(m: EntityManager, authorId: string, text: string, now: Date): Promise<string | null> {
    if (this.links(text) > this.config.spam.maxLinks) return 'links';
    const repeatSince = new Date(now.getTime() - this.config.spam.repeatWindowSeconds * 1000);
    if (await m.exists(CommentEntity, { where: { authorId, text, createdAt: MoreThan(dbDate(repeatSince) as Date) } })) return 'repeat';
    const lastMinute = await m.count(CommentEntity, { where: { authorId, createdAt: MoreThan(dbDate(new Date(now.getTime() - 60_000)) as Date) } });
    if (lastMinute >= this.config.spam.maxPerMinute) return 'rate';
    return null;
  }
}
