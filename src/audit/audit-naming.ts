/**
 * How a write is named in the audit log, so REST and GraphQL agree: the REST
 * handler `ArticleWorkflowController.publish` and the mutation `publishArticle`
 * both become `article.publish`.
 */

interface ClassEntity {
  entityType: string;
  /** Added to a bare verb, for controllers of a sub-resource: RevisionsController.restore → `restoreRevision`. */
  qualifier?: string;
}

/** Which entity a controller or resolver writes, when its handler names don't say. */
const CLASS_ENTITY: Record<string, ClassEntity> = {
  ArticlesController: { entityType: 'article' },
  ArticlesResolver: { entityType: 'article' },
  ArticleWorkflowController: { entityType: 'article' },
  ArticleWorkflowResolver: { entityType: 'article' },
  RevisionsController: { entityType: 'article', qualifier: 'Revision' },
  RevisionsResolver: { entityType: 'article', qualifier: 'Revision' },
  SectionsController: { entityType: 'section' },
  SectionsResolver: { entityType: 'section' },
  TagsController: { entityType: 'tag' },
  TagsResolver: { entityType: 'tag' },
  AuthorsController: { entityType: 'author' },
  AuthorsResolver: { entityType: 'author' },
  MediaController: { entityType: 'media' },
  MediaResolver: { entityType: 'media' },
  ApiKeysController: { entityType: 'apiKey' },
  ApiKeysResolver: { entityType: 'apiKey' },
  UsersController: { entityType: 'user' },
  UsersResolver: { entityType: 'user' },
  WebhooksController: { entityType: 'webhook' },
  WebhooksResolver: { entityType: 'webhook' },
};

/** For a controller the map does not know yet: the first segment of its route path. */
const PATH_ENTITY: Record<string, string> = {
  articles: 'article',
  sections: 'section',
  tags: 'tag',
  authors: 'author',
  media: 'media',
  'api-keys': 'apiKey',
  users: 'user',
  webhooks: 'webhook',
};

/**
 * Entity nouns as they appear in handler names (`createApiKey`, `deleteTag`). A noun
 * in the handler wins over the class: AuthController writes both users and API keys.
 * Longest first, so `ApiKey` is not read as something shorter.
 */
const HANDLER_NOUNS: [noun: string, entityType: string][] = (
  [
    ['Article', 'article'],
    ['Section', 'section'],
    ['Tag', 'tag'],
    ['Author', 'author'],
    ['Media', 'media'],
    ['ApiKey', 'apiKey'],
    ['User', 'user'],
    ['Webhook', 'webhook'],
  ] as [string, string][]
).sort((a, b) => b[0].length - a[0].length);

/** Verbs as handlers spell them, and the one word the log uses for each. */
const VERBS: Record<string, string> = {
  create: 'create',
  add: 'create',
  update: 'update',
  remove: 'delete',
  delete: 'delete',
  publish: 'publish',
  unpublish: 'unpublish',
  submit: 'submit',
  schedule: 'schedule',
  unschedule: 'unschedule',
  archive: 'archive',
  restore: 'restore',
  revoke: 'revoke',
  upload: 'upload',
  replay: 'replay',
};

/** REST handlers named as a noun where the mutation has a verb. */
const HANDLER_ALIASES: Record<string, string> = {
  previewToken: 'createPreviewToken',
};

export interface WriteName {
  entityType: string;
  action: string;
}

export interface WriteSite {
  /** The controller or resolver class. */
  className: string;
  /** Its method that served the write. */
  handlerName: string;
  /** The controller's route path (`@Controller('articles/:id')`); none for resolvers. */
  routePath?: string;
}

function entityOfClass({ className, routePath }: WriteSite): ClassEntity {
  const known = CLASS_ENTITY[className];
  if (known) return known;
  const segment = (routePath ?? '').split('/').find((part) => part.length > 0 && !part.startsWith(':'));
  if (segment && PATH_ENTITY[segment]) return { entityType: PATH_ENTITY[segment] };
  return { entityType: className.replace(/(Controller|Resolver)$/, '').toLowerCase() };
}

/**
 * The entity type and action of a write, from the class and the handler that served it.
 * `create`/`createArticle` → `article.create`; `remove`/`deleteTag` → `tag.delete`;
 * RevisionsController `restore`/`restoreArticleRevision` → `article.restoreRevision`;
 * an unknown verb keeps the handler's name (`article.frobnicate`).
 */
export function nameWrite(site: WriteSite): WriteName {
  const owner = entityOfClass(site);
  const handlerName = HANDLER_ALIASES[site.handlerName] ?? site.handlerName;
  const match = /^([a-z]+)((?:[A-Z0-9].*)?)$/.exec(handlerName);
  if (!match) return { entityType: owner.entityType, action: `${owner.entityType}.${handlerName}` };
  const [, head, tail] = match;
  const noun = HANDLER_NOUNS.find(([word]) => tail.startsWith(word) && !/^[a-z]/.test(tail.slice(word.length)));
  const entityType = noun ? noun[1] : owner.entityType;
  const rest = (noun ? tail.slice(noun[0].length) : tail) || (owner.qualifier ?? '');
  const verb = VERBS[head];
  return { entityType, action: `${entityType}.${verb ? verb + rest : handlerName}` };
}
