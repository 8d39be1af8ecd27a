import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * API contract: "The OpenAPI document gives every operation typed parameters (`limit` an integer) and a
 * response schema for each status it returns, so typed clients (openapi-typescript) compile."
 * The document served at /api/docs-json is checked as such, then turned into types by openapi-typescript
 * and a small client using them is compiled with the TypeScript compiler in strict mode.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
/** Statuses that carry no body, so no schema. */
const NO_CONTENT = new Set(['204', '304']);

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );

const COMPONENT = /^#\/components\/schemas\/(.+)$/;

/** The schema a `$ref` points at (undefined when it dangles). */
const resolve = (doc: Document, schema: Schema): Schema | undefined => {
  if (typeof schema.$ref !== 'string') return schema;
  const name = COMPONENT.exec(schema.$ref)?.[1];
  return name === undefined ? undefined : doc.components?.schemas?.[name];
};

/**
 * Where a schema (and what it refers to) leaves a value untyped for openapi-typescript: a bare
 * `{ type: 'object' }` (no properties, additionalProperties or combinator) becomes `Record<string, never>`,
 * an object that may hold no field at all, although the API sends fields in it.
 */
function untypedObjects(doc: Document, schema: Schema, at: string, seen = new Set<Schema>()): string[] {
  const target = resolve(doc, schema);
  if (!target) return [`${at}: $ref ${String(schema.$ref)} does not resolve`];
  if (seen.has(target)) return [];
  seen.add(target);
  const where = typeof schema.$ref === 'string' ? `${at} (${schema.$ref})` : at;
  const found: string[] = [];
  const isObject = target.type === 'object' || (Array.isArray(target.type) && target.type.includes('object'));
  const shaped = ['properties', 'additionalProperties', 'oneOf', 'anyOf', 'allOf'].some((key) => key in target);
  if (isObject && !shaped) found.push(`${where}: { type: 'object' } with no properties`);
  for (const [key, value] of Object.entries(target)) {
    if (key === 'properties' && value && typeof value === 'object')
      for (const [name, sub] of Object.entries(value as Record<string, Schema>)) found.push(...untypedObjects(doc, sub, `${where}.${name}`, seen));
    else if ((key === 'items' || key === 'not') && value && typeof value === 'object' && !Array.isArray(value))
      found.push(...untypedObjects(doc, value as Schema, `${where}[]`, seen));
    else if (key === 'additionalProperties' && value && typeof value === 'object')
      found.push(...untypedObjects(doc, value as Schema, `${where}{}`, seen));
    else if (['oneOf', 'anyOf', 'allOf'].includes(key) && Array.isArray(value))
      value.forEach((sub: Schema, i) => found.push(...untypedObjects(doc, sub, `${where}.${key}[${i}]`, seen)));
  }
  return found;
}

/**
 * A client as an application would write it against the generated types. Each line only compiles if the
 * document types what it uses; the @ts-expect-error lines only compile if a wrong value is refused.
 */
const CLIENT = `import type { components, paths } from './api.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Json<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

// Query parameters are typed: limit is a number (an integer in the document), not a string or unknown.
type ListQuery = NonNullable<paths['/api/v1/articles']['get']['parameters']['query']>;
export const query: ListQuery = { section: 'world', tag: 'diplomacy', locale: 'en', status: 'draft', limit: 20, cursor: 'abc' };
export const limitIsNumber: Equals<ListQuery['limit'], number | undefined> = true;
// @ts-expect-error -- a string is no page size
export const stringLimit: ListQuery = { limit: '20' };
// @ts-expect-error -- nor is any other field name
export const unknownParameter: ListQuery = { pageSize: 20 };
type NewsfeedQuery = NonNullable<paths['/api/v1/newsfeed']['get']['parameters']['query']>;
export const newsfeedLimitIsNumber: Equals<NewsfeedQuery['limit'], number | undefined> = true;
type MediaQuery = NonNullable<paths['/api/v1/media']['get']['parameters']['query']>;
export const mediaLimitIsNumber: Equals<MediaQuery['limit'], number | undefined> = true;
type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
export const auditLimitIsNumber: Equals<AuditQuery['limit'], number | undefined> = true;

// Path and header parameters.
export const articleParameters: paths['/api/v1/articles/{idOrSlug}']['get']['parameters'] = {
  path: { idOrSlug: 'proactive-diplomacy' },
  query: { locale: 'en' },
};
export const patchParameters: paths['/api/v1/articles/{id}']['patch']['parameters'] = {
  path: { id: '00000000-0000-4000-8000-000000000000' },
  header: { 'If-Match': '"3"' },
};
type CompareQuery = paths['/api/v1/articles/{id}/revisions/compare']['get']['parameters']['query'];
export const compareQuery: CompareQuery = { from: 1, to: 2 };

// A response schema for each status: the article (200) and the problem (404) of one GET.
type ArticleGet = paths['/api/v1/articles/{idOrSlug}']['get']['responses'];
type Article = Json<ArticleGet[200]>;
export const headline: Article['headline'] = 'x';
export const articleIsTyped: Equals<Article, components['schemas']['ArticleModel']> = true;
type Problem = ArticleGet[404]['content']['application/problem+json'];
export const notFound: Problem['status'] = 404;

// Body blocks, told apart by their type as the API sends it ("paragraph", not a schema name).
export function blockText(block: Article['body'][number]): string {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
    case 'quote':
      return block.text;
    case 'list':
      return block.items.join('\\n');
    default:
      return '';
  }
}
type Revision = Json<paths['/api/v1/articles/{id}/revisions/{version}']['get']['responses'][200]>;
export const revisionBody: Revision['body'] = [{ type: 'paragraph', text: 'A paragraph.' }];
export const revisionBlocksAreArticleBlocks: Equals<Revision['body'], Article['body']> = true;

// Revision differences carry any JSON value (the document's own examples are strings).
type Changes = Json<paths['/api/v1/articles/{id}/revisions/compare']['get']['responses'][200]>;
export const changes: Changes = [
  { field: 'headline', from: 'Old headline', to: 'New headline' },
  { field: 'lead', from: null, to: 'A lead' },
  { field: 'tagIds', from: [], to: ['00000000-0000-4000-8000-000000000000'] },
];

// Lists, pages and other answers.
type ArticleList = Json<paths['/api/v1/articles']['get']['responses'][200]>;
export const nextCursor = (page: ArticleList): string | null => page.page.nextCursor;
export const firstSlug = (page: ArticleList): string | undefined => page.data[0]?.slug;
type Created = Json<paths['/api/v1/articles']['post']['responses'][201]>;
export const createdVersion = (article: Created): number => article.version;
export const loginBody: paths['/api/v1/auth/login']['post']['requestBody']['content']['application/json'] = {
  email: 'editor@example.test',
  password: 'secret-password',
};
type Health = paths['/health']['get']['responses'];
export const healthStatus = (health: Json<Health[200]> | Json<Health[503]>): string => health.status;

// Feeds: XML as text, the JSON Feed as an object with its fields.
type Rss = paths['/feeds/rss.xml']['get']['responses'][200]['content']['application/rss+xml'];
export const rss: Rss = '<rss version="2.0"></rss>';
type JsonFeed = paths['/feeds/feed.json']['get']['responses'][200]['content']['application/feed+json'];
export const feed: JsonFeed = { version: 'https://jsonfeed.org/version/1.1', title: 'Newsroom', items: [] };

// No body where the API sends none.
type Deleted = paths['/api/v1/articles/{id}']['delete']['responses'][204];
export const deletedHasNoBody: Equals<NonNullable<Deleted['content']>, never> = true;
type NotModified = paths['/sitemap.xml']['get']['responses'][304];
export const notModifiedHasNoBody: Equals<NonNullable<NotModified['content']>, never> = true;
`;

/** `file(line,col): message`, then the line it is about. */
function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const source = diagnostic.file.text.split('\n')[line]?.trim();
  return `${basename(diagnostic.file.fileName)}(${line + 1},${character + 1}): TS${diagnostic.code}: ${message}\n    ${source}`;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2023,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
  skipLibCheck: false,
};

describe(`OpenAPI document for typed clients (${DIALECT})`, () => {
  let t: TestApp;
  let doc: Document;
  let dir: string;

  before(async () => {
    t = await startTestApp({ demo: false });
    const res = await t.request('GET', '/api/docs-json');
    assert.equal(res.status, 200, res.text);
    doc = res.body;
    dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
  });

  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('types every parameter of every operation, and every limit as an integer', () => {
    const operations = operationsOf(doc);
    assert.ok(operations.length > 0, 'the document has operations');
    const problems: string[] = [];
    let limits = 0;
    for (const { name, op } of operations) {
      for (const parameter of op.parameters ?? []) {
        const where = `${name} ${parameter.in} ${parameter.name}`;
        const schema = parameter.schema && resolve(doc, parameter.schema);
        if (!schema) problems.push(`${where}: no schema`);
        else if (typeof schema.type !== 'string' && !Array.isArray(schema.enum))
          problems.push(`${where}: no type (${JSON.stringify(parameter.schema)})`);
        if (parameter.name === 'limit') {
          limits++;
          if (schema?.type !== 'integer') problems.push(`${where}: ${JSON.stringify(schema?.type)}, not an integer`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(limits >= 4, `the paged lists (articles, media, newsfeed, audit) take a limit; found ${limits}`);
  });

  it('gives each status of each operation a response schema (none for 204 and 304)', () => {
    const problems: string[] = [];
    for (const { name, op } of operationsOf(doc)) {
      const responses = Object.entries(op.responses ?? {});
      if (responses.length === 0) problems.push(`${name}: no responses`);
      if (!responses.some(([status]) => /^2\d\d$/.test(status))) problems.push(`${name}: no 2xx response`);
      for (const [status, response] of responses) {
        const media = Object.entries(response.content ?? {});
        if (NO_CONTENT.has(status)) {
          if (media.length > 0) problems.push(`${name} ${status}: has content, but the API sends no body`);
          continue;
        }
        if (media.length === 0) problems.push(`${name} ${status}: no content`);
        for (const [type, { schema }] of media) {
          const at = `${name} ${status} ${type}`;
          if (!schema || Object.keys(schema).length === 0) problems.push(`${at}: no schema`);
          else problems.push(...untypedObjects(doc, schema, at));
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('turns into openapi-typescript types that a strict client compiles against', async () => {
    const ast = await openapiTS(structuredClone(doc) as unknown as OpenAPI3, { silent: true });
    writeFileSync(join(dir, 'api.ts'), astToString(ast));
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const program = ts.createProgram([join(dir, 'client.ts'), join(dir, 'api.ts')], COMPILER_OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    assert.equal(
      diagnostics.length,
      0,
      `the generated types or the client using them do not compile:\n${diagnostics.map(describeDiagnostic).join('\n')}`,
    );
  });
});
