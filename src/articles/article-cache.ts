import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ResponseCache } from '../cache/response-cache.js';
import type { FastifyRequest } from 'fastify';
import { addCacheTags, articleListTags, CacheTag } from '../common/http/cache-tags.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { Outbox, type DomainEvent } from '../outbox/outbox.service.js';
import { ARTICLE_EVENTS, type ArticleEventData } from './article-events.js';
import { ArticlesRepository } from './articles.repository.js';
import type { ArticlePage } from './articles.service.js';

/** What an article answer shows (full or summary): the article and every related record in it. */
interface ShownArticle {
  id: string;
  /** Set on full articles, which list the story's other versions. */
  translationGroupId?: string;
  section: { id: string } | null;
  tags: { id: string }[];
  authors: { id: string; photo?: { id: string } | null }[];
  mainImage: { id: string } | null;
}

/** Records the surrogate keys of articles in an answer. */
export function tagArticles(request: FastifyRequest, articles: ShownArticle[]): void {
  for (const a of articles) {
    addCacheTags(
      request,
      CacheTag.article(a.id),
      a.translationGroupId && CacheTag.story(a.translationGroupId),
      a.section && CacheTag.section(a.section.id),
      ...a.tags.map((t) => CacheTag.tag(t.id)),
      ...a.authors.flatMap((au) => [CacheTag.author(au.id), au.photo && CacheTag.media(au.photo.id)]),
      a.mainImage && CacheTag.media(a.mainImage.id),
    );
  }
}

/** Records which list a page is (its collection key) and the articles on it (GraphQL: relations are tagged by their loaders). */
export function tagArticlePage(request: FastifyRequest, page: Pick<ArticlePage, 'items' | 'scope'>, collection?: string): void {
  addCacheTags(request, ...(collection ? [collection] : articleListTags(page.scope ?? {})), ...page.items.map((a) => CacheTag.article(a.id)));
}

/** Every cached answer an article change can alter: the article, the lists it is in or was in, and the syndication surfaces. */
export function articleChangeTags(
  data: Pick<ArticleEventData, 'articleId' | 'slug' | 'translationGroupId' | 'sectionId' | 'tagIds' | 'authorIds' | 'previous'>,
): string[] {
  const placements = [data, ...(data.previous ? [data.previous] : [])];
  return [
    CacheTag.article(data.articleId),
    CacheTag.articles,
    CacheTag.newsfeed,
    CacheTag.feeds,
    CacheTag.sitemaps,
    CacheTag.search,
    ...placements.flatMap((p) => [
      CacheTag.slug(p.slug),
      CacheTag.story(p.translationGroupId),
      CacheTag.sectionArticles(p.sectionId),
      ...p.tagIds.map(CacheTag.tagArticles),
      ...p.authorIds.map(CacheTag.authorArticles),
    ]),
  ];
}

/** Whether readers could see the article before or after the change (a draft's edits change no public answer). */
const touchesPublic = (data: ArticleEventData) => data.status === 'published' || data.previousStatus === 'published';

/**
 * Keeps the response cache true to the database: an article change purges what it
 * alters right after its transaction commits and before the write answers (Outbox
 * onCommitted), so the next read anywhere is fresh. An embargo lifts with no write:
 * the scheduler asks on every pass which embargoes ended since the last one and
 * purges for them (every instance does, so in-process caches are purged too).
 */
@Injectable()
export class ArticleCacheInvalidation implements OnModuleInit {
  private embargoCheckedUntil?: Date;

  constructor(
    private readonly cache: ResponseCache,
    private readonly outbox: Outbox,
    private readonly repository: ArticlesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.outbox.onCommitted((event) => this.committed(event));
  }

  private async committed(event: DomainEvent): Promise<void> {
    if (!(ARTICLE_EVENTS as readonly string[]).includes(event.type)) return;
    const data = event.data as ArticleEventData;
    if (touchesPublic(data)) await this.cache.purge(articleChangeTags(data));
  }

  /** Purges for the embargoes that ended since the last call (at first: within one cache lifetime). */
  async liftEmbargoes(): Promise<number> {
    const now = this.clock.now();
    const after = this.embargoCheckedUntil ?? new Date(now.getTime() - this.cache.config.ttlSeconds * 1000);
    if (now <= after) return 0;
    const lifted = await this.repository.embargoEndedBetween(after, now);
    if (lifted.length > 0) {
      const ids = lifted.map((a) => a.id);
      const [tags, authors] = await Promise.all([this.repository.tagIdsByArticle(ids), this.repository.authorIdsByArticle(ids)]);
      await this.cache.purge(
        lifted.flatMap((a) =>
          articleChangeTags({
            articleId: a.id,
            slug: a.slug,
            translationGroupId: a.translationGroupId,
            sectionId: a.sectionId,
            tagIds: tags.get(a.id) ?? [],
            authorIds: authors.get(a.id) ?? [],
            previous: null,
          }),
        ),
      );
    }
    this.embargoCheckedUntil = now;
    return lifted.length;
  }
}
