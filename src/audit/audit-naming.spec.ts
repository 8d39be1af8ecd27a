import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameWrite } from './audit-naming.js';

describe('audit naming', () => {
  it('names a REST handler and its GraphQL mutation alike', () => {
    const pairs: [rest: [string, string], graphql: [string, string], expected: string][] = [
      [['ArticlesController', 'create'], ['ArticlesResolver', 'createArticle'], 'article.create'],
      [['ArticlesController', 'update'], ['ArticlesResolver', 'updateArticle'], 'article.update'],
      [['ArticlesController', 'remove'], ['ArticlesResolver', 'deleteArticle'], 'article.delete'],
      [['ArticlesController', 'publish'], ['ArticlesResolver', 'publishArticle'], 'article.publish'],
      [['ArticlesController', 'unpublish'], ['ArticlesResolver', 'unpublishArticle'], 'article.unpublish'],
      [['ArticlesController', 'restoreRevision'], ['ArticlesResolver', 'restoreArticleRevision'], 'article.restoreRevision'],
      [['SectionsController', 'update'], ['SectionsResolver', 'updateSection'], 'section.update'],
      [['TagsController', 'remove'], ['TagsResolver', 'deleteTag'], 'tag.delete'],
      [['AuthorsController', 'create'], ['AuthorsResolver', 'createAuthor'], 'author.create'],
      [['MediaController', 'update'], ['MediaResolver', 'updateMedia'], 'media.update'],
      [['AuthController', 'createApiKey'], ['AuthResolver', 'createApiKey'], 'apiKey.create'],
      [['AuthController', 'revokeApiKey'], ['AuthResolver', 'revokeApiKey'], 'apiKey.revoke'],
      [['AuthController', 'createUser'], ['AuthResolver', 'createUser'], 'user.create'],
    ];
    for (const [[restClass, restHandler], [gqlClass, gqlHandler], expected] of pairs) {
      const rest = nameWrite(restClass, restHandler);
      const graphql = nameWrite(gqlClass, gqlHandler);
      assert.equal(rest.action, expected, `${restClass}.${restHandler}`);
      assert.equal(graphql.action, expected, `${gqlClass}.${gqlHandler}`);
      assert.equal(rest.entityType, expected.split('.')[0]);
      assert.equal(graphql.entityType, expected.split('.')[0]);
    }
  });

  it('keeps the handler name for a verb it does not know', () => {
    assert.deepEqual(nameWrite('ArticlesController', 'frobnicate'), { entityType: 'article', action: 'article.frobnicate' });
    assert.deepEqual(nameWrite('ArticlesResolver', 'frobnicateArticle'), { entityType: 'article', action: 'article.frobnicateArticle' });
  });

  it('does not read a longer word as an entity noun', () => {
    assert.deepEqual(nameWrite('ArticlesResolver', 'updateTagline'), { entityType: 'article', action: 'article.updateTagline' });
  });

  it('falls back to the lowercased class name', () => {
    assert.deepEqual(nameWrite('WebhooksController', 'create'), { entityType: 'webhooks', action: 'webhooks.create' });
    assert.deepEqual(nameWrite('NewsletterResolver', 'send_now'), { entityType: 'newsletter', action: 'newsletter.send_now' });
  });
});
