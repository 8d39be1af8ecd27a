import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import type { Representation } from '../conditional-reply.js';
import { newest } from '../dates.js';
import { SyndicationRepository, type SitemapArticleRow } from '../syndication.repository.js';
import { SyndicationUrls } from '../syndication-urls.js';
import { SYNDICATION_CONFIG, type SyndicationConfig } from '../../config/syndication.config.js';
import { buildNewsSitemap, buildSitemapIndex, buildUrlset, newsLanguage, SITEMAP_CONTENT_TYPE, type SitemapUrl } from './sitemap-xml.js';

/** Google News takes articles of the last two days, at most 1,000 per sitemap. */
export const NEWS_WINDOW_MS = 48 * 3_600_000;
export const NEWS_MAX_URLS = 1_000;

const xml = (body: string): Representation => ({ body, contentType: SITEMAP_CONTENT_TYPE, lastModified: null });

/**
 * Sitemaps: /sitemap.xml is always an index of the article files (SITEMAP_PAGE_SIZE
 * URLs each, oldest publication first, so files fill up and then stay put) and the
 * sections file; /sitemaps/news.xml is the Google News sitemap.
 */
@Injectable()
export class SitemapsService {
  constructor(
    private readonly repository: SyndicationRepository,
    private readonly urls: SyndicationUrls,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SYNDICATION_CONFIG) private readonly config: SyndicationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async index(): Promise<Representation> {
    const now = this.clock.now();
    const [files, sections] = await Promise.all([
      this.repository.sitemapFiles(now, this.config.sitemapPageSize),
      this.repository.sitemapSections(now),
    ]);
    return xml(
      buildSitemapIndex([
        ...files.map((file) => ({ loc: this.urls.own(`/sitemaps/articles-${file.page}.xml`), lastmod: file.lastModified })),
        { loc: this.urls.own('/sitemaps/sections.xml'), lastmod: newest(sections.map((s) => s.lastModified)) },
      ]),
    );
  }

  /** Article file `page` (1-based). The first always exists (empty on an empty site); one past the last is a 404. */
  async articles(page: number): Promise<Representation> {
    const now = this.clock.now();
    const rows = this.repository.sitemapArticles(now, page, this.config.sitemapPageSize);
    const { xml: body, urls } = await buildUrlset(this.withAlternates(rows, now));
    if (urls === 0 && page > 1) throw notFound('Sitemap', `articles-${page}.xml`);
    return xml(body);
  }

  /** Each chunk's URLs with the public versions of their stories in other locales, as hreflang alternates. */
  private async *withAlternates(chunks: AsyncIterable<SitemapArticleRow[]>, now: Date): AsyncGenerator<SitemapUrl[]> {
    for await (const chunk of chunks) {
      const versions = await this.repository.versionsOf(
        now,
        chunk.map((row) => row.translationGroupId),
      );
      const byGroup = new Map<string, SitemapArticleRow[]>();
      for (const v of versions) byGroup.set(v.translationGroupId, [...(byGroup.get(v.translationGroupId) ?? []), v]);
      yield chunk.map((row) => {
        const group = byGroup.get(row.translationGroupId) ?? [];
        const alternates = group.length > 1 ? group.map((v) => ({ hreflang: v.locale, href: this.urls.article(v) })) : undefined;
        return { loc: this.urls.article(row), lastmod: row.updatedAt, alternates };
      });
    }
  }

  async sections(): Promise<Representation> {
    const sections = await this.repository.sitemapSections(this.clock.now());
    const { xml: body } = await buildUrlset([sections.map((s) => ({ loc: this.urls.section(s.locale, s.slug), lastmod: s.lastModified }))]);
    return xml(body);
  }

  /** Articles first published in the last 48 hours (by the clock), newest first, at most 1,000. */
  async news(): Promise<Representation> {
    const now = this.clock.now();
    const rows = await this.repository.newsArticles(now, new Date(now.getTime() - NEWS_WINDOW_MS), NEWS_MAX_URLS);
    return xml(
      buildNewsSitemap(
        this.app.siteName,
        rows.map((row) => ({
          loc: this.urls.article(row),
          lastmod: row.updatedAt,
          title: row.headline,
          language: newsLanguage(row.locale),
          publishedAt: row.firstPublishedAt,
        })),
      ),
    );
  }
}
