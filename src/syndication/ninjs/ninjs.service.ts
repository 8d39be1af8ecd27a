import { Inject, Injectable } from '@nestjs/common';
import { ArticlePresenter } from '../../articles/article-presenter.js';
import { ArticlesService } from '../../articles/articles.service.js';
import type { Actor } from '../../auth/roles.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { MediaTopics } from './media-topics.js';
import { toNinjs22, toNinjs31 } from './ninjs-out.js';
import { NinjsSchemas, type NinjsDocument, type NinjsVersion } from './ninjs-schemas.js';

/** Articles as IPTC ninjs news items, for syndication partners. */
@Injectable()
export class NinjsService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly presenter: ArticlePresenter,
    private readonly schemas: NinjsSchemas,
    private readonly topics: MediaTopics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One article as ninjs, seen as the actor may see it (a reader gets a 404 for anything unpublished). */
  async item(actor: Actor | null, idOrSlug: string, version: NinjsVersion = '3.1', locale?: string): Promise<NinjsDocument> {
    const article = await this.presenter.model(await this.articles.get(actor, idOrSlug, locale));
    const item = toNinjs31(article, {
      siteName: this.config.siteName,
      schemaId: this.schemas.schemaId('3.1'),
      mediaTopicOf: (tag) => tag.mediaTopicUri ?? this.topics.uriForLabel(tag.name),
    });
    return version === '2.2' ? toNinjs22(item, this.schemas.schemaId('2.2')) : item;
  }
}
