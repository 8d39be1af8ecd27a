import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { In, type FindOptionsWhere, type Repository } from 'typeorm';
import type { ArticleEntity } from '../../articles/article.entity.js';
import { ArticlesService } from '../../articles/articles.service.js';
import { CreateArticleInput, UpdateArticleInput } from '../../articles/dto/article.input.js';
import type { Actor } from '../../auth/roles.js';
import { isUniqueViolation } from '../../common/errors/db-errors.js';
import { badRequest, conflict, DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../../common/util/clock.js';
import { slugify } from '../../common/util/slugify.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import type { SectionEntity } from '../../sections/section.entity.js';
import { SectionsService } from '../../sections/sections.service.js';
import { TagEntity } from '../../taxonomy/tag.entity.js';
import { TagsService } from '../../taxonomy/tags.service.js';
import { IngestedItemEntity } from './ingested-item.entity.js';
import { MediaTopics } from './media-topics.js';
import { notAnArticle, readIngestDraft, type IngestDraft, type IngestTag } from './ninjs-in.js';
import { NinjsSchemas } from './ninjs-schemas.js';

export interface IngestResult {
  article: ArticleEntity;
  /** A new article (201), or an existing one updated or left as it was (200). */
  created: boolean;
}

function flattenErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    return [...Object.values(error.constraints ?? {}).map((message) => ({ field, message })), ...flattenErrors(error.children ?? [], field)];
  });
}

/** Version strings that are whole numbers compare as numbers; anything else is only ever "different". */
const isOlder = (incoming: string | null, applied: string | null): boolean =>
  incoming !== null && applied !== null && /^\d{1,15}$/.test(incoming) && /^\d{1,15}$/.test(applied) && Number(incoming) < Number(applied);

/**
 * Wire ingest: a ninjs item becomes a draft article, once. The item's `uri` is remembered
 * (ingested_items) with the version applied: the same version again changes nothing, a new
 * one updates that article (whatever its state: a published story stays published).
 */
@Injectable()
export class NinjsIngestService {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    @InjectRepository(IngestedItemEntity) private readonly items: Repository<IngestedItemEntity>,
    @InjectRepository(TagEntity) private readonly tagRows: Repository<TagEntity>,
    private readonly schemas: NinjsSchemas,
    private readonly topics: MediaTopics,
    private readonly articles: ArticlesService,
    private readonly sections: SectionsService,
    private readonly tags: TagsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ingest(actor: Actor, document: unknown, sectionRef: string): Promise<IngestResult> {
    const { item } = this.schemas.parse(document);
    const draft = readIngestDraft(item, (uri) => this.topics.labelOf(uri));
    return this.oneAtATime(draft.uri, () => this.apply(actor, draft, sectionRef));
  }

  /**
   * Runs the ingests of one uri one after another on this instance: a wire that sends an
   * item twice at once gets one article, not a race between two drafts (the unique uri
   * in ingested_items still decides between instances).
   */
  private async oneAtATime<T>(uri: string, work: () => Promise<T>): Promise<T> {
    const run = (this.inFlight.get(uri) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(uri, settled);
    try {
      return await run;
    } finally {
      if (this.inFlight.get(uri) === settled) this.inFlight.delete(uri);
    }
  }

  private async apply(actor: Actor, draft: IngestDraft, sectionRef: string): Promise<IngestResult> {
    for (let attempt = 1; ; attempt += 1) {
      const known = await this.items.findOneBy({ uri: draft.uri });
      if (known) return this.applyVersion(actor, known, draft);
      try {
        return await this.create(actor, draft, sectionRef);
      } catch (error) {
        // Another instance got there first (the same item: its article wins; or the same headline: its slug). Look again.
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  private async create(actor: Actor, draft: IngestDraft, sectionRef: string): Promise<IngestResult> {
    const section = await this.sectionFor(sectionRef, draft.language);
    const input = await this.checked(CreateArticleInput, {
      headline: draft.headline,
      ...(draft.lead ? { lead: draft.lead } : {}),
      ...(draft.dateline ? { dateline: draft.dateline } : {}),
      ...(draft.urgency ? { urgency: draft.urgency } : {}),
      ...(draft.embargoUntil ? { embargoUntil: draft.embargoUntil } : {}),
      locale: section.locale,
      section: section.id,
      body: draft.body,
    });
    input.tags = await this.tagIds(draft.tags);
    const article = await this.articles.create(actor, input);
    try {
      await this.items.insert({ id: randomUUID(), uri: draft.uri, version: draft.version, articleId: article.id, ingestedAt: this.clock.now() });
    } catch (error) {
      // Not recorded, so not kept: a draft no uri leads to would be a duplicate nobody updates.
      await this.articles.remove(actor, article.id);
      throw error;
    }
    return { article, created: true };
  }

  private async applyVersion(actor: Actor, known: IngestedItemEntity, draft: IngestDraft): Promise<IngestResult> {
    const article = await this.articles.getForWrite(actor, known.articleId);
    if (known.version === draft.version) return { article, created: false };
    if (isOlder(draft.version, known.version))
      throw conflict(
        'NINJS_STALE_VERSION',
        `Version ${draft.version} of ${draft.uri} is older than version ${known.version}, which this article already has; nothing changed.`,
      );
    // The item owns its text and concepts: they are replaced; what it leaves out of the rest stays as editors left it.
    const input = await this.checked(UpdateArticleInput, {
      headline: draft.headline,
      lead: draft.lead,
      body: draft.body,
      ...(draft.dateline ? { dateline: draft.dateline } : {}),
      ...(draft.urgency ? { urgency: draft.urgency } : {}),
      ...(draft.embargoUntil ? { embargoUntil: draft.embargoUntil } : {}),
      revisionNote: `ninjs ingest: ${draft.uri} version ${draft.version ?? '(none)'}`.slice(0, 2000),
    });
    input.tags = await this.tagIds(draft.tags);
    const updated = await this.articles.update(actor, article.id, input, article.version);
    await this.items.update({ id: known.id }, { version: draft.version, ingestedAt: this.clock.now() });
    return { article: updated, created: false };
  }

  /** The section by slug in the item's language, or in its primary language ("en-GB" → "en"); the default locale when it has none. */
  private async sectionFor(ref: string, language: string | null): Promise<SectionEntity> {
    const locales = language ? [...new Set([language, language.split('-')[0]])] : [this.config.defaultLocale];
    for (const locale of locales) {
      try {
        return await this.sections.resolveRef(ref, locale, 'section');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    const message = `no section "${ref}" in locale ${locales.join(' or ')}`;
    throw badRequest('UNKNOWN_REFERENCE', `section: ${message}.`, [{ field: 'section', message }]);
  }

  /** Ids of the item's tags: an existing tag with the same Media Topic, else with the same slug, else a new one. */
  private async tagIds(tags: IngestTag[]): Promise<string[]> {
    if (tags.length === 0) return [];
    const topics = tags.flatMap((t) => (t.mediaTopicUri ? [t.mediaTopicUri] : []));
    const where: FindOptionsWhere<TagEntity>[] = [{ slug: In(tags.map((t) => slugify(t.name))) }];
    if (topics.length) where.push({ mediaTopicUri: In(topics) });
    const rows = await this.tagRows.find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
    const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
    const byTopic = new Map<string, string>();
    for (const row of rows) if (row.mediaTopicUri && !byTopic.has(row.mediaTopicUri)) byTopic.set(row.mediaTopicUri, row.id);

    const ids: string[] = [];
    for (const tag of tags) {
      const slug = slugify(tag.name);
      const id = (tag.mediaTopicUri ? byTopic.get(tag.mediaTopicUri) : undefined) ?? bySlug.get(slug) ?? (await this.createTag(tag, slug));
      bySlug.set(slug, id);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private async createTag(tag: IngestTag, slug: string): Promise<string> {
    try {
      return (await this.tags.create({ name: tag.name, kind: tag.kind, slug, mediaTopicUri: tag.mediaTopicUri ?? undefined })).id;
    } catch (error) {
      // Made meanwhile by another request: use that one.
      const row = error instanceof DomainError && error.code === 'SLUG_TAKEN' ? await this.tagRows.findOneBy({ slug }) : null;
      if (row) return row.id;
      throw error;
    }
  }

  /**
   * The article input as the API's own validation sees it. The reader keeps within the
   * article's limits already; this is the net under it, so nothing invalid reaches a table.
   */
  private async checked<T extends object>(type: new () => T, plain: Record<string, unknown>): Promise<T> {
    const input = plainToInstance(type, plain);
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
    const flat = flattenErrors(errors);
    if (flat.length)
      throw notAnArticle(`This ninjs item does not make a valid article: ${flat.map((e) => `${e.field}: ${e.message}`).join('; ')}.`, flat);
    return input;
  }
}
