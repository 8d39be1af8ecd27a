import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { ArticleWorkflowService } from '../articles/article-workflow.service.js';
import { ArticlesService } from '../articles/articles.service.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import type { Actor } from '../auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { slugify } from '../common/util/slugify.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { Transactions } from '../database/transactions.js';
import { SectionEntity } from '../sections/section.entity.js';
import { SectionsService } from '../sections/sections.service.js';
import { AuthorEntity } from '../taxonomy/author.entity.js';
import { AuthorsService } from '../taxonomy/authors.service.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import { TagsService } from '../taxonomy/tags.service.js';
import { auditCli } from './audit.js';
import { RECORD_CLASSES, RECORD_KINDS, type ArticleRecord, type ContentRecord, type RecordKind } from './content-records.js';
import { cliActor } from './context.js';
import { emptyCounts, type ImportCounts, type ImportState } from './import-state.js';
import { formatFieldErrors, validateInput } from './validate.js';

export interface ImportOptions {
  file: string;
  sha256: string;
  size: number;
  totalLines: number;
  /** Lines up to this one are already in (a resumed import). */
  startAfter: number;
  batchSize: number;
  /** Told after every commit: the state to save and show. */
  onCommit(state: ImportState): Promise<void>;
  /** A line that could not be imported (it is skipped). */
  onBadLine(line: number, reason: string): void;
}

interface PendingArticle {
  line: number;
  record: ArticleRecord;
}

/**
 * Imports a JSON Lines file (the `export` format) through the API's own services:
 * every line is validated with the API's input classes, every article is created and
 * moved through the workflow as an editor would (revisions and outbox events
 * included). Articles are written in batches, one transaction each, together with an
 * audit entry that records the last line committed: that entry is the import's
 * progress, committed with the data, so a resumed import neither skips nor repeats a
 * line. Articles are also recognised by slug and locale, so running a file twice
 * adds nothing the second time. A bad line is reported and skipped; it never leaves
 * part of an article behind.
 */
export class ContentImporter {
  private readonly actor: Actor = cliActor();
  private readonly transactions: Transactions;
  private readonly dataSource: DataSource;
  private readonly config: AppConfig;
  private readonly articles: ArticlesService;
  private readonly workflow: ArticleWorkflowService;
  private readonly counts: ImportCounts = emptyCounts();
  private lastLine: number;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly options: ImportOptions,
  ) {
    this.transactions = app.get(Transactions, { strict: false });
    this.dataSource = app.get(DataSource);
    this.config = app.get<AppConfig>(APP_CONFIG, { strict: false });
    this.articles = app.get(ArticlesService, { strict: false });
    this.workflow = app.get(ArticleWorkflowService, { strict: false });
    this.lastLine = options.startAfter;
  }

  /** The last line committed by an earlier run of this file, from the audit log (0: none). */
  static async committedLine(app: INestApplicationContext, sha256: string): Promise<number> {
    const entry = await app
      .get(DataSource)
      .getRepository(AuditEntryEntity)
      .findOne({ where: { entityType: 'import', entityId: sha256, action: 'import.batch' }, order: { at: 'DESC', id: 'DESC' } });
    const detail = entry?.detail ? (JSON.parse(entry.detail) as { lastLine?: number }) : {};
    return typeof detail.lastLine === 'number' ? detail.lastLine : 0;
  }

  async run(): Promise<ImportCounts> {
    const lines = createInterface({ input: createReadStream(this.options.file), crlfDelay: Infinity });
    let batch: PendingArticle[] = [];
    let lineNo = 0;
    for await (const text of lines) {
      lineNo += 1;
      if (lineNo <= this.options.startAfter) continue;
      const record = text.trim() === '' ? null : await this.parse(lineNo, text);
      if (record?.kind === 'article') {
        batch.push({ line: lineNo, record });
        if (batch.length >= this.options.batchSize) {
          await this.flush(batch, lineNo);
          batch = [];
        }
        continue;
      }
      // Sections, tags and authors go in at once (articles after them refer to them), after the articles before them.
      if (batch.length) {
        await this.flush(batch, lineNo - 1);
        batch = [];
      }
      if (record) await this.importReference(lineNo, record);
      // A line with no article to commit still counts as done once the next batch commits.
    }
    await this.flush(batch, lineNo, true);
    return this.counts;
  }

  private async parse(line: number, text: string): Promise<ContentRecord | null> {
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch (error) {
      return this.bad(line, `not JSON (${(error as Error).message})`);
    }
    const kind = (plain as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !(RECORD_KINDS as readonly string[]).includes(kind)) {
      return this.bad(line, `"kind" must be one of ${RECORD_KINDS.join(', ')}`);
    }
    const result = await validateInput(RECORD_CLASSES[kind as RecordKind], plain);
    if (result.errors) return this.bad(line, `VALIDATION_FAILED: ${formatFieldErrors(result.errors)}`);
    return result.value;
  }

  private bad(line: number, reason: string): null {
    this.counts.badLines += 1;
    this.options.onBadLine(line, reason);
    return null;
  }

  /** A section, tag or author: created through its service unless one with that slug is there already. */
  private async importReference(line: number, record: Exclude<ContentRecord, ArticleRecord>): Promise<void> {
    try {
      if (record.kind === 'section') {
        const input = record.section;
        const locale = input.locale ?? this.config.defaultLocale;
        const slug = input.slug ?? slugify(input.name);
        if (await this.dataSource.getRepository(SectionEntity).existsBy({ slug, locale })) return;
        await this.app.get(SectionsService, { strict: false }).create(input);
        this.counts.sections += 1;
      } else if (record.kind === 'tag') {
        const slug = record.tag.slug ?? slugify(record.tag.name);
        if (await this.dataSource.getRepository(TagEntity).existsBy({ slug })) return;
        await this.app.get(TagsService, { strict: false }).create(record.tag);
        this.counts.tags += 1;
      } else {
        const slug = record.author.slug ?? slugify(record.author.name);
        if (await this.dataSource.getRepository(AuthorEntity).existsBy({ slug })) return;
        await this.app.get(AuthorsService, { strict: false }).create(record.author);
        this.counts.authors += 1;
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.bad(line, `${error.code}: ${error.message}`);
    }
  }

  /**
   * Commits a batch of articles in one transaction with its progress entry. When a line
   * fails, the batch is rolled back and replayed one article per transaction, so the
   * good lines go in and the bad one is named.
   */
  private async flush(batch: PendingArticle[], throughLine: number, last = false): Promise<void> {
    if (batch.length === 0 && throughLine <= this.lastLine && !last) return;
    try {
      const outcomes = await this.transactions.run(async (manager) => {
        const results: ('created' | 'existing')[] = [];
        for (const item of batch) results.push(await this.importArticle(manager, item.record));
        await this.recordProgress(manager, throughLine);
        return results;
      });
      for (const outcome of outcomes) this.counts[outcome === 'created' ? 'articles' : 'existing'] += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const item of batch) {
        try {
          const outcome = await this.transactions.run((manager) => this.importArticle(manager, item.record));
          this.counts[outcome === 'created' ? 'articles' : 'existing'] += 1;
        } catch (lineError) {
          if (!(lineError instanceof DomainError)) throw lineError;
          this.bad(item.line, `${lineError.code}: ${lineError.message}`);
        }
      }
      await this.transactions.run((manager) => this.recordProgress(manager, throughLine));
    }
    this.lastLine = throughLine;
    await this.options.onCommit(this.state(last));
  }

  private async importArticle(manager: EntityManager, record: ArticleRecord): Promise<'created' | 'existing'> {
    const input = record.article;
    const locale = input.locale ?? this.config.defaultLocale;
    if (input.slug && (await manager.getRepository(ArticleEntity).existsBy({ slug: input.slug, locale }))) return 'existing';
    let article = await this.articles.create(this.actor, input, { manager, translationGroupId: record.translationGroupId });
    const move = async (name: Parameters<ArticleWorkflowService['transitionIn']>[3], args = {}) => {
      article = await this.workflow.transitionIn(manager, this.actor, article, name, args);
    };
    switch (record.status) {
      case 'draft':
        break;
      case 'in_review':
        await move('submit');
        break;
      case 'scheduled':
        await move('schedule', { publishAt: record.publishAt, unpublishAt: record.unpublishAt });
        break;
      case 'published':
        await move('publish', { publishedAt: record.publishedAt });
        if (record.unpublishAt) await move('schedule', { unpublishAt: record.unpublishAt });
        break;
      case 'archived':
        if (record.publishedAt) await move('publish', { publishedAt: record.publishedAt });
        await move('archive');
        break;
    }
    return 'created';
  }

  private async recordProgress(manager: EntityManager, lastLine: number): Promise<void> {
    await auditCli(
      this.app,
      { action: 'import.batch', entityType: 'import', entityId: this.options.sha256, detail: { file: this.options.file, lastLine } },
      manager,
    );
  }

  private state(done: boolean): ImportState {
    return {
      file: this.options.file,
      sha256: this.options.sha256,
      size: this.options.size,
      totalLines: this.options.totalLines,
      lastLine: this.lastLine,
      done,
      updatedAt: new Date().toISOString(),
      counts: { ...this.counts },
    };
  }
}
