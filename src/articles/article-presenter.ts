import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toArticleBase, toArticleModel } from './article.mapper.js';
import { ArticleRelationsLoader } from './article-relations.js';
import type { ArticleEntity } from './article.entity.js';
import type { ArticleModel } from './dto/article.model.js';

/** How REST answers with one full article: relations loaded, and an ETag that names the version. */
@Injectable()
export class ArticlePresenter {
  constructor(private readonly relations: ArticleRelationsLoader) {}

  async present(article: ArticleEntity, reply: FastifyReply): Promise<ArticleModel> {
    const relations = await this.relations.loadMany([article]);
    const model = toArticleModel(toArticleBase(article), relations.get(article.id)!, (id) => this.relations.mediaUrl(id));
    // "<version>-<hash>": changes whenever the representation does, and goes straight back in If-Match.
    const hash = createHash('sha1').update(JSON.stringify(model)).digest('base64url').slice(0, 16);
    void reply.header('ETag', `"${article.version}-${hash}"`);
    return model;
  }
}
