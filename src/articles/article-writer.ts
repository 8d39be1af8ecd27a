import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Outbox } from '../outbox/outbox.service.js';
import { articleEventData, articleEventType, type ArticlePlacement } from './article-events.js';
import { ArticleEntity, type ArticleStatus } from './article.entity.js';
import { SEARCH_ENGINE, type SearchIndexer } from '../search/search-engine.js';
import { ArticlesRepository } from './articles.repository.js';
import { mediaIdsOf } from './body/validate-blocks.js';
import { ArticleCorrectionEntity } from './revisions/article-correction.entity.js';
import { ArticleRevisionEntity } from './revisions/article-revision.entity.js';
import { toSnapshot } from './revisions/snapshot.js';

/** Who made a change: a person's or app's credential, or the system itself (the scheduler). */
export type ChangeAuthor = Actor | { kind: 'system'; label: string };

export interface ChangeOptions {
  author: ChangeAuthor;
  /** What the revision records: update, publish, restore… */
  action: string;
  note?: string | null;
  tagIds?: string[];
  authorIds?: string[];
  /** A public correction note to attach (published articles). */
  correction?: string;
}

/** Every media an article shows: its main image and its body images. */
export const usedMedia = (article: Pick<ArticleEntity, 'mainImageId' | 'body'>): string[] => [
  ...(article.mainImageId ? [article.mainImageId] : []),
  ...mediaIdsOf(article.body),
];

export function versionConflict(currentVersion: number): DomainError {
  return new DomainError(
    'VERSION_CONFLICT',
    412,
    `The article has changed since (now at version ${currentVersion}); fetch it again and reapply your change.`,
    undefined,
    { currentVersion },
  );
}

/**
 * The one way an article row changes. Inside the caller's transaction it writes the
 * change only if the row is still at the version it was read at (so of two editors,
 * or two scheduler instances, exactly one wins), keeps the link tables in step, and
 * records the full snapshot as a new revision: nothing is saved without its history.
 * The search index follows, and the change's domain event goes to the outbox, in the same transaction.
 */
@Injectable()
export class ArticleWriter {
  constructor(
    private readonly repository: ArticlesRepository,
    private readonly outbox: Outbox,
    @Inject(SEARCH_ENGINE) private readonly search: SearchIndexer,
  ) {}

  async insert(manager: EntityManager, article: ArticleEntity, tagIds: string[], authorIds: string[], author: ChangeAuthor): Promise<void> {
    await manager.insert(ArticleEntity, article);
    await this.repository.replaceTags(manager, article.id, tagIds);
    await this.repository.replaceAuthors(manager, article.id, authorIds);
    await this.repository.replaceMediaRefs(manager, article.id, usedMedia(article));
    const saved = await this.recordRevision(manager, article.id, author, 'create', null);
    await this.announce(manager, saved, null, null, 'create');
  }

  async update(manager: EntityManager, article: ArticleEntity, changes: Partial<ArticleEntity>, options: ChangeOptions): Promise<ArticleEntity> {
    if (!(await this.repository.updateIfVersion(manager, article.id, article.version, changes))) {
      const current = await manager.findOneBy(ArticleEntity, { id: article.id });
      throw versionConflict(current?.version ?? article.version + 1);
    }
    // Where it was (the lists it may leave), read before its links change; unchanged links are read once, after.
    // After the UPDATE, not before: on SQLite a transaction that reads first cannot take the write lock while another instance writes.
    const [tagsBefore, authorsBefore] = await Promise.all([
      options.tagIds ? this.repository.tagIdsByArticle([article.id], manager) : undefined,
      options.authorIds ? this.repository.authorIdsByArticle([article.id], manager) : undefined,
    ]);
    if (options.tagIds) await this.repository.replaceTags(manager, article.id, options.tagIds);
    if (options.authorIds) await this.repository.replaceAuthors(manager, article.id, options.authorIds);
    if (changes.body || changes.mainImageId !== undefined) {
      await this.repository.replaceMediaRefs(manager, article.id, usedMedia({ ...article, ...changes }));
    }
    if (options.correction) {
      await manager.insert(ArticleCorrectionEntity, {
        id: randomUUID(),
        articleId: article.id,
        text: options.correction,
        version: article.version + 1,
        actorLabel: labelOf(options.author),
        createdAt: changes.updatedAt ?? new Date(),
      });
    }
    const saved = await this.recordRevision(manager, article.id, options.author, options.action, options.note ?? null);
    const previous: ArticlePlacement = {
      slug: article.slug,
      translationGroupId: article.translationGroupId,
      sectionId: article.sectionId,
      tagIds: tagsBefore?.get(article.id) ?? (tagsBefore ? [] : saved.tagIds),
      authorIds: authorsBefore?.get(article.id) ?? (authorsBefore ? [] : saved.authorIds),
    };
    await this.announce(manager, saved, previous, article.status, options.action);
    return saved.article;
  }

  /** Records that an article is gone (its rows cascade), in the caller's transaction. */
  async remove(manager: EntityManager, article: ArticleEntity): Promise<void> {
    const [tags, authors] = await Promise.all([
      this.repository.tagIdsByArticle([article.id], manager),
      this.repository.authorIdsByArticle([article.id], manager),
    ]);
    const tagIds = tags.get(article.id) ?? [];
    const authorIds = authors.get(article.id) ?? [];
    await this.search.remove(manager, article.id);
    await manager.delete(ArticleEntity, { id: article.id });
    await this.outbox.publish(manager, {
      type: 'article.deleted',
      data: articleEventData(
        article,
        {
          tagIds,
          authorIds,
          previous: { slug: article.slug, translationGroupId: article.translationGroupId, sectionId: article.sectionId, tagIds, authorIds },
        },
        article.status,
        'delete',
        new Date(),
      ),
    });
  }

  private async announce(
    manager: EntityManager,
    saved: { article: ArticleEntity; tagIds: string[]; authorIds: string[] },
    previous: ArticlePlacement | null,
    before: ArticleStatus | null,
    action: string,
  ): Promise<void> {
    const { article } = saved;
    const type = articleEventType(before, article.status);
    // What readers can't see yet isn't news yet: an embargoed article's event waits for the embargo to end.
    const availableAt = article.status === 'published' && article.embargoUntil ? article.embargoUntil : undefined;
    await this.outbox.publish(manager, {
      type,
      availableAt,
      data: articleEventData(article, { tagIds: saved.tagIds, authorIds: saved.authorIds, previous }, before, action, article.updatedAt),
    });
  }

  /** Snapshots the row as it now stands (inside the transaction) as the revision of its version. */
  private async recordRevision(
    manager: EntityManager,
    articleId: string,
    author: ChangeAuthor,
    action: string,
    note: string | null,
  ): Promise<{ article: ArticleEntity; tagIds: string[]; authorIds: string[] }> {
    const article = (await manager.findOneBy(ArticleEntity, { id: articleId }))!;
    const [tagIds, authorIds] = await Promise.all([
      this.repository.tagIdsByArticle([articleId], manager),
      this.repository.authorIdsByArticle([articleId], manager),
    ]);
    await manager.insert(ArticleRevisionEntity, {
      id: randomUUID(),
      articleId,
      version: article.version,
      snapshot: toSnapshot(article, tagIds.get(articleId) ?? [], authorIds.get(articleId) ?? []),
      action,
      actorId: author.kind === 'system' ? null : author.userId,
      actorLabel: labelOf(author),
      note,
      createdAt: article.updatedAt,
    });
    await this.search.index(manager, article);
    return { article, tagIds: tagIds.get(articleId) ?? [], authorIds: authorIds.get(articleId) ?? [] };
  }
}

export const labelOf = (author: ChangeAuthor): string => (author.kind === 'system' ? `system:${author.label}` : author.label);
