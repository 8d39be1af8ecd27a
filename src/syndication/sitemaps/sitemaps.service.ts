import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import type { Representation } from '../conditional-reply.js';
import { newest } from '../dates.js';
import { SyndicationRepository, type SitemapArticleRow } from '../syndication.repository.js';
import { SyndicationUrls } from '../syndication-urls.js';
import { SYNDICATION_CONFIG, type SyndicationConfig } from '../../config/syndication.config.js';
import { buildNewsSitemap, buildSitemapIndex, buildUrlset, newsLanguage, SITEMAP_CONTENT_TYPE } from './sitemap-xml.js';

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
    const toUrl = (row: SitemapArticleRow) => ({ loc: this.urls.article(row), lastmod: row.updatedAt });
    const { xml: body, urls } = await buildUrlset(mapChunks(rows, toUrl));
    if (urls === 0 && page > 1) throw notFound('Sitemap', `articles-${page}.xml`);
    return xml(body);
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

async function* mapChunks<T, U>(chunks: AsyncIterable<T[]>, map: (row: T) => U): AsyncGenerator<U[]> {
  for await (const chunk of chunks) yield chunk.map(map);
}
