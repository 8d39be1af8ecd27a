import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, In, MoreThan, type FindOptionsWhere } from 'typeorm';
import { ArticleEntity, type ArticleStatus } from '../articles/article.entity.js';
import { ArticlesRepository } from '../articles/articles.repository.js';
import { SectionEntity } from '../sections/section.entity.js';
import { NinjsService } from '../syndication/ninjs/ninjs.service.js';
import { AuthorEntity } from '../taxonomy/author.entity.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import { compact, type ArticleRecord, type AuthorRecord, type SectionRecord, type TagRecord } from './content-records.js';
import { cliActor } from './context.js';

export type ExportFormat = 'jsonl' | 'ninjs';
const PAGE = 500;

/**
 * Streams the content out, page by page (keyset on id, so memory stays flat whatever
 * the size): jsonl writes sections (parents first), tags, authors, then articles;
 * ninjs writes one news item per article. Returns how many records of each kind.
 */
export async function exportContent(
  app: INestApplicationContext,
  options: { format: ExportFormat; status?: ArticleStatus },
  write: (line: string) => Promise<void>,
): Promise<Record<string, number>> {
  const dataSource = app.get(DataSource);
  const counts: Record<string, number> = {};
  const emit = async (kind: string, record: object) => {
    await write(`${JSON.stringify(record)}\n`);
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  const sections = await dataSource.getRepository(SectionEntity).find({ order: { id: 'ASC' } });
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  if (options.format === 'jsonl') {
    for (const section of byDepth(sections)) {
      const record: SectionRecord = {
        kind: 'section',
        section: compact({
          slug: section.slug,
          locale: section.locale,
          name: section.name,
          description: section.description,
          parent: section.parentId ? sectionById.get(section.parentId)?.slug : undefined,
          position: section.position,
          seoTitle: section.seoTitle,
          seoDescription: section.seoDescription,
        }),
      };
      await emit('section', record);
    }
    for await (const tag of pages(dataSource, TagEntity)) {
      const record: TagRecord = { kind: 'tag', tag: compact({ slug: tag.slug, name: tag.name, kind: tag.kind, mediaTopicUri: tag.mediaTopicUri }) };
      await emit('tag', record);
    }
    for await (const author of pages(dataSource, AuthorEntity)) {
      // The photo is a media id; media travel with backups, not exports.
      const record: AuthorRecord = { kind: 'author', author: compact({ slug: author.slug, name: author.name, bio: author.bio }) };
      await emit('author', record);
    }
  }
  const repository = app.get(ArticlesRepository, { strict: false });
  const ninjs = options.format === 'ninjs' ? app.get(NinjsService, { strict: false }) : undefined;
  const where: FindOptionsWhere<ArticleEntity> = options.status ? { status: options.status } : {};
  for await (const page of pagesOf(dataSource, ArticleEntity, where)) {
    if (ninjs) {
      for (const article of page) await emit('article', await ninjs.item(cliActor(), article.id));
      continue;
    }
    const ids = page.map((a) => a.id);
    const [tagIds, authorIds] = await Promise.all([repository.tagIdsByArticle(ids), repository.authorIdsByArticle(ids)]);
    const [tags, authors] = await Promise.all([
      slugsById(dataSource, TagEntity, [...tagIds.values()].flat()),
      slugsById(dataSource, AuthorEntity, [...authorIds.values()].flat()),
    ]);
    for (const article of page)
      await emit('article', articleRecord(article, sectionById, tagIds.get(article.id) ?? [], tags, authorIds.get(article.id) ?? [], authors));
  }
  return counts;
}

function articleRecord(
  a: ArticleEntity,
  sections: Map<string, SectionEntity>,
  tagIds: string[],
  tagSlugs: Map<string, string>,
  authorIds: string[],
  authorSlugs: Map<string, string>,
): ArticleRecord {
  const iso = (d: Date | null) => d?.toISOString();
  return compact({
    kind: 'article' as const,
    id: a.id,
    status: a.status,
    publishedAt: iso(a.publishedAt),
    firstPublishedAt: iso(a.firstPublishedAt),
    publishAt: iso(a.publishAt),
    unpublishAt: iso(a.unpublishAt),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    translationGroupId: a.translationGroupId,
    article: compact({
      headline: a.headline,
      slug: a.slug,
      locale: a.locale,
      section: sections.get(a.sectionId)?.slug ?? a.sectionId,
      lead: a.lead,
      dateline: a.dateline,
      body: a.body.map((block) => compact({ ...block })),
      tags: tagIds.map((id) => tagSlugs.get(id) ?? id),
      authors: authorIds.map((id) => authorSlugs.get(id) ?? id),
      mainImage: a.mainImageId,
      isBreaking: a.isBreaking,
      urgency: a.urgency,
      commentsEnabled: a.commentsEnabled,
      embargoUntil: iso(a.embargoUntil),
      seoTitle: a.seoTitle,
      seoDescription: a.seoDescription,
      canonicalUrl: a.canonicalUrl,
    }) as ArticleRecord['article'],
  });
}

/** Parents before children, so an import can resolve `parent` by slug. */
function byDepth(sections: SectionEntity[]): SectionEntity[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const depth = (s: SectionEntity, seen = 0): number =>
    s.parentId && byId.has(s.parentId) && seen < 100 ? 1 + depth(byId.get(s.parentId)!, seen + 1) : 0;
  return [...sections].sort(
    (a, b) => depth(a) - depth(b) || a.locale.localeCompare(b.locale) || a.position - b.position || a.slug.localeCompare(b.slug),
  );
}

async function* pagesOf<T extends { id: string }>(dataSource: DataSource, entity: new () => T, where: FindOptionsWhere<T> = {}): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (;;) {
    const page = await dataSource.getRepository(entity).find({
      where: { ...where, ...(after ? { id: MoreThan(after) } : {}) } as FindOptionsWhere<T>,
      order: { id: 'ASC' } as never,
      take: PAGE,
    });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].id;
  }
}

async function* pages<T extends { id: string }>(dataSource: DataSource, entity: new () => T): AsyncGenerator<T> {
  for await (const page of pagesOf(dataSource, entity)) yield* page;
}

async function slugsById<T extends { id: string; slug: string }>(
  dataSource: DataSource,
  entity: new () => T,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await dataSource.getRepository(entity).find({ where: { id: In([...new Set(ids)]) } as FindOptionsWhere<T> });
  return new Map(rows.map((r) => [r.id, r.slug]));
}
