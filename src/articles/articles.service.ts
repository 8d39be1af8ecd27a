import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { roleAtLeast, type Actor } from '../auth/roles.js';
import { badRequest, conflict, DomainError, forbidden, notFound, unauthorized } from '../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { toPage, type Page } from '../common/pagination/page.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { isUniqueViolation } from '../common/errors/db-errors.js';
import { matchLocale } from '../common/http/accept-language.js';
import { slugify } from '../common/util/slugify.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { MediaService } from '../media/media.service.js';
import { SectionsService } from '../sections/sections.service.js';
import { AuthorsService } from '../taxonomy/authors.service.js';
import { TagsService } from '../taxonomy/tags.service.js';
import { SEARCH_ENGINE, type SearchIndexer } from '../search/search-engine.js';
import type { EntityManager } from 'typeorm';
import { ArticleEntity } from './article.entity.js';
import { ArticleWriter, versionConflict } from './article-writer.js';
import { ArticlesRepository } from './articles.repository.js';
import type { BodyBlock } from './body/blocks.js';
import { mediaIdsOf, toBodyBlocks } from './body/validate-blocks.js';
import type { ArticleFilter, CreateArticleInput, UpdateArticleInput } from './dto/article.input.js';
import { canSee } from './visibility.js';

export interface ArticlePage extends Page<ArticleEntity> {
  /** The cursor that continues after a given row (GraphQL edges carry one each). */
  cursorOf(row: ArticleEntity): string;
  /** The filter as resolved to ids (which lists this page belongs to, for cache keys). */
  scope?: { sectionId?: string; tagId?: string; authorId?: string };
}

/** Options for writers other than the API (the CLI's import); the API never passes them. */
export interface CreateOptions {
  /** Write in this transaction (a batch of an import) instead of a new one. */
  manager?: EntityManager;
  /** Join this translation group (an import keeps an article's group) instead of starting a new one. */
  translationGroupId?: string;
}

export interface ListRequest {
  filter: ArticleFilter;
  limit: number;
  cursor?: string;
}

@Injectable()
export class ArticlesService {
  constructor(
    private readonly repository: ArticlesRepository,
    private readonly sections: SectionsService,
    private readonly tags: TagsService,
    private readonly authors: AuthorsService,
    private readonly media: MediaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writer: ArticleWriter,
    @Inject(SEARCH_ENGINE) private readonly search: SearchIndexer,
  ) {}

  /** A keyset page of articles: the public list, or (editors) one workflow state. */
  async list(actor: Actor | null, request: ListRequest): Promise<ArticlePage> {
    const { filter } = request;
    if (filter.status !== undefined) {
      if (!actor) throw unauthorized("Listing by status needs an editor's credential.");
      if (!roleAtLeast(actor.role, 'editor')) throw forbidden('Listing by status is for editors.');
    }
    const byUpdate = filter.status !== undefined && filter.status !== 'published';
    const kind = byUpdate ? `upd:${filter.status}` : 'pub';
    const cursor = request.cursor ? decodeCursor(request.cursor, kind) : undefined;
    const [sectionId, tagId, authorId] = await Promise.all([
      filter.section ? this.sectionIdOf(filter.section, filter.locale) : undefined,
      filter.tag ? this.tags.idOf(filter.tag) : undefined,
      filter.author ? this.authors.idOf(filter.author) : undefined,
    ]);
    const rows = await this.repository.list({
      sectionId,
      tagId,
      authorId,
      locale: filter.locale,
      status: filter.status,
      after: cursor ? { at: new Date(cursor.at), id: cursor.id } : undefined,
      limit: request.limit,
      now: this.clock.now(),
    });
    const cursorOf = (row: ArticleEntity) =>
      encodeCursor({ kind, at: (byUpdate ? row.updatedAt : (row.publishedAt ?? row.updatedAt)).toISOString(), id: row.id });
    return { ...toPage(rows, request.limit, cursorOf), cursorOf, scope: { sectionId, tagId, authorId } };
  }

  /**
   * One article by id or slug; what the actor may not see is a plain 404. A slug asked without a locale may name versions in several: the reader gets the first of
   * `preferred` (Accept-Language), then FALLBACK_LOCALE, then DEFAULT_LOCALE, among those visible.
   */
  async get(actor: Actor | null, idOrSlug: string, locale?: string, preferred: string[] = []): Promise<ArticleEntity> {
    const now = this.clock.now();
    let article: ArticleEntity | null;
    if (UUID_PATTERN.test(idOrSlug)) {
      article = await this.repository.findById(idOrSlug.toLowerCase());
    } else if (locale) {
      article = await this.repository.findBySlug(idOrSlug, locale);
    } else {
      const candidates = await this.repository.findAllBySlug(idOrSlug);
      const visible = candidates.filter((c) => canSee(actor, c, now));
      const best = matchLocale([...preferred, this.config.fallbackLocale, this.config.defaultLocale], [...new Set(visible.map((c) => c.locale))]);
      article = visible.find((c) => c.locale === best) ?? visible[0] ?? null;
    }
    if (!article || (locale && article.locale !== locale) || !canSee(actor, article, now)) throw notFound('Article', idOrSlug);
    return article;
  }

  async create(actor: Actor, input: CreateArticleInput, options: CreateOptions = {}): Promise<ArticleEntity> {
    const locale = input.locale ?? this.config.defaultLocale;
    const body = toBodyBlocks(input.body);
    const section = await this.sections.resolveRef(input.section, locale, 'section');
    if (section.locale !== locale)
      throw badRequest('UNKNOWN_REFERENCE', 'The section belongs to another locale.', [
        { field: 'section', message: `must be a section of locale ${locale}` },
      ]);
    const [tags, authors] = await Promise.all([
      this.tags.resolveRefs(input.tags ?? [], 'tags'),
      this.authors.resolveRefs(input.authors ?? [], 'authors'),
    ]);
    await this.checkMedia(input.mainImage ?? null, body);
    const translationGroupId = input.translationOf ? await this.translationGroupOf(input.translationOf, locale) : randomUUID();
    const now = this.clock.now();
    const article: ArticleEntity = {
      id: randomUUID(),
      slug: '',
      locale,
      translationGroupId: options.translationGroupId ?? translationGroupId,
      headline: input.headline,
      lead: input.lead ?? null,
      dateline: input.dateline ?? null,
      body,
      sectionId: section.id,
      mainImageId: input.mainImage ?? null,
      status: 'draft',
      publishAt: null,
      unpublishAt: null,
      publishedAt: null,
      firstPublishedAt: null,
      embargoUntil: input.embargoUntil ? new Date(input.embargoUntil) : null,
      isBreaking: input.isBreaking ?? false,
      urgency: input.urgency ?? 5,
      commentsEnabled: input.commentsEnabled ?? true,
      version: 1,
      commentCount: 0,
      seoTitle: input.seoTitle ?? null,
      seoDescription: input.seoDescription ?? null,
      canonicalUrl: input.canonicalUrl ?? null,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    const write = async (manager: EntityManager) => {
      article.slug = await this.chooseSlug(input.slug, input.headline, locale, undefined, manager);
      await this.writer.insert(
        manager,
        article,
        tags.map((t) => t.id),
        authors.map((a) => a.id),
        actor,
      );
      return article;
    };
    if (options.manager) return write(options.manager);
    // Two newsrooms desks creating the same headline at once may pick the same free slug; the
    // database's unique key decides, and the loser (with a made-up slug) simply picks the next one.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.repository.transaction(write);
      } catch (error) {
        if (input.slug || attempt >= 5 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async update(actor: Actor, id: string, input: UpdateArticleInput, expectedVersion: number | undefined): Promise<ArticleEntity> {
    const article = await this.getForWrite(actor, id);
    const version = expectedVersion ?? input.version;
    if (version === undefined) {
      throw new DomainError(
        'VERSION_REQUIRED',
        428,
        'Send the version this change is based on: If-Match: "<version>" (REST) or expectedVersion (GraphQL).',
        undefined,
        { currentVersion: article.version },
      );
    }
    this.assertMayEdit(actor, article);
    if (version !== article.version) throw versionConflict(article.version);

    const changes: Partial<ArticleEntity> = {};
    if (input.headline != null) changes.headline = input.headline;
    if (input.lead !== undefined) changes.lead = input.lead;
    if (input.dateline !== undefined) changes.dateline = input.dateline;
    if (input.isBreaking != null) changes.isBreaking = input.isBreaking;
    if (input.urgency != null) changes.urgency = input.urgency;
    if (input.commentsEnabled != null) changes.commentsEnabled = input.commentsEnabled;
    if (input.embargoUntil !== undefined) changes.embargoUntil = input.embargoUntil === null ? null : new Date(input.embargoUntil);
    if (input.seoTitle !== undefined) changes.seoTitle = input.seoTitle;
    if (input.seoDescription !== undefined) changes.seoDescription = input.seoDescription;
    if (input.canonicalUrl !== undefined) changes.canonicalUrl = input.canonicalUrl;
    if (input.body != null) changes.body = toBodyBlocks(input.body);
    if (input.section != null) changes.sectionId = (await this.sections.resolveRef(input.section, article.locale, 'section')).id;
    if (input.mainImage !== undefined) changes.mainImageId = input.mainImage;
    if (input.translationOf !== undefined) {
      changes.translationGroupId =
        input.translationOf === null ? randomUUID() : await this.translationGroupOf(input.translationOf, article.locale, article.id);
    }
    await this.checkMedia(changes.mainImageId ?? null, changes.body ?? []);
    const [tags, authors] = await Promise.all([
      input.tags ? this.tags.resolveRefs(input.tags, 'tags') : undefined,
      input.authors ? this.authors.resolveRefs(input.authors, 'authors') : undefined,
    ]);
    changes.updatedAt = this.clock.now();

    if (input.correction !== undefined && article.status !== 'published') {
      throw conflict(
        'CORRECTION_NEEDS_PUBLISHED',
        'A correction note goes with a change to a published article; this one is ' + article.status + '.',
      );
    }
    return this.repository.transaction(async (manager) => {
      if (input.slug != null && input.slug !== article.slug)
        changes.slug = await this.chooseSlug(input.slug, article.headline, article.locale, article.id, manager);
      return this.writer.update(manager, { ...article, version }, changes, {
        author: actor,
        action: 'update',
        note: input.revisionNote ?? null,
        tagIds: tags?.map((t) => t.id),
        authorIds: authors?.map((a) => a.id),
        correction: input.correction,
      });
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const article = await this.getForWrite(actor, id);
    await this.repository.transaction((manager) => this.writer.remove(manager, article));
  }

  async getForWrite(actor: Actor, id: string): Promise<ArticleEntity> {
    const article = await this.repository.findRowById(id);
    if (!article) throw notFound('Article', id);
    return article;
  }

  /** Authors change only their own drafts; editors change anything. */
  assertMayEdit(actor: Actor, article: ArticleEntity): void {
    if (roleAtLeast(actor.role, 'editor')) return;
    if (article.createdById !== actor.userId) throw forbidden('Authors may change only their own articles.');
    if (article.status !== 'draft' && article.status !== 'in_review')
      throw forbidden(`Authors may not change an article that is ${article.status}; ask an editor.`);
  }

  /**
   * The translation group a new or relinked version joins: that of the article `ref` names (by
   * id, or by slug in another locale), if the story has no version in `locale` yet.
   */
  private async translationGroupOf(ref: string, locale: string, selfId?: string): Promise<string> {
    let target: ArticleEntity | null | undefined;
    if (UUID_PATTERN.test(ref)) target = await this.repository.findRowById(ref.toLowerCase());
    else {
      const candidates = (await this.repository.findAllBySlug(ref)).filter((c) => c.locale !== locale);
      const best = matchLocale([this.config.fallbackLocale, this.config.defaultLocale], [...new Set(candidates.map((c) => c.locale))]);
      target = candidates.find((c) => c.locale === best) ?? candidates[0];
    }
    if (!target || target.id === selfId) {
      throw badRequest('UNKNOWN_REFERENCE', `translationOf: no other article "${ref}".`, [
        { field: 'translationOf', message: `no other article "${ref}"` },
      ]);
    }
    const taken = await this.repository.versionInLocale(target.translationGroupId, locale, selfId);
    if (taken) {
      throw conflict('TRANSLATION_EXISTS', `The story already has a ${locale} version ("${taken.slug}"); a story has one version per locale.`);
    }
    return target.translationGroupId;
  }

  private async sectionIdOf(slug: string, locale?: string): Promise<string> {
    try {
      return (await this.sections.resolveRef(slug, locale ?? this.config.defaultLocale, 'section')).id;
    } catch {
      throw notFound('Section', slug);
    }
  }

  /** The main image and every body image must exist; each unknown one is named by its path. */
  private async checkMedia(mainImage: string | null, body: BodyBlock[]): Promise<void> {
    if (mainImage) await this.media.resolveId(mainImage, 'mainImage');
    const found = await this.media.findByIds(mediaIdsOf(body));
    const errors = body.flatMap((block, index) =>
      block.type === 'image' && !found.has(block.mediaId) ? [{ field: `body[${index}].mediaId`, message: `no media ${block.mediaId}` }] : [],
    );
    if (errors.length) throw badRequest('UNKNOWN_REFERENCE', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }

  /** The given slug (409 if taken), or one made from the headline, made unique with -2, -3… */
  private async chooseSlug(
    given: string | undefined,
    headline: string,
    locale: string,
    exceptId: string | undefined,
    manager: Parameters<ArticlesRepository['slugExists']>[3],
  ): Promise<string> {
    if (given) {
      if (await this.repository.slugExists(given, locale, exceptId, manager))
        throw conflict('SLUG_TAKEN', `An article with slug "${given}" already exists in locale ${locale}.`);
      return given;
    }
    const base = slugify(headline) || 'article';
    const taken = await this.repository.slugsLike(base, locale, manager);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
