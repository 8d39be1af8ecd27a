import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../../auth/roles.js';
import { notFound } from '../../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../../common/util/clock.js';
import type { ArticleEntity } from '../article.entity.js';
import { ArticleWriter, versionConflict } from '../article-writer.js';
import { ArticlesRepository } from '../articles.repository.js';
import { ArticlesService } from '../articles.service.js';
import { ArticleRevisionEntity } from './article-revision.entity.js';
import { diffSnapshots, type FieldChange } from './snapshot.js';

/** History of an article: every saved version, their differences, and going back to one. */
@Injectable()
export class RevisionsService {
  constructor(
    @InjectRepository(ArticleRevisionEntity) private readonly revisions: Repository<ArticleRevisionEntity>,
    private readonly articles: ArticlesService,
    private readonly repository: ArticlesRepository,
    private readonly writer: ArticleWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Newest first. */
  async list(actor: Actor, articleId: string): Promise<ArticleRevisionEntity[]> {
    await this.articles.getForWrite(actor, articleId);
    return this.revisions.find({ where: { articleId }, order: { version: 'DESC' }, take: 1000 });
  }

  async get(actor: Actor, articleId: string, version: number): Promise<ArticleRevisionEntity> {
    await this.articles.getForWrite(actor, articleId);
    const revision = await this.revisions.findOneBy({ articleId, version });
    if (!revision) throw notFound('Revision', `${articleId}@${version}`);
    return revision;
  }

  async compare(actor: Actor, articleId: string, from: number, to: number): Promise<FieldChange[]> {
    const [a, b] = await Promise.all([this.get(actor, articleId, from), this.get(actor, articleId, to)]);
    return diffSnapshots(a.snapshot, b.snapshot);
  }

  /**
   * Brings back the content of an earlier version as a new version (with its own
   * revision): history is never rewritten. The workflow state and dates stay as they are.
   */
  async restore(actor: Actor, articleId: string, version: number, expectedVersion?: number): Promise<ArticleEntity> {
    const article = await this.articles.getForWrite(actor, articleId);
    this.articles.assertMayEdit(actor, article);
    if (expectedVersion !== undefined && expectedVersion !== article.version) throw versionConflict(article.version);
    const { snapshot } = await this.get(actor, articleId, version);
    const changes: Partial<ArticleEntity> = {
      headline: snapshot.headline,
      lead: snapshot.lead,
      dateline: snapshot.dateline,
      body: snapshot.body,
      sectionId: snapshot.sectionId,
      mainImageId: snapshot.mainImageId,
      embargoUntil: snapshot.embargoUntil ? new Date(snapshot.embargoUntil) : null,
      isBreaking: snapshot.isBreaking,
      urgency: snapshot.urgency,
      commentsEnabled: snapshot.commentsEnabled,
      seoTitle: snapshot.seoTitle,
      seoDescription: snapshot.seoDescription,
      canonicalUrl: snapshot.canonicalUrl,
      updatedAt: this.clock.now(),
    };
    return this.repository.transaction((manager) =>
      this.writer.update(manager, article, changes, {
        author: actor,
        action: 'restore',
        note: `restored from version ${version}`,
        tagIds: snapshot.tagIds,
        authorIds: snapshot.authorIds,
      }),
    );
  }
}
