import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameWrite } from './audit-naming.js';

const named = (className: string, handlerName: string, routePath?: string) => nameWrite({ className, handlerName, routePath });

describe('audit naming', () => {
  it('names a REST handler and its GraphQL mutation alike', () => {
    const pairs: [rest: [string, string], graphql: [string, string], expected: string][] = [
      [['ArticlesController', 'create'], ['ArticlesResolver', 'createArticle'], 'article.create'],
      [['ArticlesController', 'update'], ['ArticlesResolver', 'updateArticle'], 'article.update'],
      [['ArticlesController', 'remove'], ['ArticlesResolver', 'deleteArticle'], 'article.delete'],
      [['ArticleWorkflowController', 'publish'], ['ArticleWorkflowResolver', 'publishArticle'], 'article.publish'],
      [['ArticleWorkflowController', 'unpublish'], ['ArticleWorkflowResolver', 'unpublishArticle'], 'article.unpublish'],
      [['ArticleWorkflowController', 'schedule'], ['ArticleWorkflowResolver', 'scheduleArticle'], 'article.schedule'],
      [['ArticleWorkflowController', 'unschedule'], ['ArticleWorkflowResolver', 'unscheduleArticle'], 'article.unschedule'],
      [['ArticleWorkflowController', 'previewToken'], ['ArticleWorkflowResolver', 'createPreviewToken'], 'article.createPreviewToken'],
      [['RevisionsController', 'restore'], ['RevisionsResolver', 'restoreArticleRevision'], 'article.restoreRevision'],
      [['SectionsController', 'update'], ['SectionsResolver', 'updateSection'], 'section.update'],
      [['TagsController', 'remove'], ['TagsResolver', 'deleteTag'], 'tag.delete'],
      [['AuthorsController', 'create'], ['AuthorsResolver', 'createAuthor'], 'author.create'],
      [['MediaController', 'update'], ['MediaResolver', 'updateMedia'], 'media.update'],
      [['AuthController', 'createApiKey'], ['AuthResolver', 'createApiKey'], 'apiKey.create'],
      [['AuthController', 'revokeApiKey'], ['AuthResolver', 'revokeApiKey'], 'apiKey.revoke'],
      [['AuthController', 'createUser'], ['AuthResolver', 'createUser'], 'user.create'],
      [['WebhooksController', 'create'], ['WebhooksResolver', 'createWebhook'], 'webhook.create'],
      [['WebhooksController', 'remove'], ['WebhooksResolver', 'deleteWebhook'], 'webhook.delete'],
      [['WebhooksController', 'replayDelivery'], ['WebhooksResolver', 'replayWebhookDelivery'], 'webhook.replayDelivery'],
    ];
    for (const [[restClass, restHandler], [gqlClass, gqlHandler], expected] of pairs) {
      const rest = named(restClass, restHandler);
      const graphql = named(gqlClass, gqlHandler);
      assert.equal(rest.action, expected, `${restClass}.${restHandler}`);
      assert.equal(graphql.action, expected, `${gqlClass}.${gqlHandler}`);
      assert.equal(rest.entityType, expected.split('.')[0]);
      assert.equal(graphql.entityType, expected.split('.')[0]);
    }
  });

  it('keeps the handler name for a verb it does not know', () => {
    assert.deepEqual(named('ArticlesController', 'frobnicate'), { entityType: 'article', action: 'article.frobnicate' });
    assert.deepEqual(named('ArticlesResolver', 'frobnicateArticle'), { entityType: 'article', action: 'article.frobnicateArticle' });
  });

  it('does not read a longer word as an entity noun', () => {
    assert.deepEqual(named('ArticlesResolver', 'updateTagline'), { entityType: 'article', action: 'article.updateTagline' });
  });

  it('falls back to the route path, then to the lowercased class name', () => {
    assert.deepEqual(named('ArticleCorrectionsController', 'create', 'articles/:id/corrections'), {
      entityType: 'article',
      action: 'article.create',
    });
    assert.deepEqual(named('UserAdminController', 'update', '/users'), { entityType: 'user', action: 'user.update' });
    assert.deepEqual(named('NewslettersController', 'create', 'newsletters'), { entityType: 'newsletters', action: 'newsletters.create' });
    assert.deepEqual(named('NewsletterResolver', 'send_now'), { entityType: 'newsletter', action: 'newsletter.send_now' });
  });
});
