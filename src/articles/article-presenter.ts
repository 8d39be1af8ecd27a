import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { setCacheClass } from '../common/http/cache-tags.js';
import type { Actor } from '../auth/roles.js';
import { APP_CONFIG, SYNDICATION_CONFIG, type AppConfig } from '../config/config.module.js';
import type { SyndicationConfig } from '../config/syndication.config.js';
import { toArticleBase, toArticleModel } from './article.mapper.js';
import { tagArticles } from './article-cache.js';
import { ArticleRelationsLoader } from './article-relations.js';
import type { ArticleEntity } from './article.entity.js';
import type { ArticleModel } from './dto/article.model.js';
import type { JsonLdSite } from './json-ld.js';

/** How REST answers with one full article: relations loaded, and an ETag that names the version. */
@Injectable()
export class ArticlePresenter {
  private readonly site: JsonLdSite;

  constructor(
    private readonly relations: ArticleRelationsLoader,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SYNDICATION_CONFIG) urls: SyndicationConfig,
  ) {
    this.site = { name: config.siteName, baseUrl: config.publicBaseUrl, articleUrlTemplate: urls.articleUrlTemplate };
  }

  /** The full article with its relations, for answers in other shapes too (ninjs); translations as `actor` may see them. */
  async model(article: ArticleEntity, actor: Actor | null = null): Promise<ArticleModel> {
    const [relations, translations] = await Promise.all([this.relations.loadMany([article]), this.relations.translationsOf(article, actor)]);
    return toArticleModel(toArticleBase(article), relations.get(article.id)!, (id) => this.relations.mediaUrl(id), this.site, translations);
  }

  async present(article: ArticleEntity, reply: FastifyReply, actor: Actor | null = null): Promise<ArticleModel> {
    const model = await this.model(article, actor);
    void reply.header('Content-Language', article.locale);
    // The ETag is "<version>-<hash of the bytes sent>" (common/http/http-cache.ts): it changes whenever the
    // representation does, and goes straight back in If-Match.
    reply.request.etagPrefix = String(article.version);
    tagArticles(reply.request, [model]);
    setCacheClass(reply.request, 'article');
    return model;
  }
}
