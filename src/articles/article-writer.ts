import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { SEARCH_ENGINE, type SearchIndexer } from '../search/search-engine.js';
import { ArticleEntity } from './article.entity.js';
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
 * records the full snapshot as a new revision: nothing is saved without its history,
 * and the search index follows in the same transaction.
 */
@Injectable()
export class ArticleWriter {
  constructor(
    private readonly repository: ArticlesRepository,
    @Inject(SEARCH_ENGINE) private readonly search: SearchIndexer,
  ) {}

  async insert(manager: EntityManager, article: ArticleEntity, tagIds: string[], authorIds: string[], author: ChangeAuthor): Promise<void> {
    await manager.insert(ArticleEntity, article);
    await this.repository.replaceTags(manager, article.id, tagIds);
    await this.repository.replaceAuthors(manager, article.id, authorIds);
    await this.repository.replaceMediaRefs(manager, article.id, usedMedia(article));
    await this.recordRevision(manager, article.id, author, 'create', null);
  }

  async update(manager: EntityManager, article: ArticleEntity, changes: Partial<ArticleEntity>, options: ChangeOptions): Promise<ArticleEntity> {
    if (!(await this.repository.updateIfVersion(manager, article.id, article.version, changes))) {
      const current = await manager.findOneBy(ArticleEntity, { id: article.id });
      throw versionConflict(current?.version ?? article.version + 1);
    }
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
    return this.recordRevision(manager, article.id, options.author, options.action, options.note ?? null);
  }

  /** Snapshots the row as it now stands (inside the transaction) as the revision of its version. */
  private async recordRevision(
    manager: EntityManager,
    articleId: string,
    author: ChangeAuthor,
    action: string,
    note: string | null,
  ): Promise<ArticleEntity> {
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
    return article;
  }
}

export const labelOf = (author: ChangeAuthor): string => (author.kind === 'system' ? `system:${author.label}` : author.label);
