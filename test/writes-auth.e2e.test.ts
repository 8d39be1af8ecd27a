import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { assertGqlError, assertNoLeak, assertProblem } from './support/assertions.js';
import { ADMIN, DEMO_SLUG, startTestApp, type HttpResponse, type RequestOptions, type TestApp } from './support/test-app.js';

/**
 * Every write, REST and GraphQL, with no credential, with too low a role and with
 * the right one; bad credentials of every kind; API keys; authors' own drafts.
 */

type Role = 'reader' | 'author' | 'editor' | 'admin';
const ROLES: Role[] = ['reader', 'author', 'editor', 'admin'];
const rolesBelow = (role: Role): Role[] => ROLES.slice(0, ROLES.indexOf(role));

// Known, so the tests can sign a token the server accepts (expired, or for an account that does not exist).
const JWT_SECRET = 'writes-auth-e2e-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'some-other-secret-0123456789-abcdefghijklmnopqrstu';
const ISSUER = 'newsroom-cms';
// Access tokens carry the API audience; a token signed for another audience (previews) is no credential.
const AUDIENCE = 'newsroom:api';
const UNKNOWN_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const UNAUTHENTICATED_CODES = ['UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'TOKEN_EXPIRED'];

const b64url = (value: string) => Buffer.from(value).toString('base64url');

function signJwt(payload: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function assertGqlOk(res: HttpResponse, field: string): void {
  assertNoLeak(res);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.errors, undefined, res.text);
  assert.ok(res.body.data[field] !== null && res.body.data[field] !== undefined && res.body.data[field] !== false, res.text);
}

type Ctx = Record<string, string>;

interface RestCall {
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface GqlCall {
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

interface WriteCase {
  name: string;
  role: Role;
  /** Fresh things to act on (each case gets its own, so a successful delete harms no one). */
  setup: () => Promise<Ctx>;
  rest: (ctx: Ctx) => RestCall;
  okStatus: number;
  gql: (ctx: Ctx) => GqlCall;
  /** After a refused write: what it would have changed is as it was. */
  unchanged: (ctx: Ctx) => Promise<void>;
}

describe(`writes need the right credential (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let seq = 0;
  const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;

  const req = async (method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> => {
    const res = await t.request(method, url, options);
    assertNoLeak(res);
    return res;
  };
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string): Promise<HttpResponse> => {
    const res = await t.gql(query, variables, token);
    assertNoLeak(res);
    return res;
  };

  // Things to act on, made by the roles that may make them.
  const mkSection = async (): Promise<Ctx> => {
    const slug = uniq('auth-section');
    const res = await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: `Section ${slug}`, slug } });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.id, slug, name: res.body.name };
  };
  const mkTag = async (): Promise<Ctx> => {
    const slug = uniq('auth-tag');
    const res = await req('POST', '/api/v1/tags', { token: tokens.editor, body: { name: `Tag ${slug}`, slug, kind: 'topic' } });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.id, slug, name: res.body.name };
  };
  const mkAuthor = async (): Promise<Ctx> => {
    const slug = uniq('auth-author');
    const res = await req('POST', '/api/v1/authors', { token: tokens.editor, body: { name: `Author ${slug}`, slug } });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.id, slug, name: res.body.name };
  };
  const mkArticle = async (token = tokens.author): Promise<Ctx> => {
    const slug = uniq('auth-article');
    const res = await req('POST', '/api/v1/articles', {
      token,
      body: { headline: `Headline ${slug}`, slug, section: 'russia', body: [{ type: 'paragraph', text: 'A paragraph.' }] },
    });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.id, slug, headline: res.body.headline };
  };
  const publish = async (id: string): Promise<void> => {
    const res = await req('POST', `/api/v1/articles/${id}/publish`, { token: tokens.editor });
    assert.equal(res.status, 200, res.text);
  };
  let mediaService: { registerFromFile(path: string): Promise<{ entity: { id: string } }> };
  let tmpDir: string;
  /** A new media record (there is no upload route yet: the service registers a generated PNG). */
  const mkMedia = async (): Promise<Ctx> => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: seq % 256, g: (seq * 7) % 256, b: Date.now() % 256 } } })
      .png()
      .toBuffer();
    const path = join(tmpDir, `${uniq('media')}.png`);
    writeFileSync(path, png);
    const { entity } = await mediaService.registerFromFile(path);
    return { id: entity.id };
  };
  const getArticle = async (id: string) => {
    const res = await req('GET', `/api/v1/articles/${id}`, { token: tokens.editor });
    return res;
  };
  const assertArticle = async (ctx: Ctx, expected: { status?: string; version?: number; headline?: string }) => {
    const res = await getArticle(ctx.id);
    assert.equal(res.status, 200, `article ${ctx.id} should still exist: ${res.text}`);
    if (expected.status) assert.equal(res.body.status, expected.status);
    if (expected.version) assert.equal(res.body.version, expected.version);
    if (expected.headline) assert.equal(res.body.headline, expected.headline);
  };
  const listApiKeys = async () => {
    const res = await req('GET', '/api/v1/api-keys', { token: tokens.admin });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; name: string }[];
  };

  before(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    tmpDir = mkdtempSync(join(tmpdir(), 'writes-auth-media-'));
    t = await startTestApp({ env: { JWT_SECRET } });
    for (const role of ROLES) tokens[role] = await t.token(role);
    const { MediaIngestService } = await import('../src/media/upload/media-ingest.service.js');
    mediaService = t.app.get(MediaIngestService);
  });
  after(async () => {
    await t.close();
    const { rmSync } = await import('node:fs');
    rmSync(tmpDir, { recursive: true, force: true });
  });

  const cases: WriteCase[] = [
    // Sections, tags, authors: editors.
    {
      name: 'POST /sections',
      role: 'editor',
      setup: async () => {
        const slug = uniq('new-section');
        return { slug };
      },
      rest: (c) => ({ method: 'POST', url: '/api/v1/sections', body: { name: 'New section', slug: c.slug } }),
      okStatus: 201,
      gql: (c) => ({
        field: 'createSection',
        query: 'mutation($input: CreateSectionInput!) { createSection(input: $input) { id } }',
        variables: { input: { name: 'New section', slug: c.slug } },
      }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/sections/${c.slug}`)).status, 404),
    },
    {
      name: 'PATCH /sections/{id}',
      role: 'editor',
      setup: mkSection,
      rest: (c) => ({ method: 'PATCH', url: `/api/v1/sections/${c.id}`, body: { name: 'Renamed section' } }),
      okStatus: 200,
      gql: (c) => ({
        field: 'updateSection',
        query: 'mutation($id: ID!, $input: UpdateSectionInput!) { updateSection(id: $id, input: $input) { id name } }',
        variables: { id: c.id, input: { name: 'Renamed section' } },
      }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/sections/${c.slug}`)).body.name, c.name),
    },
    {
      name: 'DELETE /sections/{id}',
      role: 'editor',
      setup: mkSection,
      rest: (c) => ({ method: 'DELETE', url: `/api/v1/sections/${c.id}` }),
      okStatus: 204,
      gql: (c) => ({ field: 'deleteSection', query: 'mutation($id: ID!) { deleteSection(id: $id) }', variables: { id: c.id } }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/sections/${c.slug}`)).status, 200),
    },
    {
      name: 'POST /tags',
      role: 'editor',
      setup: async () => ({ slug: uniq('new-tag') }),
      rest: (c) => ({ method: 'POST', url: '/api/v1/tags', body: { name: 'New tag', slug: c.slug, kind: 'topic' } }),
      okStatus: 201,
      gql: (c) => ({
        field: 'createTag',
        query: 'mutation($input: CreateTagInput!) { createTag(input: $input) { id } }',
        variables: { input: { name: 'New tag', slug: c.slug, kind: 'topic' } },
      }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/tags/${c.slug}`)).status, 404),
    },
    {
      name: 'PATCH /tags/{id}',
      role: 'editor',
      setup: mkTag,
      rest: (c) => ({ method: 'PATCH', url: `/api/v1/tags/${c.id}`, body: { name: 'Renamed tag', kind: 'place' } }),
      okStatus: 200,
      gql: (c) => ({
        field: 'updateTag',
        query: 'mutation($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) { id } }',
        variables: { id: c.id, input: { name: 'Renamed tag', kind: 'place' } },
      }),
      unchanged: async (c) => {
        const tag = (await req('GET', `/api/v1/tags/${c.slug}`)).body;
        assert.equal(tag.name, c.name);
        assert.equal(tag.kind, 'topic');
      },
    },
    {
      name: 'DELETE /tags/{id}',
      role: 'editor',
      setup: mkTag,
      rest: (c) => ({ method: 'DELETE', url: `/api/v1/tags/${c.id}` }),
      okStatus: 204,
      gql: (c) => ({ field: 'deleteTag', query: 'mutation($id: ID!) { deleteTag(id: $id) }', variables: { id: c.id } }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/tags/${c.slug}`)).status, 200),
    },
    {
      name: 'POST /authors',
      role: 'editor',
      setup: async () => ({ slug: uniq('new-author') }),
      rest: (c) => ({ method: 'POST', url: '/api/v1/authors', body: { name: 'New Author', slug: c.slug, bio: 'Writes.' } }),
      okStatus: 201,
      gql: (c) => ({
        field: 'createAuthor',
        query: 'mutation($input: CreateAuthorInput!) { createAuthor(input: $input) { id } }',
        variables: { input: { name: 'New Author', slug: c.slug, bio: 'Writes.' } },
      }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/authors/${c.slug}`)).status, 404),
    },
    {
      name: 'PATCH /authors/{id}',
      role: 'editor',
      setup: mkAuthor,
      rest: (c) => ({ method: 'PATCH', url: `/api/v1/authors/${c.id}`, body: { name: 'Renamed Author', bio: 'New bio.' } }),
      okStatus: 200,
      gql: (c) => ({
        field: 'updateAuthor',
        query: 'mutation($id: ID!, $input: UpdateAuthorInput!) { updateAuthor(id: $id, input: $input) { id } }',
        variables: { id: c.id, input: { name: 'Renamed Author', bio: 'New bio.' } },
      }),
      unchanged: async (c) => {
        const author = (await req('GET', `/api/v1/authors/${c.slug}`)).body;
        assert.equal(author.name, c.name);
        assert.equal(author.bio, null);
      },
    },
    {
      name: 'DELETE /authors/{id}',
      role: 'editor',
      setup: mkAuthor,
      rest: (c) => ({ method: 'DELETE', url: `/api/v1/authors/${c.id}` }),
      okStatus: 204,
      gql: (c) => ({ field: 'deleteAuthor', query: 'mutation($id: ID!) { deleteAuthor(id: $id) }', variables: { id: c.id } }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/authors/${c.slug}`)).status, 200),
    },
    // Media: authors edit captions, editors delete.
    {
      name: 'PATCH /media/{id}',
      role: 'author',
      setup: mkMedia,
      rest: (c) => ({ method: 'PATCH', url: `/api/v1/media/${c.id}`, body: { caption: 'A new caption', creator: 'Someone' } }),
      okStatus: 200,
      gql: (c) => ({
        field: 'updateMedia',
        query: 'mutation($id: ID!, $input: UpdateMediaInput!) { updateMedia(id: $id, input: $input) { id } }',
        variables: { id: c.id, input: { caption: 'A new caption', creator: 'Someone' } },
      }),
      unchanged: async (c) => {
        const media = (await req('GET', `/api/v1/media/${c.id}`)).body;
        assert.equal(media.caption, null);
        assert.equal(media.creator, null);
      },
    },
    {
      name: 'DELETE /media/{id}',
      role: 'editor',
      setup: mkMedia,
      rest: (c) => ({ method: 'DELETE', url: `/api/v1/media/${c.id}` }),
      okStatus: 204,
      gql: (c) => ({ field: 'deleteMedia', query: 'mutation($id: ID!) { deleteMedia(id: $id) }', variables: { id: c.id } }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/media/${c.id}`)).status, 200),
    },
    // Articles: authors create, update and submit; editors delete and move through the workflow.
    {
      name: 'POST /articles',
      role: 'author',
      setup: async () => ({ slug: uniq('new-article') }),
      rest: (c) => ({
        method: 'POST',
        url: '/api/v1/articles',
        body: { headline: 'A new article', slug: c.slug, section: 'russia', body: [{ type: 'paragraph', text: 'Text.' }] },
      }),
      okStatus: 201,
      gql: (c) => ({
        field: 'createArticle',
        query: 'mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }',
        variables: { input: { headline: 'A new article', slug: c.slug, section: 'russia', body: [{ type: 'paragraph', text: 'Text.' }] } },
      }),
      unchanged: async (c) => assert.equal((await req('GET', `/api/v1/articles/${c.slug}`, { token: tokens.editor })).status, 404),
    },
    {
      name: 'PATCH /articles/{id}',
      role: 'author',
      setup: () => mkArticle(tokens.author),
      rest: (c) => ({ method: 'PATCH', url: `/api/v1/articles/${c.id}`, headers: { 'if-match': '"1"' }, body: { headline: 'Changed headline' } }),
      okStatus: 200,
      gql: (c) => ({
        field: 'updateArticle',
        query: 'mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: 1, input: $input) { id version } }',
        variables: { id: c.id, input: { headline: 'Changed headline' } },
      }),
      unchanged: (c) => assertArticle(c, { headline: c.headline, version: 1 }),
    },
    {
      name: 'DELETE /articles/{id}',
      role: 'editor',
      setup: () => mkArticle(tokens.author),
      rest: (c) => ({ method: 'DELETE', url: `/api/v1/articles/${c.id}` }),
      okStatus: 204,
      gql: (c) => ({ field: 'deleteArticle', query: 'mutation($id: ID!) { deleteArticle(id: $id) }', variables: { id: c.id } }),
      unchanged: (c) => assertArticle(c, { version: 1 }),
    },
    {
      name: 'POST /articles/{id}/submit',
      role: 'author',
      setup: () => mkArticle(tokens.author),
      rest: (c) => ({ method: 'POST', url: `/api/v1/articles/${c.id}/submit` }),
      okStatus: 200,
      gql: (c) => ({ field: 'submitArticle', query: 'mutation($id: ID!) { submitArticle(id: $id) { id status } }', variables: { id: c.id } }),
      unchanged: (c) => assertArticle(c, { status: 'draft', version: 1 }),
    },
    {
      name: 'POST /articles/{id}/publish',
      role: 'editor',
      setup: () => mkArticle(tokens.author),
      rest: (c) => ({ method: 'POST', url: `/api/v1/articles/${c.id}/publish` }),
      okStatus: 200,
      gql: (c) => ({ field: 'publishArticle', query: 'mutation($id: ID!) { publishArticle(id: $id) { id status } }', variables: { id: c.id } }),
      unchanged: async (c) => {
        await assertArticle(c, { status: 'draft', version: 1 });
        assert.equal((await req('GET', `/api/v1/articles/${c.id}`)).status, 404);
      },
    },
    {
      name: 'POST /articles/{id}/unpublish',
      role: 'editor',
      setup: async () => {
        const ctx = await mkArticle(tokens.author);
        await publish(ctx.id);
        return ctx;
      },
      rest: (c) => ({ method: 'POST', url: `/api/v1/articles/${c.id}/unpublish` }),
      okStatus: 200,
      gql: (c) => ({ field: 'unpublishArticle', query: 'mutation($id: ID!) { unpublishArticle(id: $id) { id status } }', variables: { id: c.id } }),
      unchanged: async (c) => {
        await assertArticle(c, { status: 'published', version: 2 });
        assert.equal((await req('GET', `/api/v1/articles/${c.id}`)).status, 200);
      },
    },
    {
      name: 'POST /articles/{id}/archive',
      role: 'editor',
      setup: () => mkArticle(tokens.author),
      rest: (c) => ({ method: 'POST', url: `/api/v1/articles/${c.id}/archive` }),
      okStatus: 200,
      gql: (c) => ({ field: 'archiveArticle', query: 'mutation($id: ID!) { archiveArticle(id: $id) { id status } }', variables: { id: c.id } }),
      unchanged: (c) => assertArticle(c, { status: 'draft', version: 1 }),
    },
    // Credentials and accounts: admins.
    {
      name: 'POST /api-keys',
      role: 'admin',
      setup: async () => ({ name: uniq('key') }),
      rest: (c) => ({ method: 'POST', url: '/api/v1/api-keys', body: { name: c.name, role: 'reader' } }),
      okStatus: 201,
      gql: (c) => ({
        field: 'createApiKey',
        query: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { id key } }',
        variables: { input: { name: c.name, role: 'reader' } },
      }),
      unchanged: async (c) => assert.equal((await listApiKeys()).filter((k) => k.name === c.name).length, 0),
    },
    {
      name: 'DELETE /api-keys/{id}',
      role: 'admin',
      setup: async () => {
        const res = await req('POST', '/api/v1/api-keys', { token: tokens.admin, body: { name: uniq('doomed-key'), role: 'reader' } });
        assert.equal(res.status, 201, res.text);
        return { id: res.body.id, key: res.body.key };
      },
      rest: (c) => ({ method: 'DELETE', url: `/api/v1/api-keys/${c.id}` }),
      okStatus: 204,
      gql: (c) => ({ field: 'revokeApiKey', query: 'mutation($id: ID!) { revokeApiKey(id: $id) }', variables: { id: c.id } }),
      unchanged: async (c) => {
        assert.ok((await listApiKeys()).some((k) => k.id === c.id));
        assert.equal((await req('GET', '/api/v1/articles', { token: c.key })).status, 200, 'the key still works');
      },
    },
    {
      name: 'POST /users',
      role: 'admin',
      setup: async () => ({ email: `${uniq('someone')}@example.test` }),
      rest: (c) => ({ method: 'POST', url: '/api/v1/users', body: { email: c.email, password: 'a-long-password', role: 'reader' } }),
      okStatus: 201,
      gql: (c) => ({
        field: 'createUser',
        query: 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
        variables: { input: { email: c.email, password: 'a-long-password', role: 'reader' } },
      }),
      unchanged: async (c) => {
        const users = (await req('GET', '/api/v1/users', { token: tokens.admin })).body as { email: string }[];
        assert.equal(users.filter((u) => u.email === c.email).length, 0);
        const login = await req('POST', '/api/v1/auth/login', { body: { email: c.email, password: 'a-long-password' } });
        assertProblem(login, 401, 'INVALID_CREDENTIALS');
      },
    },
  ];

  describe('REST', () => {
    for (const c of cases) {
      it(`${c.name}: none → 401, ${rolesBelow(c.role).join('/')} → 403, ${c.role} → ${c.okStatus}`, async () => {
        const ctx = await c.setup();
        const call = c.rest(ctx);
        const send = (token?: string) => req(call.method, call.url, { token, body: call.body, headers: call.headers });

        assertProblem(await send(), 401, 'UNAUTHENTICATED');
        await c.unchanged(ctx);
        for (const role of rolesBelow(c.role)) {
          assertProblem(await send(tokens[role]), 403, 'FORBIDDEN');
          await c.unchanged(ctx);
        }
        const ok = await send(tokens[c.role]);
        assert.equal(ok.status, c.okStatus, `${c.role}: ${ok.text.slice(0, 500)}`);
      });
    }
  });

  describe('GraphQL', () => {
    for (const c of cases) {
      it(`${c.gql({}).field}: none → UNAUTHENTICATED, ${rolesBelow(c.role).join('/')} → FORBIDDEN, ${c.role} → ok`, async () => {
        const ctx = await c.setup();
        const call = c.gql(ctx);

        const anonymous = await gql(call.query, call.variables);
        assertGqlError(anonymous, 'UNAUTHENTICATED');
        assert.ok(anonymous.body.data === null || anonymous.body.data?.[call.field] == null, anonymous.text);
        await c.unchanged(ctx);
        for (const role of rolesBelow(c.role)) {
          assertGqlError(await gql(call.query, call.variables, tokens[role]), 'FORBIDDEN');
          await c.unchanged(ctx);
        }
        assertGqlOk(await gql(call.query, call.variables, tokens[c.role]), call.field);
      });
    }
  });

  describe('bad credentials are a 401 everywhere, never anonymous', () => {
    let adminId: string;
    before(async () => {
      const users = (await req('GET', '/api/v1/users', { token: tokens.admin })).body as { id: string; email: string }[];
      adminId = users.find((u) => u.email === ADMIN.email)!.id;
    });
    const now = () => Math.floor(Date.now() / 1000);
    const badHeaders: [string, () => string][] = [
      ['Bearer garbage', () => 'Bearer garbage'],
      [
        'a JWT signed with another secret',
        () => `Bearer ${signJwt({ sub: adminId, role: 'admin', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 3600 }, OTHER_SECRET)}`,
      ],
      [
        'an expired JWT',
        () => `Bearer ${signJwt({ sub: adminId, role: 'admin', iss: ISSUER, aud: AUDIENCE, iat: now() - 7200, exp: now() - 3600 }, JWT_SECRET)}`,
      ],
      ['a malformed JWT', () => `Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bm90LWpzb24.c2lnbmF0dXJl`],
      [
        'an unsigned JWT (alg none)',
        () =>
          `Bearer ${signJwt({ sub: adminId, role: 'admin', iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 }, '', { alg: 'none', typ: 'JWT' }).replace(/[^.]+$/, '')}`,
      ],
      [
        'a JWT for an account that does not exist',
        () => `Bearer ${signJwt({ sub: randomUUID(), role: 'admin', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 3600 }, JWT_SECRET)}`,
      ],
      ['Basic credentials', () => `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString('base64')}`],
      ['an unknown API key', () => 'Bearer nrc_xxx'],
      ['an unknown API key of the real length', () => `Bearer nrc_${Buffer.alloc(32, 7).toString('base64url')}`],
      ['a bare scheme', () => 'Bearer'],
      [
        'a token with the right secret for the preview audience',
        () => `Bearer ${signJwt({ sub: adminId, role: 'admin', iss: ISSUER, aud: 'newsroom:preview', iat: now(), exp: now() + 3600 }, JWT_SECRET)}`,
      ],
    ];

    it('a token signed the same way with the right secret works (so the refusals below are about the credential)', async () => {
      const good = signJwt({ sub: adminId, role: 'admin', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 3600 }, JWT_SECRET);
      const res = await req('GET', '/api/v1/users', { token: good });
      assert.equal(res.status, 200, res.text);
    });

    for (const [label, header] of badHeaders) {
      it(`${label} → 401 on public REST and GraphQL reads and on writes`, async () => {
        const headers = { authorization: header() };
        for (const url of ['/api/v1/articles', `/api/v1/articles/${DEMO_SLUG}`, '/api/v1/sections']) {
          const res = await req('GET', url, { headers });
          assertProblem(res, 401);
          assert.ok(UNAUTHENTICATED_CODES.includes(res.body.code), res.text);
        }
        const read = await req('POST', '/graphql', { headers, body: { query: '{ sections { id } }' } });
        assertGqlError(read, UNAUTHENTICATED_CODES);
        assert.ok(
          read.body.data === null || read.body.data === undefined || read.body.data.sections == null,
          `no data for a bad credential: ${read.text}`,
        );

        const slug = uniq('bad-credential');
        const write = await req('POST', '/api/v1/sections', { headers, body: { name: 'Should not exist', slug } });
        assertProblem(write, 401);
        const mutation = await req('POST', '/graphql', {
          headers,
          body: { query: 'mutation($input: CreateSectionInput!) { createSection(input: $input) { id } }', variables: { input: { name: 'X', slug } } },
        });
        assertGqlError(mutation, UNAUTHENTICATED_CODES);
        assert.equal((await req('GET', `/api/v1/sections/${slug}`)).status, 404);
      });
    }
  });

  describe('API keys', () => {
    it('an admin-made editor key writes as an editor, is listed without its secret, and stops working when revoked', async () => {
      const created = await req('POST', '/api/v1/api-keys', { token: tokens.admin, body: { name: 'Mobile app', role: 'editor' } });
      assert.equal(created.status, 201, created.text);
      const { id, key } = created.body;
      assert.match(key, /^nrc_/);
      assert.equal(created.body.role, 'editor');

      const slug = uniq('by-api-key');
      const write = await req('POST', '/api/v1/sections', { token: key, body: { name: 'Written with a key', slug } });
      assert.equal(write.status, 201, write.text);
      const gqlWrite = await gql(
        'mutation($input: CreateTagInput!) { createTag(input: $input) { id } }',
        { input: { name: 'Key tag', slug: uniq('key-tag'), kind: 'topic' } },
        key,
      );
      assertGqlOk(gqlWrite, 'createTag');
      // An editor key is no admin.
      assertProblem(
        await req('POST', '/api/v1/users', { token: key, body: { email: 'x@example.test', password: 'long-password', role: 'admin' } }),
        403,
        'FORBIDDEN',
      );
      assertProblem(await req('GET', '/api/v1/api-keys', { token: key }), 403, 'FORBIDDEN');

      const list = await req('GET', '/api/v1/api-keys', { token: tokens.admin });
      assert.equal(list.status, 200, list.text);
      const listed = (list.body as Record<string, unknown>[]).find((k) => k.id === id);
      assert.ok(listed, 'the key is listed');
      assert.equal(listed.name, 'Mobile app');
      assert.equal(listed.role, 'editor');
      for (const item of list.body as Record<string, unknown>[]) assert.equal('key' in item, false, `no secret in the list: ${JSON.stringify(item)}`);
      assert.equal(list.text.includes(key), false, 'the secret appears nowhere in the list');
      assert.equal(key.startsWith(String(listed.prefix)), true);
      const gqlList = await gql('{ apiKeys { id name prefix role } }', {}, tokens.admin);
      assert.equal(gqlList.body.errors, undefined, gqlList.text);
      assert.equal(gqlList.text.includes(key), false);

      const revoked = await req('DELETE', `/api/v1/api-keys/${id}`, { token: tokens.admin });
      assert.equal(revoked.status, 204, revoked.text);
      const after = await req('POST', '/api/v1/sections', { token: key, body: { name: 'After revocation', slug: uniq('after-revoke') } });
      assertProblem(after, 401);
      assertProblem(await req('GET', '/api/v1/articles', { token: key }), 401);
      assertGqlError(await gql('{ sections { id } }', {}, key), UNAUTHENTICATED_CODES);
      assert.equal(
        (await listApiKeys()).some((k) => k.id === id),
        false,
      );
      assertProblem(await req('DELETE', `/api/v1/api-keys/${id}`, { token: tokens.admin }), 404, 'NOT_FOUND');
    });

    it('an editor may not mint a key, even for a lower role', async () => {
      assertProblem(await req('POST', '/api/v1/api-keys', { token: tokens.editor, body: { name: 'sneaky', role: 'reader' } }), 403, 'FORBIDDEN');
      assert.equal(
        (await listApiKeys()).some((k) => k.name === 'sneaky'),
        false,
      );
    });
  });

  describe('login', () => {
    it('a wrong password and an unknown email get the same 401 INVALID_CREDENTIALS', async () => {
      const wrong = await req('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'not-the-password' } });
      assertProblem(wrong, 401, 'INVALID_CREDENTIALS');
      assert.equal(wrong.body.accessToken, undefined);
      const unknown = await req('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.test', password: 'not-the-password' } });
      assertProblem(unknown, 401, 'INVALID_CREDENTIALS');
      assert.equal(unknown.body.detail, wrong.body.detail);
      assert.equal(unknown.body.title, wrong.body.title);
    });

    it('the same over GraphQL', async () => {
      const query = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
      const wrong = await gql(query, { input: { email: ADMIN.email, password: 'not-the-password' } });
      assertGqlError(wrong, 'INVALID_CREDENTIALS');
      const unknown = await gql(query, { input: { email: 'nobody@example.test', password: 'not-the-password' } });
      assertGqlError(unknown, 'INVALID_CREDENTIALS');
      assert.equal(unknown.body.errors[0].message, wrong.body.errors[0].message);
      const right = await gql(query, { input: ADMIN });
      assertGqlOk(right, 'login');
    });
  });

  describe("authors and other people's articles", () => {
    let otherAuthor: string;
    before(async () => {
      const email = `${uniq('second-author')}@example.test`;
      const created = await req('POST', '/api/v1/users', { token: tokens.admin, body: { email, password: 'second-author-pw', role: 'author' } });
      assert.equal(created.status, 201, created.text);
      const login = await req('POST', '/api/v1/auth/login', { body: { email, password: 'second-author-pw' } });
      assert.equal(login.status, 200, login.text);
      otherAuthor = login.body.accessToken;
    });
    const patch = (id: string, version: number, body: unknown, token: string) =>
      req('PATCH', `/api/v1/articles/${id}`, { token, headers: { 'if-match': `"${version}"` }, body });
    const gqlUpdate = (id: string, version: number, headline: string, token: string) =>
      gql(
        'mutation($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }',
        { id, v: version, input: { headline } },
        token,
      );

    it('an author updates their own draft but not a colleague’s (403), and an editor may', async () => {
      const mine = await mkArticle(tokens.author);
      const own = await patch(mine.id, 1, { headline: 'My own change' }, tokens.author);
      assert.equal(own.status, 200, own.text);
      assert.equal(own.body.version, 2);

      assertProblem(await patch(mine.id, 2, { headline: 'Not yours' }, otherAuthor), 403, 'FORBIDDEN');
      assertGqlError(await gqlUpdate(mine.id, 2, 'Not yours', otherAuthor), 'FORBIDDEN');
      assertProblem(await req('POST', `/api/v1/articles/${mine.id}/submit`, { token: otherAuthor }), 403, 'FORBIDDEN');
      await assertArticle(mine, { headline: 'My own change', version: 2, status: 'draft' });

      const byEditor = await patch(mine.id, 2, { headline: 'Edited by an editor' }, tokens.editor);
      assert.equal(byEditor.status, 200, byEditor.text);
      assert.equal(byEditor.body.version, 3);
    });

    it("an author may not update an editor's article", async () => {
      const editors = await mkArticle(tokens.editor);
      assertProblem(await patch(editors.id, 1, { headline: 'Taken over' }, tokens.author), 403, 'FORBIDDEN');
      await assertArticle(editors, { headline: editors.headline, version: 1 });
    });

    it('an author may not update their own published article (403); an editor may', async () => {
      const mine = await mkArticle(tokens.author);
      await publish(mine.id);
      assertProblem(await patch(mine.id, 2, { headline: 'Quietly changed' }, tokens.author), 403, 'FORBIDDEN');
      assertGqlError(await gqlUpdate(mine.id, 2, 'Quietly changed', tokens.author), 'FORBIDDEN');
      await assertArticle(mine, { headline: mine.headline, version: 2, status: 'published' });
      const publicView = await req('GET', `/api/v1/articles/${mine.slug}`);
      assert.equal(publicView.body.headline, mine.headline);

      const byEditor = await patch(mine.id, 2, { headline: 'Corrected by the desk' }, tokens.editor);
      assert.equal(byEditor.status, 200, byEditor.text);
      assert.equal(byEditor.body.headline, 'Corrected by the desk');
      const gqlByEditor = await gqlUpdate(mine.id, 3, 'Corrected again', tokens.editor);
      assertGqlOk(gqlByEditor, 'updateArticle');
      assert.equal(gqlByEditor.body.data.updateArticle.version, 4);
    });

    it('readers may not create articles', async () => {
      const res = await req('POST', '/api/v1/articles', {
        token: tokens.reader,
        body: { headline: 'Reader post', section: 'russia', body: [{ type: 'paragraph', text: 'x' }] },
      });
      assertProblem(res, 403, 'FORBIDDEN');
    });

    it('unknown ids stay behind the role check: anonymous is 401 before any 404', async () => {
      assertProblem(await req('DELETE', `/api/v1/articles/${UNKNOWN_ID}`), 401, 'UNAUTHENTICATED');
      assertProblem(await req('DELETE', `/api/v1/articles/${UNKNOWN_ID}`, { token: tokens.author }), 403, 'FORBIDDEN');
      assertProblem(await req('DELETE', `/api/v1/articles/${UNKNOWN_ID}`, { token: tokens.editor }), 404, 'NOT_FOUND');
    });
  });
});
