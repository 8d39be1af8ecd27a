/**
 * How a write is named in the audit log, so REST and GraphQL agree: the REST
 * handler `ArticlesController.publish` and the mutation `publishArticle` both
 * become `article.publish`.
 */

/** Which entity a controller or resolver writes, when its handler names don't say. */
const CLASS_ENTITY: Record<string, string> = {
  ArticlesController: 'article',
  ArticlesResolver: 'article',
  SectionsController: 'section',
  SectionsResolver: 'section',
  TagsController: 'tag',
  TagsResolver: 'tag',
  AuthorsController: 'author',
  AuthorsResolver: 'author',
  MediaController: 'media',
  MediaResolver: 'media',
  ApiKeysController: 'apiKey',
  ApiKeysResolver: 'apiKey',
  UsersController: 'user',
  UsersResolver: 'user',
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
  archive: 'archive',
  restore: 'restore',
  revoke: 'revoke',
  upload: 'upload',
  replay: 'replay',
};

export interface WriteName {
  entityType: string;
  action: string;
}

/** `ArticlesController` → `articles`: the fallback for a class the map does not know. */
const entityOfClass = (className: string): string => CLASS_ENTITY[className] ?? className.replace(/(Controller|Resolver)$/, '').toLowerCase();

/**
 * The entity type and action of a write, from the class and the handler that served it.
 * `create`/`createArticle` → `article.create`; `remove`/`deleteTag` → `tag.delete`;
 * `restoreRevision`/`restoreArticleRevision` → `article.restoreRevision`; an unknown verb
 * keeps the handler's name (`article.frobnicate`).
 */
export function nameWrite(className: string, handlerName: string): WriteName {
  const classEntity = entityOfClass(className);
  const match = /^([a-z]+)((?:[A-Z0-9].*)?)$/.exec(handlerName);
  if (!match) return { entityType: classEntity, action: `${classEntity}.${handlerName}` };
  const [, head, tail] = match;
  const noun = HANDLER_NOUNS.find(([word]) => tail.startsWith(word) && !/^[a-z]/.test(tail.slice(word.length)));
  const entityType = noun ? noun[1] : classEntity;
  const rest = noun ? tail.slice(noun[0].length) : tail;
  const verb = VERBS[head];
  return { entityType, action: `${entityType}.${verb ? verb + rest : handlerName}` };
}
