import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { fillTemplate, SYNDICATION_CONFIG, type SyndicationConfig } from '../config/syndication.config.js';

/** What an article's public URL is made from. */
export interface ArticleUrlParts {
  id: string;
  slug: string;
  locale: string;
  sectionSlug: string;
}

/**
 * Every absolute URL the feeds and sitemaps print: pages on the frontend (from the
 * *_URL_TEMPLATE settings) and documents of this server (from PUBLIC_BASE_URL).
 */
@Injectable()
export class SyndicationUrls {
  constructor(
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SYNDICATION_CONFIG) private readonly config: SyndicationConfig,
  ) {}

  article(parts: ArticleUrlParts): string {
    return fillTemplate(this.config.articleUrlTemplate, {
      base: this.app.publicBaseUrl,
      locale: parts.locale,
      section: parts.sectionSlug,
      slug: parts.slug,
      id: parts.id,
    });
  }

  section(locale: string, sectionSlug: string): string {
    return fillTemplate(this.config.sectionUrlTemplate, { base: this.app.publicBaseUrl, locale, section: sectionSlug });
  }

  home(locale: string): string {
    return fillTemplate(this.config.homeUrlTemplate, { base: this.app.publicBaseUrl, locale });
  }

  /** A document served here, e.g. `/feeds/rss.xml`, with its query (empty values left out). */
  own(path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const search = params.toString();
    return `${this.app.publicBaseUrl}${path}${search ? `?${search}` : ''}`;
  }
}
