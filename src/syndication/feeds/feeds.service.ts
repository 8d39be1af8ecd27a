import { Inject, Injectable } from '@nestjs/common';
import { toArticleBase, toArticleModel } from '../../articles/article.mapper.js';
import { ArticleRelationsLoader } from '../../articles/article-relations.js';
import { ArticlesService } from '../../articles/articles.service.js';
import type { ArticleModel } from '../../articles/dto/article.model.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { SectionsService } from '../../sections/sections.service.js';
import type { Representation } from '../conditional-reply.js';
import { CLOCK, type Clock } from '../../common/util/clock.js';
import { newest } from '../dates.js';
import { SyndicationRepository } from '../syndication.repository.js';
import { SyndicationUrls } from '../syndication-urls.js';
import { SYNDICATION_CONFIG, type SyndicationConfig } from '../../config/syndication.config.js';
import { ATOM_CONTENT_TYPE, buildAtom } from './atom.js';
import type { FeedDocument, FeedFormat, FeedItem } from './feed-document.js';
import { buildJsonFeed, JSON_FEED_CONTENT_TYPE } from './json-feed.js';
import { buildRss, RSS_CONTENT_TYPE } from './rss.js';

export const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

const WRITERS: Record<FeedFormat, { contentType: string; write: (feed: FeedDocument) => string }> = {
  rss: { contentType: RSS_CONTENT_TYPE, write: buildRss },
  atom: { contentType: ATOM_CONTENT_TYPE, write: buildAtom },
  json: { contentType: JSON_FEED_CONTENT_TYPE, write: buildJsonFeed },
};

export interface FeedRequest {
  format: FeedFormat;
  /** A section slug of the locale; the whole edition when left out. */
  section?: string;
  locale?: string;
}

/**
 * The RSS, Atom and JSON feeds of an edition or of one section: the latest public
 * articles (ArticlesService.list, so the visibility rule and order are the API's),
 * their relations loaded in a fixed number of queries.
 */
@Injectable()
export class FeedsService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly relations: ArticleRelationsLoader,
    private readonly sections: SectionsService,
    private readonly urls: SyndicationUrls,
    private readonly repository: SyndicationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SYNDICATION_CONFIG) private readonly config: SyndicationConfig,
  ) {}

  async render(request: FeedRequest): Promise<Representation> {
    const feed = await this.document(request);
    const writer = WRITERS[request.format];
    // Last-Modified follows item changes (an edit or correction counts), not just first publication.
    return { body: writer.write(feed), contentType: writer.contentType, lastModified: feed.updated };
  }

  /** The feed's content, the same for the three formats. Unknown section → 404. */
  async document(request: FeedRequest): Promise<FeedDocument> {
    const locale = request.locale ?? this.app.defaultLocale;
    const section = request.section ? await this.sections.getBySlug(request.section, locale) : null;
    const page = await this.articles.list(null, { filter: { locale, section: section?.id }, limit: this.config.feedSize });
    const [relations, versions] = await Promise.all([
      this.relations.loadMany(page.items),
      this.repository.versionsOf(
        this.clock.now(),
        page.items.map((entity) => entity.translationGroupId),
      ),
    ]);
    const items = page.items.map((entity) => {
      const others = versions.filter((v) => v.translationGroupId === entity.translationGroupId && v.locale !== entity.locale);
      return this.toItem(
        toArticleModel(toArticleBase(entity), relations.get(entity.id)!, (id) => this.relations.mediaUrl(id)),
        others.map((v) => ({ hreflang: v.locale, href: this.urls.article(v) })),
      );
    });
    const base = section ? `/feeds/sections/${encodeURIComponent(section.slug)}/` : '/feeds/';
    // The locale travels in the feed's own links only when it is not the default, so each feed has one URL.
    const query = { locale: locale === this.app.defaultLocale ? undefined : locale };
    const links = Object.fromEntries(
      (Object.keys(FEED_FILES) as FeedFormat[]).map((format) => [format, this.urls.own(`${base}${FEED_FILES[format]}`, query)]),
    ) as Record<FeedFormat, string>;
    return {
      title: section ? `${section.name} | ${this.app.siteName}` : this.app.siteName,
      description: section?.description ?? section?.seoDescription ?? `The latest news from ${this.app.siteName}.`,
      locale,
      homeUrl: section ? this.urls.section(locale, section.slug) : this.urls.home(locale),
      links,
      publisher: this.app.siteName,
      items,
      updated: newest(items.map((item) => item.updated)),
    };
  }

  private toItem(article: ArticleModel, translations: FeedItem['translations']): FeedItem {
    const image = article.mainImage;
    return {
      translations,
      id: article.id,
      url: this.urls.article({ id: article.id, slug: article.slug, locale: article.locale, sectionSlug: article.section.slug }),
      title: article.headline,
      summary: article.lead,
      contentHtml: article.bodyHtml,
      // Dated by first publication; a republished article keeps its original date.
      published: article.firstPublishedAt ?? article.publishedAt ?? article.updatedAt,
      updated: article.updatedAt,
      locale: article.locale,
      section: { name: article.section.name, url: this.urls.section(article.section.locale, article.section.slug) },
      authors: article.authors.map((author) => ({ name: author.name, avatar: author.photo?.url ?? null })),
      tags: article.tags.map((tag) => tag.name),
      image: image
        ? {
            url: image.url,
            mimeType: image.mimeType,
            size: image.size,
            width: image.width,
            height: image.height,
            caption: image.caption,
            altText: image.altText,
            creator: image.creator,
            copyrightNotice: image.copyrightNotice,
          }
        : null,
    };
  }
}
