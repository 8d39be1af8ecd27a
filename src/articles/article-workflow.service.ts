import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { roleAtLeast, type Actor } from '../auth/roles.js';
import { badRequest, conflict, forbidden } from '../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import type { ArticleEntity, ArticleStatus } from './article.entity.js';
import { ArticleWriter, versionConflict, type ChangeAuthor } from './article-writer.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesService } from './articles.service.js';
import type { PublishArticleInput, ScheduleArticleInput } from './dto/article.input.js';

/** Which states each workflow operation may start from, where it leads, and who may do it. */
const TRANSITIONS = {
  submit: { from: ['draft'], to: 'in_review', role: 'author' },
  schedule: { from: ['draft', 'in_review', 'scheduled', 'published'], to: 'scheduled', role: 'editor' },
  unschedule: { from: ['scheduled', 'published'], to: 'draft', role: 'editor' },
  publish: { from: ['draft', 'in_review', 'scheduled'], to: 'published', role: 'editor' },
  unpublish: { from: ['published'], to: 'draft', role: 'editor' },
  archive: { from: ['draft', 'in_review', 'published'], to: 'archived', role: 'editor' },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus; role: 'author' | 'editor' }>;
export type Transition = keyof typeof TRANSITIONS;

export interface TransitionInput extends PublishArticleInput, ScheduleArticleInput {}

const SCHEDULER: ChangeAuthor = { kind: 'system', label: 'scheduler' };

/**
 * Moves articles through draft → in_review → scheduled → published → archived, by
 * role, and carries out schedules when they fall due. Every move is one versioned
 * write with its revision (ArticleWriter), so a due article claimed by two
 * instances at once is published by exactly one of them.
 */
@Injectable()
export class ArticleWorkflowService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly repository: ArticlesRepository,
    private readonly writer: ArticleWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async transition(actor: Actor, id: string, name: Transition, expectedVersion?: number, input: TransitionInput = {}): Promise<ArticleEntity> {
    const article = await this.articles.getForWrite(actor, id);
    const changes = this.plan(actor, article, name, expectedVersion, input);
    return this.repository.transaction((manager) => this.writer.update(manager, article, changes, { author: actor, action: name }));
  }

  /** The same move on an article already in hand, inside the caller's transaction (the CLI's batch import). */
  async transitionIn(
    manager: EntityManager,
    actor: Actor,
    article: ArticleEntity,
    name: Transition,
    input: TransitionInput = {},
  ): Promise<ArticleEntity> {
    const changes = this.plan(actor, article, name, undefined, input);
    return this.writer.update(manager, article, changes, { author: actor, action: name });
  }

  /** The row changes of a move, after checking role, version and state (a 403, 412 or 409 otherwise). */
  private plan(
    actor: Actor,
    article: ArticleEntity,
    name: Transition,
    expectedVersion: number | undefined,
    input: TransitionInput,
  ): Partial<ArticleEntity> {
    const rule = TRANSITIONS[name];
    if (!roleAtLeast(actor.role, rule.role)) throw forbidden(`Only an ${rule.role} may ${name} an article.`);
    // Authors submit their own drafts; whether the state allows it is the 409 below, not a 403.
    if (name === 'submit' && !roleAtLeast(actor.role, 'editor') && article.createdById !== actor.userId) {
      throw forbidden('Authors may submit only their own articles.');
    }
    if (expectedVersion !== undefined && expectedVersion !== article.version) throw versionConflict(article.version);
    if (!(rule.from as readonly ArticleStatus[]).includes(article.status)) {
      throw conflict(`INVALID_TRANSITION`, `Cannot ${name} an article that is ${article.status} (allowed from: ${rule.from.join(', ')}).`);
    }
    const now = this.clock.now();
    const changes: Partial<ArticleEntity> = { status: rule.to, updatedAt: now };
    if (name === 'publish') Object.assign(changes, this.publishChanges(article, input.publishedAt ? new Date(input.publishedAt) : now, now));
    if (name === 'schedule') Object.assign(changes, this.scheduleChanges(article, input, now));
    if (name === 'unpublish') Object.assign(changes, { publishAt: null, unpublishAt: null });
    if (name === 'unschedule') Object.assign(changes, this.unscheduleChanges(article));
    return changes;
  }

  private publishChanges(article: ArticleEntity, at: Date, now: Date): Partial<ArticleEntity> {
    if (at.getTime() > now.getTime()) {
      throw badRequest('PUBLISHED_AT_IN_FUTURE', 'publishedAt is in the future: schedule the article instead.', [
        { field: 'publishedAt', message: 'must not be in the future' },
      ]);
    }
    return { publishedAt: at, firstPublishedAt: article.firstPublishedAt ?? at, publishAt: null };
  }

  /** A scheduled article goes back to draft; a published one only loses its scheduled take-down. */
  private unscheduleChanges(article: ArticleEntity): Partial<ArticleEntity> {
    if (article.status === 'scheduled') return { publishAt: null, unpublishAt: null };
    if (!article.unpublishAt) throw conflict('INVALID_TRANSITION', 'Cannot unschedule a published article that has no scheduled take-down.');
    return { status: 'published', unpublishAt: null };
  }

  /**
   * A future go-live (and optionally a take-down). A published article can only get a
   * take-down time: it stays published until then.
   */
  private scheduleChanges(article: ArticleEntity, input: ScheduleArticleInput, now: Date): Partial<ArticleEntity> {
    const publishAt = input.publishAt ? new Date(input.publishAt) : null;
    const unpublishAt = input.unpublishAt ? new Date(input.unpublishAt) : null;
    if (article.status === 'published') {
      if (publishAt) throw conflict('INVALID_TRANSITION', 'The article is already published; give only unpublishAt to schedule its take-down.');
      if (!unpublishAt)
        throw badRequest('VALIDATION_FAILED', 'unpublishAt is required for a published article.', [{ field: 'unpublishAt', message: 'required' }]);
      if (unpublishAt.getTime() <= now.getTime())
        throw badRequest('SCHEDULE_IN_PAST', 'unpublishAt must be in the future.', [{ field: 'unpublishAt', message: 'must be in the future' }]);
      return { status: 'published', unpublishAt };
    }
    if (!publishAt) throw badRequest('VALIDATION_FAILED', 'publishAt is required.', [{ field: 'publishAt', message: 'required' }]);
    if (publishAt.getTime() <= now.getTime()) {
      throw badRequest('SCHEDULE_IN_PAST', 'publishAt must be in the future; publish now instead.', [
        { field: 'publishAt', message: 'must be in the future' },
      ]);
    }
    if (unpublishAt && unpublishAt.getTime() <= publishAt.getTime()) {
      throw badRequest('VALIDATION_FAILED', 'unpublishAt must come after publishAt.', [{ field: 'unpublishAt', message: 'must be after publishAt' }]);
    }
    return { publishAt, unpublishAt };
  }

  /**
   * Carries out every schedule that is due at `now`: go-lives first, then take-downs.
   * Each article is claimed by its own versioned write; one that another instance
   * claimed first is skipped. Returns how many this call carried out.
   */
  async runDue(limit = 100): Promise<{ published: string[]; unpublished: string[] }> {
    const now = this.clock.now();
    const published: string[] = [];
    const unpublished: string[] = [];
    for (const article of await this.repository.dueForPublish(now, limit)) {
      // Dated by the schedule, not by when the server got round to it (e.g. after downtime).
      const at = article.publishAt!;
      const changes: Partial<ArticleEntity> = {
        status: 'published',
        updatedAt: now,
        publishedAt: at,
        firstPublishedAt: article.firstPublishedAt ?? at,
        publishAt: null,
      };
      if (await this.claim(article, changes, 'publish')) published.push(article.id);
    }
    for (const article of await this.repository.dueForUnpublish(now, limit)) {
      if (await this.claim(article, { status: 'draft', updatedAt: now, unpublishAt: null }, 'unpublish')) unpublished.push(article.id);
    }
    return { published, unpublished };
  }

  private async claim(article: ArticleEntity, changes: Partial<ArticleEntity>, action: string): Promise<boolean> {
    try {
      await this.repository.transaction((manager) => this.writer.update(manager, article, changes, { author: SCHEDULER, action, note: 'scheduled' }));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'VERSION_CONFLICT') return false;
      throw error;
    }
  }
}
