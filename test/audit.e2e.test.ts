import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { encodeCursor } from '../src/common/pagination/cursor.js';
import { assertGqlError, assertNoLeak, assertProblem } from './support/assertions.js';
import { ADMIN, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * The audit log: every acknowledged write (REST and GraphQL, JWT and API key) has
 * exactly one entry naming who, what, which entity and which request; refused writes
 * have none; admins read it with filters and keyset pages; the database refuses to
 * change or delete an entry.
 */

interface Entry {
  id: string;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  credential: string;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: string | null;
  requestId: string | null;
}

const ENTRY_FIELDS = 'id at actorKind actorId actorLabel credential action entityType entityId detail requestId';
const AUDIT_LOG_QUERY = `query($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${ENTRY_FIELDS} } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe(`audit log (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let adminToken: string;
  let editorToken: string;
  let readerToken: string;
  let adminId: string;
  let editorId: string;
  let apiKey: { id: string; key: string; prefix: string };
  let seq = 0;
  const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;
  const requestId = (name: string) => `audit-e2e-${name}-${(seq += 1)}`;

  const rest = async (method: string, url: string, token: string | undefined, rid: string, body?: unknown): Promise<HttpResponse> => {
    const res = await t.request(method, url, { token, body, headers: { 'x-request-id': rid } });
    assertNoLeak(res);
    assert.equal(res.headers['x-request-id'], rid, 'the request id a client sends is the one the server uses');
    return res;
  };
  const gql = async (query: string, variables: Record<string, unknown>, token: string | undefined, rid?: string): Promise<HttpResponse> => {
    const res = await t.request('POST', '/graphql', { token, body: { query, variables }, headers: rid ? { 'x-request-id': rid } : {} });
    assertNoLeak(res);
    return res;
  };
  const gqlOk = async (query: string, variables: Record<string, unknown>, token: string, rid?: string) => {
    const res = await gql(query, variables, token, rid);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.errors, undefined, res.text);
    return res.body.data;
  };

  /** Every entry matching the REST filters, page by page. */
  const restAll = async (filter: Record<string, string> = {}, limit = 100): Promise<Entry[]> => {
    const entries: Entry[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1000; pages += 1) {
      const query = new URLSearchParams({ ...filter, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const res = await t.request('GET', `/api/v1/audit?${query.toString()}`, { token: adminToken });
      assert.equal(res.status, 200, res.text);
      entries.push(...(res.body.data as Entry[]));
      if (!res.body.page.hasMore) {
        assert.equal(res.body.page.nextCursor, null);
        return entries;
      }
      cursor = res.body.page.nextCursor;
    }
    throw new Error('the audit log never ended');
  };

  /** Every entry matching the GraphQL filter, page by page. */
  const gqlAll = async (filter: Record<string, string> = {}, first = 100): Promise<Entry[]> => {
    const entries: Entry[] = [];
    let afterCursor: string | null = null;
    for (let pages = 0; pages < 1000; pages += 1) {
      const data = await gqlOk(AUDIT_LOG_QUERY, { filter, first, after: afterCursor }, adminToken);
      const { edges, pageInfo } = data.auditLog as { edges: { cursor: string; node: Entry }[]; pageInfo: Record<string, unknown> };
      entries.push(...edges.map((edge) => edge.node));
      assert.equal(pageInfo.hasPreviousPage, false);
      assert.equal(pageInfo.startCursor, edges[0]?.cursor ?? null);
      assert.equal(pageInfo.endCursor, edges.at(-1)?.cursor ?? null);
      if (!pageInfo.hasNextPage) return entries;
      afterCursor = pageInfo.endCursor as string;
    }
    throw new Error('the audit log never ended');
  };

  const newest = async (): Promise<Entry> => {
    const res = await t.request('GET', '/api/v1/audit?limit=1', { token: adminToken });
    assert.equal(res.status, 200, res.text);
    return res.body.data[0] as Entry;
  };

  /** The one entry a request left (the log is newest first, and this suite writes one request at a time). */
  const entryOf = async (rid: string): Promise<Entry> => {
    const found = (await restAll()).filter((entry) => entry.requestId === rid);
    assert.equal(found.length, 1, `expected exactly one entry for request ${rid}, found ${found.length}`);
    return found[0];
  };

  const rowCount = async (): Promise<number> => {
    const [row] = await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM audit_log');
    return Number((row as { n: number | string }).n);
  };

  const assertDetail = (entry: Entry, transport: 'rest' | 'graphql', fields: string[], values: string[] = []) => {
    assert.ok(entry.detail, 'detail is set');
    const detail = JSON.parse(entry.detail) as { transport: string; fields: string[] };
    assert.deepEqual(Object.keys(detail).sort(), ['fields', 'transport']);
    assert.equal(detail.transport, transport);
    assert.deepEqual([...detail.fields].sort(), [...fields].sort());
    for (const value of values) assert.ok(!entry.detail.includes(value), `detail holds a field value: ${entry.detail}`);
  };

  const assertActor = (entry: Entry, who: 'admin' | 'editor' | 'apiKey') => {
    if (who === 'apiKey') {
      assert.equal(entry.actorKind, 'apiKey');
      assert.equal(entry.actorId, adminId, "an API key's writes count for the user who created it");
      assert.equal(entry.credential, `apiKey:${apiKey.id}`);
      assert.equal(entry.actorLabel, `api-key:${apiKey.prefix}`);
    } else {
      const id = who === 'admin' ? adminId : editorId;
      assert.equal(entry.actorKind, 'user');
      assert.equal(entry.actorId, id);
      assert.equal(entry.credential, `jwt:${id}`);
      assert.equal(entry.actorLabel, who === 'admin' ? ADMIN.email : 'editor@example.test');
    }
  };

  // What the first tests write, for the filter and pagination tests further down.
  const written: { sectionId?: string; tagId?: string; articleId?: string } = {};
  const marks: { beforeSection?: string; afterSection?: string } = {};

  before(async () => {
    t = await startTestApp();
    adminToken = await t.token('admin');
    editorToken = await t.token('editor');
    readerToken = await t.token('reader');
    const users = await t.request('GET', '/api/v1/users', { token: adminToken });
    assert.equal(users.status, 200, users.text);
    const byEmail = new Map((users.body as { id: string; email: string }[]).map((u) => [u.email, u.id]));
    adminId = byEmail.get(ADMIN.email)!;
    editorId = byEmail.get('editor@example.test')!;
    assert.ok(adminId && editorId);
  });
  after(async () => {
    await t?.close();
  });

  describe('records every acknowledged write', () => {
    it('an admin creating an API key over REST: apiKey.create, without the secret', async () => {
      const rid = requestId('apikey-create');
      const name = uniq('audit key');
      const res = await rest('POST', '/api/v1/api-keys', adminToken, rid, { name, role: 'editor' });
      assert.equal(res.status, 201, res.text);
      apiKey = { id: res.body.id, key: res.body.key, prefix: res.body.prefix };
      const entry = await entryOf(rid);
      assertActor(entry, 'admin');
      assert.equal(entry.action, 'apiKey.create');
      assert.equal(entry.entityType, 'apiKey');
      assert.equal(entry.entityId, apiKey.id, 'a create names the id it made');
      assert.equal(entry.requestId, rid);
      assertDetail(entry, 'rest', ['name', 'role'], [name, apiKey.key, apiKey.prefix]);
      assert.ok(Math.abs(Date.parse(entry.at) - Date.now()) < 60_000, `at ${entry.at} is now`);
    });

    it('an editor (JWT) creating a section over REST: section.create', async () => {
      const rid = requestId('section-create');
      const slug = uniq('audit-section');
      const description = `Secret description ${slug}`;
      marks.beforeSection = new Date().toISOString();
      await sleep(15);
      const res = await rest('POST', '/api/v1/sections', editorToken, rid, { name: `Audit ${slug}`, slug, description });
      assert.equal(res.status, 201, res.text);
      written.sectionId = res.body.id;
      const entry = await entryOf(rid);
      await sleep(15);
      marks.afterSection = new Date().toISOString();
      assertActor(entry, 'editor');
      assert.equal(entry.action, 'section.create');
      assert.equal(entry.entityType, 'section');
      assert.equal(entry.entityId, written.sectionId);
      assert.equal(entry.requestId, rid);
      assertDetail(entry, 'rest', ['name', 'slug', 'description'], [slug, description]);
    });

    it('an API key creating a tag over GraphQL: tag.create', async () => {
      const rid = requestId('tag-create');
      const slug = uniq('audit-tag');
      const data = await gqlOk(
        'mutation($input: CreateTagInput!) { createTag(input: $input) { id } }',
        { input: { name: `Tag ${slug}`, slug, kind: 'topic' } },
        apiKey.key,
        rid,
      );
      written.tagId = data.createTag.id;
      const entry = await entryOf(rid);
      assertActor(entry, 'apiKey');
      assert.equal(entry.action, 'tag.create');
      assert.equal(entry.entityType, 'tag');
      assert.equal(entry.entityId, written.tagId);
      assertDetail(entry, 'graphql', ['name', 'slug', 'kind'], [slug]);
    });

    it('an admin updating a section over REST and an API key deleting a tag over REST: ids from the route', async () => {
      const rid = requestId('section-update');
      const res = await rest('PATCH', `/api/v1/sections/${written.sectionId}`, adminToken, rid, { name: 'Renamed by the admin' });
      assert.equal(res.status, 200, res.text);
      const entry = await entryOf(rid);
      assertActor(entry, 'admin');
      assert.equal(entry.action, 'section.update');
      assert.equal(entry.entityId, written.sectionId);
      assertDetail(entry, 'rest', ['name'], ['Renamed by the admin']);

      const tagRid = requestId('tag-delete');
      const deleted = await rest('DELETE', `/api/v1/tags/${written.tagId!.toUpperCase()}`, apiKey.key, tagRid);
      assert.equal(deleted.status, 204, deleted.text);
      const tagEntry = await entryOf(tagRid);
      assertActor(tagEntry, 'apiKey');
      assert.equal(tagEntry.action, 'tag.delete');
      assert.equal(tagEntry.entityType, 'tag');
      assert.equal(tagEntry.entityId, written.tagId, 'the id as the app stores it (lowercase)');
      assertDetail(tagEntry, 'rest', []);
    });

    it('an article over both transports: article.create (REST, editor), article.publish (GraphQL, admin), article.unpublish (REST, API key)', async () => {
      const slug = uniq('audit-article');
      const createRid = requestId('article-create');
      const created = await rest('POST', '/api/v1/articles', editorToken, createRid, {
        headline: `Headline ${slug}`,
        slug,
        section: 'russia',
        body: [{ type: 'paragraph', text: 'Paragraph text that must not reach the log.' }],
      });
      assert.equal(created.status, 201, created.text);
      written.articleId = created.body.id;
      const createEntry = await entryOf(createRid);
      assertActor(createEntry, 'editor');
      assert.equal(createEntry.action, 'article.create');
      assert.equal(createEntry.entityType, 'article');
      assert.equal(createEntry.entityId, written.articleId);
      assertDetail(createEntry, 'rest', ['headline', 'slug', 'section', 'body'], [slug, 'Paragraph text', 'russia']);

      const publishRid = requestId('article-publish');
      await gqlOk('mutation($id: ID!) { publishArticle(id: $id) { id status } }', { id: written.articleId }, adminToken, publishRid);
      const publishEntry = await entryOf(publishRid);
      assertActor(publishEntry, 'admin');
      assert.equal(publishEntry.action, 'article.publish');
      assert.equal(publishEntry.entityType, 'article');
      assert.equal(publishEntry.entityId, written.articleId);
      assertDetail(publishEntry, 'graphql', []);

      const unpublishRid = requestId('article-unpublish');
      const unpublished = await rest('POST', `/api/v1/articles/${written.articleId}/unpublish`, apiKey.key, unpublishRid);
      assert.equal(unpublished.status, 200, unpublished.text);
      const unpublishEntry = await entryOf(unpublishRid);
      assertActor(unpublishEntry, 'apiKey');
      assert.equal(unpublishEntry.action, 'article.unpublish');
      assert.equal(unpublishEntry.entityId, written.articleId);
    });

    it('GraphQL deletes and revokes: section.delete, apiKey.revoke (ids from the arguments)', async () => {
      const slug = uniq('audit-doomed');
      const made = await rest('POST', '/api/v1/sections', editorToken, requestId('doomed-create'), { name: `Doomed ${slug}`, slug });
      assert.equal(made.status, 201, made.text);
      const rid = requestId('section-delete');
      const data = await gqlOk('mutation($id: ID!) { deleteSection(id: $id) }', { id: made.body.id }, editorToken, rid);
      assert.equal(data.deleteSection, true);
      const entry = await entryOf(rid);
      assertActor(entry, 'editor');
      assert.equal(entry.action, 'section.delete');
      assert.equal(entry.entityType, 'section');
      assert.equal(entry.entityId, made.body.id);
      assertDetail(entry, 'graphql', []);

      const spare = await rest('POST', '/api/v1/api-keys', adminToken, requestId('spare-key'), { name: uniq('spare key'), role: 'reader' });
      assert.equal(spare.status, 201, spare.text);
      const revokeRid = requestId('apikey-revoke');
      await gqlOk('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: spare.body.id }, adminToken, revokeRid);
      const revoke = await entryOf(revokeRid);
      assertActor(revoke, 'admin');
      assert.equal(revoke.action, 'apiKey.revoke');
      assert.equal(revoke.entityType, 'apiKey');
      assert.equal(revoke.entityId, spare.body.id);
    });

    it('keeps what other modules record themselves (the scheduler: no actor, a system credential)', async () => {
      const { AuditService } = await import('../src/audit/audit.service.js');
      await t.app.get(AuditService).record({
        actor: null,
        systemLabel: 'scheduler',
        action: 'article.publish',
        entityType: 'article',
        entityId: written.articleId!,
        detail: { scheduled: true },
      });
      const [entry] = await restAll({ credential: 'system:scheduler' });
      assert.ok(entry, 'the system entry is listed');
      assert.equal(entry.actorKind, 'system');
      assert.equal(entry.actorId, null);
      assert.equal(entry.actorLabel, 'scheduler');
      assert.equal(entry.action, 'article.publish');
      assert.equal(entry.entityId, written.articleId);
      assert.equal(entry.requestId, null);
      assert.deepEqual(JSON.parse(entry.detail!), { scheduled: true });
    });
  });

  describe('when recording fails', () => {
    it('still answers the committed write (no 500) and records again once the log is back', async () => {
      const { AuditService } = await import('../src/audit/audit.service.js');
      const service = t.app.get(AuditService);
      const countBefore = await rowCount();
      const original = service.record;
      service.record = () => Promise.reject(new Error('the audit log is unavailable'));
      const slug = uniq('audit-unlogged');
      try {
        const res = await rest('POST', '/api/v1/sections', editorToken, requestId('unlogged'), { name: `Unlogged ${slug}`, slug });
        assert.equal(res.status, 201, res.text);
        const gqlRes = await gql('mutation($id: ID!) { deleteSection(id: $id) }', { id: res.body.id }, editorToken);
        assert.equal(gqlRes.body.errors, undefined, gqlRes.text);
        assert.equal(gqlRes.body.data.deleteSection, true);
      } finally {
        service.record = original;
      }
      assert.equal(await rowCount(), countBefore);
      const rid = requestId('logged-again');
      const again = await rest('POST', '/api/v1/sections', editorToken, rid, { name: `Logged ${slug}`, slug });
      assert.equal(again.status, 201, again.text);
      assert.equal((await entryOf(rid)).entityId, again.body.id);
    });
  });

  describe('records nothing for writes it did not acknowledge', () => {
    it('401, 403, 400, 404 and 409 over REST and GraphQL leave no entry; neither does signing in', async () => {
      const countBefore = await rowCount();
      const rids: string[] = [];
      const refused = async (method: string, url: string, token: string | undefined, body: unknown, status: number) => {
        const rid = requestId(`refused-${status}`);
        rids.push(rid);
        const res = await rest(method, url, token, rid, body);
        assertProblem(res, status);
      };
      const slug = uniq('audit-refused');
      await refused('POST', '/api/v1/sections', undefined, { name: 'Anonymous', slug }, 401);
      await refused('POST', '/api/v1/sections', 'not-a-real-token', { name: 'Forged', slug }, 401);
      await refused('POST', '/api/v1/sections', readerToken, { name: 'Reader', slug }, 403);
      await refused('POST', '/api/v1/sections', editorToken, { name: 'Bad', slug, unknownField: 1 }, 400);
      await refused('PATCH', `/api/v1/sections/${written.sectionId}`, editorToken, { name: '' }, 400);
      await refused('PATCH', '/api/v1/sections/0f0e0d0c-0b0a-4909-8807-060504030201', editorToken, { name: 'Nobody' }, 404);
      await refused('POST', `/api/v1/articles/${written.articleId}/unpublish`, editorToken, undefined, 409);
      await refused('GET', '/api/v1/audit', editorToken, undefined, 403);

      const gqlRefused = async (token: string | undefined, code: string | string[]) => {
        const rid = requestId('refused-gql');
        rids.push(rid);
        const res = await gql(
          'mutation($input: CreateSectionInput!) { createSection(input: $input) { id } }',
          { input: { name: 'Refused', slug } },
          token,
          rid,
        );
        assertGqlError(res, code);
      };
      await gqlRefused(undefined, 'UNAUTHENTICATED');
      await gqlRefused(readerToken, 'FORBIDDEN');
      const badRid = requestId('refused-gql-400');
      rids.push(badRid);
      assertGqlError(
        await gql(
          'mutation($id: ID!, $input: UpdateSectionInput!) { updateSection(id: $id, input: $input) { id } }',
          { id: written.sectionId, input: { name: '' } },
          editorToken,
          badRid,
        ),
        ['VALIDATION_FAILED', 'BAD_USER_INPUT'],
      );

      const loginRid = requestId('login');
      rids.push(loginRid);
      const login = await rest('POST', '/api/v1/auth/login', undefined, loginRid, ADMIN);
      assert.equal(login.status, 200, login.text);
      const gqlLoginRid = requestId('login-gql');
      rids.push(gqlLoginRid);
      await gqlOk('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: ADMIN }, '', gqlLoginRid);

      assert.equal(await rowCount(), countBefore, 'no entry was added');
      const leaked = (await restAll()).filter((entry) => entry.requestId && rids.includes(entry.requestId));
      assert.deepEqual(leaked, []);
      assert.equal((await t.request('GET', `/api/v1/sections/${slug}`)).status, 404, 'and nothing was written');
    });
  });

  describe('filters', () => {
    let all: Entry[];
    before(async () => {
      all = await restAll();
      assert.ok(all.length >= 15, `expected the entries written above, got ${all.length}`);
    });

    const expectFilter = async (filter: Record<string, string>, predicate: (entry: Entry) => boolean, atLeast = 1) => {
      const expected = all.filter(predicate).map((entry) => entry.id);
      assert.ok(expected.length >= atLeast, `the suite wrote entries for ${JSON.stringify(filter)}`);
      assert.deepEqual(
        (await restAll(filter)).map((entry) => entry.id),
        expected,
        `REST ${JSON.stringify(filter)}`,
      );
      assert.deepEqual(
        (await gqlAll(filter)).map((entry) => entry.id),
        expected,
        `GraphQL ${JSON.stringify(filter)}`,
      );
    };

    it('lists newest first, ties broken by id', () => {
      for (let i = 1; i < all.length; i += 1) {
        const [newer, older] = [all[i - 1], all[i]];
        assert.ok(newer.at > older.at || (newer.at === older.at && newer.id > older.id), `${newer.at}/${newer.id} before ${older.at}/${older.id}`);
      }
    });

    it('by actorId (the editor; an API key counts for its creator)', async () => {
      await expectFilter({ actorId: editorId }, (entry) => entry.actorId === editorId, 4);
      await expectFilter({ actorId: adminId.toUpperCase() }, (entry) => entry.actorId === adminId, 5);
      assert.ok((await restAll({ actorId: adminId })).some((entry) => entry.actorKind === 'apiKey'));
    });

    it('by credential', async () => {
      await expectFilter({ credential: `apiKey:${apiKey.id}` }, (entry) => entry.credential === `apiKey:${apiKey.id}`, 3);
      await expectFilter({ credential: `jwt:${editorId}` }, (entry) => entry.credential === `jwt:${editorId}`, 4);
    });

    it('by exact action and by prefix (article.*)', async () => {
      await expectFilter({ action: 'section.create' }, (entry) => entry.action === 'section.create', 2);
      await expectFilter({ action: 'article.*' }, (entry) => entry.action.startsWith('article.'), 4);
      const articleActions = new Set((await restAll({ action: 'article.*' })).map((entry) => entry.action));
      assert.deepEqual([...articleActions].sort(), ['article.create', 'article.publish', 'article.unpublish']);
      assert.deepEqual(await restAll({ action: 'article' }), [], 'without ".*" the action is exact');
      assert.deepEqual(await restAll({ action: 'Article.*' }), [], 'the prefix is case-sensitive');
    });

    it('by entityType and entityId: the history of one section', async () => {
      const history = await restAll({ entityType: 'section', entityId: written.sectionId! });
      assert.deepEqual(
        history.map((entry) => entry.action),
        ['section.update', 'section.create'],
      );
      await expectFilter({ entityType: 'section', entityId: written.sectionId!.toUpperCase() }, (entry) => entry.entityId === written.sectionId, 2);
      await expectFilter({ entityType: 'apiKey' }, (entry) => entry.entityType === 'apiKey', 3);
    });

    it('by since and until (ISO 8601 with an offset; since inclusive, until exclusive)', async () => {
      const { beforeSection, afterSection } = marks;
      assert.ok(beforeSection && afterSection);
      const inWindow = (entry: Entry) => entry.at >= beforeSection && entry.at < afterSection;
      await expectFilter({ since: beforeSection, until: afterSection }, inWindow, 1);
      const window = await restAll({ since: beforeSection, until: afterSection });
      assert.deepEqual(
        window.map((entry) => entry.action),
        ['section.create'],
      );
      await expectFilter({ since: afterSection }, (entry) => entry.at >= afterSection, 5);
      await expectFilter({ until: beforeSection }, (entry) => entry.at < beforeSection, 2);
      // The same moment written in Moscow time selects the same entries.
      const moscow = (iso: string) => {
        const shifted = new Date(Date.parse(iso) + 3 * 3600_000).toISOString();
        return `${shifted.slice(0, -1)}+03:00`;
      };
      assert.deepEqual(await restAll({ since: moscow(beforeSection), until: moscow(afterSection) }), window);
      // Exactly at an entry's time: since includes it, until excludes it.
      const created = window[0];
      assert.deepEqual(
        (await restAll({ since: created.at, until: afterSection })).map((entry) => entry.id),
        [created.id],
      );
      assert.deepEqual(await restAll({ since: beforeSection, until: created.at }), []);
    });

    it('combines filters', async () => {
      await expectFilter(
        { actorId: editorId, action: 'section.*', since: marks.beforeSection! },
        (entry) => entry.actorId === editorId && entry.action.startsWith('section.') && entry.at >= marks.beforeSection!,
        2,
      );
    });

    it('refuses bad filters with a 400 naming the field', async () => {
      for (const [query, field] of [
        ['since=2026-11-28T09:30:00', 'since'],
        ['until=2026-02-31T09:30:00Z', 'until'],
        ['since=yesterday', 'since'],
        ['actorId=not-a-uuid', 'actorId'],
        ['action=article.%25', 'action'],
        ['action=*', 'action'],
        ['entityType=article%20OR%201%3D1', 'entityType'],
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=ten', 'limit'],
        ['requestId=x', 'requestId'],
      ] as const) {
        const res = await t.request('GET', `/api/v1/audit?${query}`, { token: adminToken });
        const problem = assertProblem(res, 400, 'VALIDATION_FAILED');
        assert.ok(
          problem.errors?.some((error) => error.field === field),
          `${query}: ${res.text}`,
        );
      }
      const gqlBad = await gql(AUDIT_LOG_QUERY, { filter: { since: '2026-11-28 09:30' }, first: 5 }, adminToken);
      assertGqlError(gqlBad, ['VALIDATION_FAILED', 'BAD_USER_INPUT']);
      assertGqlError(await gql(AUDIT_LOG_QUERY, { first: 101 }, adminToken), ['VALIDATION_FAILED', 'BAD_USER_INPUT']);
    });
  });

  describe('keyset pagination', () => {
    it('walks every entry in small pages, without gaps or repeats, following nextCursor and the Link header', async () => {
      const everything = (await restAll()).map((entry) => entry.id);
      assert.deepEqual(
        (await restAll({}, 3)).map((entry) => entry.id),
        everything,
      );
      assert.deepEqual(
        (await gqlAll({}, 4)).map((entry) => entry.id),
        everything,
      );

      const first = await t.request('GET', '/api/v1/audit?limit=2&action=section.*', { token: adminToken });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.data.length, 2);
      assert.equal(first.body.page.hasMore, true);
      const link = String(first.headers.link);
      const match = /^<http:\/\/cms\.test(\/api\/v1\/audit\?[^>]+)>; rel="next"$/.exec(link);
      assert.ok(match, `Link header: ${link}`);
      const next = new URL(match[1], 'http://cms.test');
      assert.equal(next.searchParams.get('action'), 'section.*', 'the filters carry over');
      assert.equal(next.searchParams.get('limit'), '2');
      assert.equal(next.searchParams.get('cursor'), first.body.page.nextCursor);
      const second = await t.request('GET', match[1], { token: adminToken });
      assert.equal(second.status, 200, second.text);
      const sectionIds = (await restAll({ action: 'section.*' })).map((entry) => entry.id);
      assert.deepEqual(
        [...first.body.data, ...second.body.data].map((entry: Entry) => entry.id),
        sectionIds.slice(0, 4),
      );
    });

    it('keeps entries written at the same instant apart by id', async () => {
      const { AuditEntryEntity } = await import('../src/audit/audit-entry.entity.js');
      const { randomUUID } = await import('node:crypto');
      const at = new Date(Date.now() - 1000);
      const rows = Array.from({ length: 7 }, () => ({
        id: randomUUID(),
        at,
        actorKind: 'system',
        actorId: null,
        actorLabel: 'tie-test',
        credential: 'system:tie-test',
        action: 'tie.test',
        entityType: 'tie',
        entityId: null,
        detail: null,
        requestId: null,
      }));
      await t.app.get(DataSource).getRepository(AuditEntryEntity).insert(rows);
      const expected = rows
        .map((row) => row.id)
        .sort()
        .reverse();
      for (const limit of [1, 2, 3, 7]) {
        assert.deepEqual(
          (await restAll({ credential: 'system:tie-test' }, limit)).map((entry) => entry.id),
          expected,
          `pages of ${limit}`,
        );
      }
      assert.deepEqual(
        (await gqlAll({ credential: 'system:tie-test' }, 2)).map((entry) => entry.id),
        expected,
      );
    });

    it('refuses a forged cursor or one from another list with 400 INVALID_CURSOR', async () => {
      const latest = await newest();
      // A well-formed cursor of the public article list, at an existing entry's place.
      const foreign = encodeCursor({ kind: 'pub', at: latest.at, id: latest.id });
      for (const cursor of ['not-a-cursor', 'AAAA', foreign]) {
        assertProblem(await t.request('GET', `/api/v1/audit?cursor=${cursor}`, { token: adminToken }), 400, 'INVALID_CURSOR');
        assertGqlError(await gql(AUDIT_LOG_QUERY, { after: cursor }, adminToken), 'INVALID_CURSOR');
      }
    });
  });

  describe('who may read it', () => {
    it('admins only: others get 403 and anonymous 401, over REST and GraphQL', async () => {
      assert.equal((await t.request('GET', '/api/v1/audit', { token: adminToken })).status, 200);
      for (const token of [readerToken, editorToken, apiKey.key]) {
        assertProblem(await t.request('GET', '/api/v1/audit', { token }), 403, 'FORBIDDEN');
        assertGqlError(await gql(AUDIT_LOG_QUERY, {}, token), 'FORBIDDEN');
      }
      assertProblem(await t.request('GET', '/api/v1/audit'), 401, 'UNAUTHENTICATED');
      assertGqlError(await gql(AUDIT_LOG_QUERY, {}, undefined), 'UNAUTHENTICATED');
      assertProblem(await t.request('GET', '/api/v1/audit', { token: 'not-a-real-token' }), 401);
    });

    it('offers no route or mutation that changes or deletes an entry', async () => {
      const entry = await newest();
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
        for (const url of ['/api/v1/audit', `/api/v1/audit/${entry.id}`]) {
          const res = await t.request(method, url, { token: adminToken, ...(method === 'DELETE' ? {} : { body: { action: 'x' } }) });
          assert.ok([404, 405].includes(res.status), `${method} ${url} answered ${res.status}`);
        }
      }
      const schema = await gqlOk('{ __schema { mutationType { fields { name } } } }', {}, adminToken);
      const mutations = (schema.__schema.mutationType.fields as { name: string }[]).map((field) => field.name);
      assert.deepEqual(
        mutations.filter((name) => /audit/i.test(name)),
        [],
      );
      assert.deepEqual(await newest(), entry, 'the newest entry is as it was');
    });
  });

  describe('append-only in the database', () => {
    it('refuses raw UPDATE and DELETE; the rows stay as they were', async () => {
      const dataSource = t.app.get(DataSource);
      const before = await restAll();
      const countBefore = await rowCount();
      const target = before.find((entry) => entry.action === 'section.create')!;
      const param = t.dialect === 'postgres' ? '$1' : '?';
      await assert.rejects(dataSource.query(`UPDATE audit_log SET action = 'section.forged' WHERE id = ${param}`, [target.id]), /append-only/);
      await assert.rejects(dataSource.query(`UPDATE audit_log SET actor_label = 'nobody'`), /append-only/);
      await assert.rejects(dataSource.query(`DELETE FROM audit_log WHERE id = ${param}`, [target.id]), /append-only/);
      await assert.rejects(dataSource.query('DELETE FROM audit_log'), /append-only/);
      const { AuditEntryEntity } = await import('../src/audit/audit-entry.entity.js');
      await assert.rejects(dataSource.getRepository(AuditEntryEntity).delete({ id: target.id }), /append-only/);
      assert.equal(await rowCount(), countBefore);
      assert.deepEqual(await restAll(), before);
    });
  });
});
