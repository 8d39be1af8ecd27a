import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLOCK, type Clock } from '../src/common/util/clock.js';
import { assertGqlError, assertProblem, type Problem, servedBy } from './support/assertions.js';
import { startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * The editorial workflow: every transition from every state by every role (REST and
 * GraphQL), no lost updates under 20 concurrent writers, revisions and restore,
 * public corrections, and signed preview tokens.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };
const UNAUTHENTICATED_CODES = ['UNAUTHENTICATED', 'INVALID_CREDENTIALS'];

type Status = 'draft' | 'in_review' | 'scheduled' | 'published' | 'archived';
type Op = 'submit' | 'schedule' | 'unschedule' | 'publish' | 'unpublish' | 'archive';
type Staff = 'author' | 'editor' | 'admin';
type Caller = Staff | 'reader' | 'anonymous';

const STATES: Status[] = ['draft', 'in_review', 'scheduled', 'published', 'archived'];
const OPS: Op[] = ['submit', 'schedule', 'unschedule', 'publish', 'unpublish', 'archive'];
const CALLERS: Caller[] = ['anonymous', 'reader', 'author', 'editor', 'admin'];
const STAFF_RANK: Staff[] = ['author', 'editor', 'admin'];

/**
 * The workflow as the issue states it: the states each operation may start from, where
 * it leads, and the lowest role that may do it (an admin does everything).
 */
const RULES: Record<Op, { from: Status[]; to: Status; role: Staff }> = {
  submit: { from: ['draft'], to: 'in_review', role: 'author' },
  schedule: { from: ['draft', 'in_review', 'scheduled', 'published'], to: 'scheduled', role: 'editor' },
  unschedule: { from: ['scheduled'], to: 'draft', role: 'editor' },
  publish: { from: ['draft', 'in_review', 'scheduled'], to: 'published', role: 'editor' },
  unpublish: { from: ['published'], to: 'draft', role: 'editor' },
  archive: { from: ['draft', 'in_review', 'published'], to: 'archived', role: 'editor' },
};

/** A version problem names the version the article is at now. */
type Conflict = Problem & { currentVersion: number };

type Outcome = { ok: true; to: Status } | { ok: false; status: 401 | 403 | 409; code: string };

/** What (state, operation, caller) must answer. */
function expected(state: Status, op: Op, caller: Caller): Outcome {
  const rule = RULES[op];
  if (caller === 'anonymous') return { ok: false, status: 401, code: 'UNAUTHENTICATED' };
  if (caller === 'reader' || STAFF_RANK.indexOf(caller) < STAFF_RANK.indexOf(rule.role)) return { ok: false, status: 403, code: 'FORBIDDEN' };
  if (!rule.from.includes(state)) return { ok: false, status: 409, code: 'INVALID_TRANSITION' };
  // Scheduling a published article sets its take-down time: it stays published until then.
  return { ok: true, to: op === 'schedule' && state === 'published' ? 'published' : rule.to };
}

const describeOutcome = (o: Outcome) => (o.ok ? `200 ${o.to}` : `${o.status}`);

interface Article {
  id: string;
  slug: string;
  headline: string;
  status: Status;
  version: number;
  updatedAt: string;
  [field: string]: unknown;
}

describe(`editorial workflow (${DIALECT})`, () => {
  let t: TestApp;
  let clock: Clock;
  const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
  let seq = 0;
  const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;
  const inDays = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();
  const tokenOf = (caller: Caller) => (caller === 'anonymous' ? undefined : tokens[caller]);

  const { req, gql } = servedBy(() => t);
  /** The data of a GraphQL answer that must have no errors. */
  const gqlData = <T = Record<string, unknown>>(res: HttpResponse, field: string): T => {
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.errors, undefined, res.text.slice(0, 800));
    assert.ok(res.body.data?.[field] != null, res.text.slice(0, 800));
    return res.body.data[field] as T;
  };

  const mkArticle = async (token = tokens.author, extra: Record<string, unknown> = {}): Promise<Article> => {
    const slug = uniq('wf');
    const res = await req('POST', '/api/v1/articles', {
      token,
      body: { headline: `Workflow ${slug}`, slug, section: 'russia', body: [PARAGRAPH], ...extra },
    });
    assert.equal(res.status, 201, res.text);
    return res.body as Article;
  };
  const getArticle = (idOrSlug: string, token?: string) => req('GET', `/api/v1/articles/${idOrSlug}`, { token });
  const editorView = async (id: string): Promise<Article> => {
    const res = await getArticle(id, tokens.editor);
    assert.equal(res.status, 200, res.text);
    return res.body as Article;
  };
  const move = async (id: string, op: Op, token: string, body?: unknown): Promise<Article> => {
    const res = await req('POST', `/api/v1/articles/${id}/${op}`, { token, body });
    assert.equal(res.status, 200, `${op}: ${res.text}`);
    return res.body as Article;
  };
  /** A fresh article of the author's, brought to `state` by the roles that may. */
  const inState = async (state: Status): Promise<Article> => {
    const a = await mkArticle();
    switch (state) {
      case 'draft':
        return a;
      case 'in_review':
        return move(a.id, 'submit', tokens.author);
      case 'scheduled':
        return move(a.id, 'schedule', tokens.editor, { publishAt: inDays(2) });
      case 'published':
        return move(a.id, 'publish', tokens.editor);
      case 'archived':
        await move(a.id, 'publish', tokens.editor);
        return move(a.id, 'archive', tokens.editor);
    }
  };
  /** The body a transition takes (schedule needs a time; a published article takes only a take-down). */
  const inputFor = (op: Op, state: Status): Record<string, string> | undefined =>
    op === 'schedule' ? (state === 'published' ? { unpublishAt: inDays(3) } : { publishAt: inDays(2) }) : undefined;

  const gqlTransition = (op: Op, id: string, state: Status, token?: string, expectedVersion?: number) => {
    const input = inputFor(op, state);
    const params = ['$id: ID!', '$v: Int', ...(input ? ['$input: ScheduleArticleInput!'] : [])].join(', ');
    const args = ['id: $id', 'expectedVersion: $v', ...(input ? ['input: $input'] : [])].join(', ');
    return gql(`mutation(${params}) { ${op}Article(${args}) { id status version } }`, { id, v: expectedVersion, input }, token);
  };

  before(async () => {
    t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
    clock = t.app.get<Clock>(CLOCK);
    for (const role of ['admin', 'editor', 'author', 'reader'] as const) tokens[role] = await t.token(role);
  });
  after(async () => {
    await t.close();
  });

  describe('the transition matrix', () => {
    /** Anonymous and reader calls change nothing, so one article per state serves them all. */
    const shared = {} as Record<Status, Article>;
    before(async () => {
      for (const state of STATES) shared[state] = await inState(state);
    });
    after(async () => {
      for (const state of STATES) {
        const now = await editorView(shared[state].id);
        assert.equal(now.status, state, 'refused calls left the state as it was');
        assert.equal(now.version, shared[state].version, 'refused calls left the version as it was');
      }
    });

    for (const transport of ['REST', 'GraphQL'] as const) {
      for (const state of STATES) {
        describe(`${transport}: from ${state}`, () => {
          for (const op of OPS) {
            for (const caller of CALLERS) {
              const want = expected(state, op, caller);
              it(`${op} as ${caller} → ${describeOutcome(want)}`, async () => {
                // Refusals for lack of a role change nothing and share an article; the rest get a fresh one.
                const article = want.ok || want.status === 409 ? await inState(state) : shared[state];
                const what = `${transport} ${op} of a ${state} article as ${caller}`;
                if (transport === 'REST') {
                  const res = await req('POST', `/api/v1/articles/${article.id}/${op}`, { token: tokenOf(caller), body: inputFor(op, state) });
                  if (want.ok) {
                    assert.equal(res.status, 200, `${what}: ${res.text}`);
                    assert.equal(res.body.status, want.to, what);
                    assert.equal(res.body.version, article.version + 1, `${what}: one new version`);
                  } else {
                    const problem = assertProblem(res, want.status, want.code);
                    if (want.status === 409) assert.match(problem.detail, new RegExp(op), `${what}: the detail names the transition`);
                  }
                } else {
                  const res = await gqlTransition(op, article.id, state, tokenOf(caller));
                  if (want.ok) {
                    const moved = gqlData<Article>(res, `${op}Article`);
                    assert.equal(moved.status, want.to, what);
                    assert.equal(moved.version, article.version + 1, `${what}: one new version`);
                  } else {
                    assertGqlError(res, want.status === 401 ? UNAUTHENTICATED_CODES : want.code);
                    if (want.status === 409) assert.match(res.body.errors[0].message, new RegExp(op), `${what}: the message names the transition`);
                    assert.equal(res.body.data, null, `${what}: no data`);
                  }
                }
                const now = await editorView(article.id);
                assert.equal(now.status, want.ok ? want.to : state, `${what}: status afterwards`);
                assert.equal(now.version, article.version + (want.ok ? 1 : 0), `${what}: version afterwards`);
              });
            }
          }
        });
      }
    }

    it('draft → in_review → scheduled → published → archived, and published → draft on unpublish, in one article', async () => {
      const a = await mkArticle();
      assert.equal(a.status, 'draft');
      assert.equal((await move(a.id, 'submit', tokens.author)).status, 'in_review');
      assert.equal((await move(a.id, 'schedule', tokens.editor, { publishAt: inDays(1) })).status, 'scheduled');
      const published = await move(a.id, 'publish', tokens.editor);
      assert.equal(published.status, 'published');
      assert.equal(published.publishAt, null, 'publishing now clears the schedule');
      assert.equal((await getArticle(a.slug)).status, 200, 'readers see it');
      assert.equal((await move(a.id, 'unpublish', tokens.editor)).status, 'draft');
      assertProblem(await getArticle(a.slug), 404, 'NOT_FOUND');
      await move(a.id, 'publish', tokens.editor);
      const archived = await move(a.id, 'archive', tokens.editor);
      assert.equal(archived.status, 'archived');
      assert.equal(archived.version, 7);
      assertProblem(await getArticle(a.slug), 404, 'NOT_FOUND');
    });

    it("an author submits only their own draft: someone else's is 403 and stays a draft", async () => {
      const editors = await mkArticle(tokens.editor);
      assertProblem(await req('POST', `/api/v1/articles/${editors.id}/submit`, { token: tokens.author }), 403, 'FORBIDDEN');
      assertGqlError(await gqlTransition('submit', editors.id, 'draft', tokens.author), 'FORBIDDEN');
      const now = await editorView(editors.id);
      assert.equal(now.status, 'draft');
      assert.equal(now.version, 1);
    });

    it('a transition on an unknown article is 404 (REST and GraphQL)', async () => {
      const unknown = '0f0e0d0c-0b0a-4909-8807-060504030201';
      assertProblem(await req('POST', `/api/v1/articles/${unknown}/publish`, { token: tokens.editor }), 404, 'NOT_FOUND');
      assertGqlError(await gqlTransition('publish', unknown, 'draft', tokens.editor), 'NOT_FOUND');
    });

    it('a transition with a stale version is 412 VERSION_CONFLICT carrying currentVersion (REST and GraphQL)', async () => {
      const a = await inState('in_review');
      const stale = await req('POST', `/api/v1/articles/${a.id}/publish`, { token: tokens.editor, headers: { 'if-match': `"${a.version - 1}"` } });
      assert.equal((assertProblem(stale, 412, 'VERSION_CONFLICT') as Conflict).currentVersion, a.version);
      const gqlStale = await gqlTransition('publish', a.id, 'in_review', tokens.editor, a.version - 1);
      assertGqlError(gqlStale, 'VERSION_CONFLICT');
      assert.equal(gqlStale.body.errors[0].extensions.currentVersion, a.version);
      assert.equal((await editorView(a.id)).status, 'in_review');
      const ok = await req('POST', `/api/v1/articles/${a.id}/publish`, { token: tokens.editor, headers: { 'if-match': `"${a.version}"` } });
      assert.equal(ok.status, 200, ok.text);
    });
  });

  describe('no lost updates', () => {
    const WRITERS = 20;

    it(`${WRITERS} concurrent PATCHes based on one version: exactly one 200, the rest 412 with currentVersion`, async () => {
      const a = await mkArticle(tokens.editor);
      const base = await req('PATCH', `/api/v1/articles/${a.id}`, { token: tokens.editor, headers: { 'if-match': '"1"' }, body: { lead: 'Base.' } });
      assert.equal(base.status, 200, base.text);
      const version = base.body.version as number;
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          t.request('PATCH', `/api/v1/articles/${a.id}`, {
            token: i % 2 ? tokens.admin : tokens.editor,
            headers: { 'if-match': `"${version}"` },
            body: { headline: `Concurrent headline ${i}` },
          }),
        ),
      );
      const winners = results.flatMap((res, i) => (res.status === 200 ? [i] : []));
      assert.equal(winners.length, 1, `exactly one winner; statuses: ${results.map((r) => r.status).join(',')}`);
      for (const [i, res] of results.entries()) {
        if (i === winners[0]) continue;
        const problem = assertProblem(res, 412, 'VERSION_CONFLICT') as Conflict;
        assert.equal(problem.currentVersion, version + 1, `loser ${i} is told the current version`);
      }
      const now = await editorView(a.id);
      assert.equal(now.headline, `Concurrent headline ${winners[0]}`, "the winner's change is the one kept");
      assert.equal(now.version, version + 1, 'the version went up by exactly one');
      const revisions = await req('GET', `/api/v1/articles/${a.id}/revisions`, { token: tokens.editor });
      assert.equal(revisions.body.length, version + 1, 'one revision for the one write that happened');
    });

    it(`${WRITERS} concurrent GraphQL updateArticle with one expectedVersion: exactly one success`, async () => {
      const a = await mkArticle(tokens.editor);
      const mutation =
        'mutation($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version headline } }';
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          t.gql(mutation, { id: a.id, v: a.version, input: { headline: `GraphQL concurrent ${i}` } }, tokens.editor),
        ),
      );
      const winners = results.flatMap((res, i) => (res.body?.data?.updateArticle ? [i] : []));
      assert.equal(winners.length, 1, `exactly one winner: ${results.map((r) => r.text.slice(0, 120)).join('\n')}`);
      assert.deepEqual(results[winners[0]].body.data.updateArticle, { version: a.version + 1, headline: `GraphQL concurrent ${winners[0]}` });
      for (const [i, res] of results.entries()) {
        if (i === winners[0]) continue;
        assertGqlError(res, 'VERSION_CONFLICT');
        assert.equal(res.body.errors[0].extensions.currentVersion, a.version + 1);
      }
      const now = await editorView(a.id);
      assert.equal(now.headline, `GraphQL concurrent ${winners[0]}`);
      assert.equal(now.version, a.version + 1);
    });

    it('an update without a version is 428 VERSION_REQUIRED and changes nothing', async () => {
      const a = await mkArticle(tokens.editor);
      const unchanged = await editorView(a.id);
      const res = await req('PATCH', `/api/v1/articles/${a.id}`, { token: tokens.editor, body: { headline: 'No version' } });
      const problem = assertProblem(res, 428, 'VERSION_REQUIRED') as Conflict;
      assert.equal(problem.currentVersion, a.version);
      const gqlNone = await gql(
        'mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { version } }',
        { id: a.id, input: { headline: 'No version' } },
        tokens.editor,
      );
      assertGqlError(gqlNone, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'VERSION_REQUIRED']);
      assert.deepEqual(await editorView(a.id), unchanged);
    });

    it('a stale version is 412 VERSION_CONFLICT with the current version (REST and GraphQL)', async () => {
      const a = await mkArticle(tokens.editor);
      const first = await req('PATCH', `/api/v1/articles/${a.id}`, {
        token: tokens.editor,
        headers: { 'if-match': '"1"' },
        body: { headline: 'First edit' },
      });
      assert.equal(first.status, 200, first.text);
      const stale = await req('PATCH', `/api/v1/articles/${a.id}`, {
        token: tokens.editor,
        headers: { 'if-match': '"1"' },
        body: { headline: 'Lost' },
      });
      assert.equal((assertProblem(stale, 412, 'VERSION_CONFLICT') as Conflict).currentVersion, 2);
      const gqlStale = await gql(
        'mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: 1, input: $input) { version } }',
        { id: a.id, input: { headline: 'Lost' } },
        tokens.editor,
      );
      assertGqlError(gqlStale, 'VERSION_CONFLICT');
      assert.equal(gqlStale.body.errors[0].extensions.currentVersion, 2);
      assert.equal((await editorView(a.id)).headline, 'First edit');
    });
  });

  describe('revisions', () => {
    let tagA: string;
    let tagB: string;
    before(async () => {
      [tagA, tagB] = [uniq('revision-tag-a'), uniq('revision-tag-b')];
      for (const slug of [tagA, tagB]) {
        const res = await req('POST', '/api/v1/tags', { token: tokens.editor, body: { name: `Tag ${slug}`, slug, kind: 'topic' } });
        assert.equal(res.status, 201, res.text);
      }
    });

    const patch = async (id: string, version: number, body: Record<string, unknown>, token = tokens.editor) => {
      const res = await req('PATCH', `/api/v1/articles/${id}`, { token, headers: { 'if-match': `"${version}"` }, body });
      assert.equal(res.status, 200, res.text);
      return res.body as Article;
    };
    const revisions = async (id: string, token = tokens.editor) => {
      const res = await req('GET', `/api/v1/articles/${id}/revisions`, { token });
      assert.equal(res.status, 200, res.text);
      return res.body as Record<string, unknown>[];
    };

    it('create is revision 1; every update, transition and restore adds one with actor, action and note', async () => {
      const a = await mkArticle(tokens.author, { tags: [tagA], lead: 'Original lead.' });
      let list = await revisions(a.id, tokens.author);
      assert.equal(list.length, 1);
      assert.equal(list[0].version, 1);
      assert.equal(list[0].action, 'create');
      assert.equal(list[0].actorLabel, 'author@example.test');
      assert.equal(list[0].headline, a.headline);

      await patch(a.id, 1, { headline: 'Edited by the author', revisionNote: 'tightened the headline' }, tokens.author);
      await move(a.id, 'submit', tokens.author);
      await patch(a.id, 3, { lead: 'Edited by the editor.', revisionNote: 'lead rewritten' });
      await move(a.id, 'publish', tokens.admin);
      const restored = await req('POST', `/api/v1/articles/${a.id}/revisions/1/restore`, { token: tokens.editor });
      assert.equal(restored.status, 200, restored.text);

      list = await revisions(a.id);
      const summary = list.map((r) => [r.version, r.action, r.actorLabel, r.note]);
      assert.deepEqual(summary, [
        [6, 'restore', 'editor@example.test', 'restored from version 1'],
        [5, 'publish', 'admin@example.test', null],
        [4, 'update', 'editor@example.test', 'lead rewritten'],
        [3, 'submit', 'author@example.test', null],
        [2, 'update', 'author@example.test', 'tightened the headline'],
        [1, 'create', 'author@example.test', null],
      ]);
      for (const r of list) {
        assert.equal(typeof r.createdAt, 'string');
        assert.equal(typeof r.actorId, 'string', 'a person made each change');
      }
      assert.deepEqual(
        list.map((r) => r.status),
        ['published', 'published', 'in_review', 'in_review', 'draft', 'draft'],
        'each revision keeps the state it was saved in',
      );

      const viaGql = await gql(
        'query($id: ID!) { articleRevisions(id: $id) { version action actorLabel note headline status } }',
        { id: a.id },
        tokens.author,
      );
      assert.deepEqual(
        gqlData<{ version: number }[]>(viaGql, 'articleRevisions').map((r) => r.version),
        [6, 5, 4, 3, 2, 1],
      );
    });

    it('one revision fetched alone (REST and GraphQL) is the full snapshot; an unknown one is 404', async () => {
      const a = await mkArticle(tokens.editor, { tags: [tagA], lead: 'Lead one.' });
      await patch(a.id, 1, { headline: 'Second headline', revisionNote: 'why not' });
      const listed = (await revisions(a.id)).find((r) => r.version === 2);
      const one = await req('GET', `/api/v1/articles/${a.id}/revisions/2`, { token: tokens.editor });
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(listed, one.body);
      assert.equal(one.body.headline, 'Second headline');
      assert.equal(one.body.lead, 'Lead one.');
      assert.equal(one.body.note, 'why not');
      assert.deepEqual(one.body.body, [PARAGRAPH]);
      assert.equal((one.body.tagIds as string[]).length, 1);

      const viaGql = await gql(
        'query($id: ID!) { articleRevision(id: $id, version: 2) { version headline lead note action actorLabel tagIds } }',
        { id: a.id },
        tokens.editor,
      );
      assert.deepEqual(gqlData(viaGql, 'articleRevision'), {
        version: 2,
        headline: 'Second headline',
        lead: 'Lead one.',
        note: 'why not',
        action: 'update',
        actorLabel: 'editor@example.test',
        tagIds: one.body.tagIds,
      });

      assertProblem(await req('GET', `/api/v1/articles/${a.id}/revisions/99`, { token: tokens.editor }), 404, 'NOT_FOUND');
      assertGqlError(await gql('query($id: ID!) { articleRevision(id: $id, version: 99) { version } }', { id: a.id }, tokens.editor), 'NOT_FOUND');
    });

    it('compare gives exactly the changed fields: raw values over REST, JSON-encoded strings over GraphQL', async () => {
      const a = await mkArticle(tokens.editor, { tags: [tagA], lead: 'Before.' });
      await patch(a.id, 1, { headline: 'Compared headline', lead: 'After.' });
      await patch(a.id, 2, { tags: [tagA, tagB], urgency: 2 });
      const tagIds = (await req('GET', `/api/v1/articles/${a.id}/revisions/3`, { token: tokens.editor })).body.tagIds as string[];

      const byField = (changes: { field: string }[]) => [...changes].sort((x, y) => x.field.localeCompare(y.field));
      const c12 = await req('GET', `/api/v1/articles/${a.id}/revisions/compare?from=1&to=2`, { token: tokens.editor });
      assert.equal(c12.status, 200, c12.text);
      assert.deepEqual(byField(c12.body), [
        { field: 'headline', from: a.headline, to: 'Compared headline' },
        { field: 'lead', from: 'Before.', to: 'After.' },
      ]);
      const c23 = await req('GET', `/api/v1/articles/${a.id}/revisions/compare?from=2&to=3`, { token: tokens.editor });
      assert.deepEqual(byField(c23.body), [
        { field: 'tagIds', from: [tagIds[0]], to: tagIds },
        { field: 'urgency', from: 5, to: 2 },
      ]);
      const same = await req('GET', `/api/v1/articles/${a.id}/revisions/compare?from=2&to=2`, { token: tokens.editor });
      assert.deepEqual(same.body, []);

      const viaGql = await gql('query($id: ID!) { compareArticleRevisions(id: $id, from: 1, to: 3) { field from to } }', { id: a.id }, tokens.editor);
      assert.deepEqual(byField(gqlData(viaGql, 'compareArticleRevisions')), [
        { field: 'headline', from: JSON.stringify(a.headline), to: JSON.stringify('Compared headline') },
        { field: 'lead', from: '"Before."', to: '"After."' },
        { field: 'tagIds', from: JSON.stringify([tagIds[0]]), to: JSON.stringify(tagIds) },
        { field: 'urgency', from: '5', to: '2' },
      ]);

      assertProblem(await req('GET', `/api/v1/articles/${a.id}/revisions/compare?from=1&to=42`, { token: tokens.editor }), 404, 'NOT_FOUND');
      assertGqlError(
        await gql('query($id: ID!) { compareArticleRevisions(id: $id, from: 42, to: 1) { field } }', { id: a.id }, tokens.editor),
        'NOT_FOUND',
      );
    });

    it('restoring version 1 after two edits makes a new version equal to 1 and leaves 1..n untouched', async () => {
      const a = await mkArticle(tokens.editor, { tags: [tagA], lead: 'Lead v1.', dateline: 'Moscow' });
      await patch(a.id, 1, { headline: 'Headline v2', body: [{ type: 'paragraph', text: 'Body v2.' }] });
      await patch(a.id, 2, { lead: 'Lead v3.', tags: [tagB], dateline: 'Kazan' });
      const history = await revisions(a.id);
      assert.equal(history.length, 3);

      const restored = await req('POST', `/api/v1/articles/${a.id}/revisions/1/restore`, { token: tokens.editor, headers: { 'if-match': '"3"' } });
      assert.equal(restored.status, 200, restored.text);
      assert.equal(restored.body.version, 4, 'a NEW version');
      assert.equal(restored.body.headline, a.headline);
      assert.equal(restored.body.lead, 'Lead v1.');
      assert.equal(restored.body.dateline, 'Moscow');
      assert.deepEqual(restored.body.body, [PARAGRAPH]);
      assert.deepEqual(
        (restored.body.tags as { slug: string }[]).map((x) => x.slug),
        [tagA],
      );

      const afterRestore = await revisions(a.id);
      assert.equal(afterRestore.length, 4);
      assert.deepEqual(afterRestore.slice(1), history, 'revisions 1..3 are untouched');
      assert.equal(afterRestore[0].action, 'restore');
      const diff = await req('GET', `/api/v1/articles/${a.id}/revisions/compare?from=1&to=4`, { token: tokens.editor });
      assert.deepEqual(diff.body, [], 'version 4 has the content of version 1');
      assert.equal((await editorView(a.id)).version, 4);

      // Over GraphQL: back to version 3 (stale expectedVersion first).
      const stale = await gql(
        'mutation($id: ID!) { restoreArticleRevision(id: $id, version: 3, expectedVersion: 3) { version } }',
        { id: a.id },
        tokens.editor,
      );
      assertGqlError(stale, 'VERSION_CONFLICT');
      const viaGql = await gql(
        'mutation($id: ID!) { restoreArticleRevision(id: $id, version: 3, expectedVersion: 4) { version headline lead } }',
        { id: a.id },
        tokens.editor,
      );
      assert.deepEqual(gqlData(viaGql, 'restoreArticleRevision'), { version: 5, headline: 'Headline v2', lead: 'Lead v3.' });
      const final = await revisions(a.id);
      assert.equal(final.length, 5);
      assert.deepEqual(final.slice(1), afterRestore);
    });

    it('restore needs an editor (author 403, reader 403, anonymous 401); an unknown version is 404', async () => {
      const a = await mkArticle(tokens.author);
      await patch(a.id, 1, { headline: 'Author edit' }, tokens.author);
      const unchanged = await editorView(a.id);
      for (const [caller, status] of [
        ['author', 403],
        ['reader', 403],
        ['anonymous', 401],
      ] as const) {
        assertProblem(await req('POST', `/api/v1/articles/${a.id}/revisions/1/restore`, { token: tokenOf(caller) }), status);
        assertGqlError(
          await gql('mutation($id: ID!) { restoreArticleRevision(id: $id, version: 1) { version } }', { id: a.id }, tokenOf(caller)),
          status === 401 ? UNAUTHENTICATED_CODES : 'FORBIDDEN',
        );
      }
      assertProblem(await req('POST', `/api/v1/articles/${a.id}/revisions/9/restore`, { token: tokens.editor }), 404, 'NOT_FOUND');
      assertGqlError(
        await gql('mutation($id: ID!) { restoreArticleRevision(id: $id, version: 9) { version } }', { id: a.id }, tokens.editor),
        'NOT_FOUND',
      );
      assert.deepEqual(await editorView(a.id), unchanged, 'nothing changed');
      assert.equal((await revisions(a.id)).length, 2);
    });

    it('history is for the newsroom: readers 403, anonymous 401', async () => {
      const a = await mkArticle(tokens.editor);
      for (const url of [
        `/api/v1/articles/${a.id}/revisions`,
        `/api/v1/articles/${a.id}/revisions/1`,
        `/api/v1/articles/${a.id}/revisions/compare?from=1&to=1`,
      ]) {
        assertProblem(await req('GET', url, { token: tokens.reader }), 403, 'FORBIDDEN');
        assertProblem(await req('GET', url), 401, 'UNAUTHENTICATED');
      }
      assertGqlError(await gql('query($id: ID!) { articleRevisions(id: $id) { version } }', { id: a.id }, tokens.reader), 'FORBIDDEN');
      assertGqlError(await gql('query($id: ID!) { articleRevisions(id: $id) { version } }', { id: a.id }), UNAUTHENTICATED_CODES);
    });
  });

  describe('corrections', () => {
    const ARTICLE_FIELDS = 'id updatedAt corrections { text createdAt }';
    const withClock = async <T>(at: Date, work: () => Promise<T>): Promise<T> => {
      const original = clock.now;
      clock.now = () => new Date(at);
      try {
        return await work();
      } finally {
        clock.now = original;
      }
    };

    it('an editor corrects a published article: readers see corrections[] and the new updatedAt (REST and GraphQL)', async () => {
      const a = await mkArticle(tokens.editor);
      const published = await move(a.id, 'publish', tokens.editor);
      const firstAt = new Date(Date.parse(published.updatedAt) + 3_600_000);
      const corrected = await withClock(firstAt, () =>
        req('PATCH', `/api/v1/articles/${a.id}`, {
          token: tokens.editor,
          headers: { 'if-match': `"${published.version}"` },
          body: { lead: 'The meeting was on Tuesday.', correction: 'An earlier version said the meeting was on Monday.' },
        }),
      );
      assert.equal(corrected.status, 200, corrected.text);
      const first = { text: 'An earlier version said the meeting was on Monday.', createdAt: firstAt.toISOString() };
      assert.deepEqual(corrected.body.corrections, [first]);

      for (const token of [undefined, tokens.reader]) {
        const seen = await getArticle(a.slug, token);
        assert.equal(seen.status, 200, seen.text);
        assert.deepEqual(seen.body.corrections, [first]);
        assert.equal(seen.body.updatedAt, firstAt.toISOString());
        assert.ok(Date.parse(seen.body.updatedAt) > Date.parse(published.updatedAt), 'updatedAt moved');
        assert.equal(seen.body.lead, 'The meeting was on Tuesday.');
        const viaGql = await gql(`query($id: ID!) { article(id: $id) { ${ARTICLE_FIELDS} } }`, { id: a.id }, token);
        assert.deepEqual(gqlData(viaGql, 'article'), { id: a.id, updatedAt: firstAt.toISOString(), corrections: [first] });
      }

      // A second correction (over GraphQL) comes after the first.
      const secondAt = new Date(firstAt.getTime() + 60_000);
      const second = { text: 'The minister was misnamed.', createdAt: secondAt.toISOString() };
      const res = await withClock(secondAt, () =>
        gql(
          `mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: ${published.version + 1}, input: $input) { ${ARTICLE_FIELDS} } }`,
          { id: a.id, input: { correction: second.text } },
          tokens.editor,
        ),
      );
      assert.deepEqual(gqlData(res, 'updateArticle'), { id: a.id, updatedAt: secondAt.toISOString(), corrections: [first, second] });
      // A plain edit keeps them and adds none.
      const plain = await req('PATCH', `/api/v1/articles/${a.id}`, {
        token: tokens.editor,
        headers: { 'if-match': `"${published.version + 2}"` },
        body: { dateline: 'Moscow' },
      });
      assert.equal(plain.status, 200, plain.text);
      assert.deepEqual(plain.body.corrections, [first, second]);
      const third = { text: 'A third fix.', createdAt: new Date(secondAt.getTime() + 60_000).toISOString() };
      await withClock(new Date(third.createdAt), async () => {
        const res3 = await req('PATCH', `/api/v1/articles/${a.id}`, {
          token: tokens.admin,
          headers: { 'if-match': `"${published.version + 3}"` },
          body: { correction: third.text },
        });
        assert.equal(res3.status, 200, res3.text);
      });
      const seen = await getArticle(a.id);
      assert.deepEqual(seen.body.corrections, [first, second, third], 'corrections accumulate, oldest first');
      const viaGql = await gql(`query($slug: String!) { article(slug: $slug) { ${ARTICLE_FIELDS} } }`, { slug: a.slug });
      assert.deepEqual(gqlData<{ corrections: unknown[] }>(viaGql, 'article').corrections, [first, second, third]);
    });

    it('a correction on an article that is not published → 409 CORRECTION_NEEDS_PUBLISHED, nothing changes', async () => {
      const drafted = await mkArticle(tokens.editor);
      const reviewed = await inState('in_review');
      for (const a of [drafted, reviewed]) {
        const unchanged = await editorView(a.id);
        const res = await req('PATCH', `/api/v1/articles/${a.id}`, {
          token: tokens.editor,
          headers: { 'if-match': `"${a.version}"` },
          body: { lead: 'Changed.', correction: 'Nothing to correct yet.' },
        });
        assertProblem(res, 409, 'CORRECTION_NEEDS_PUBLISHED');
        const viaGql = await gql(
          'mutation($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }',
          { id: a.id, v: a.version, input: { correction: 'Nothing to correct yet.' } },
          tokens.editor,
        );
        assertGqlError(viaGql, 'CORRECTION_NEEDS_PUBLISHED');
        assert.deepEqual(await editorView(a.id), unchanged);
        assert.deepEqual(unchanged.corrections, []);
      }
    });

    it('an author may not correct a published article (403)', async () => {
      const a = await mkArticle(tokens.author);
      const published = await move(a.id, 'publish', tokens.editor);
      const res = await req('PATCH', `/api/v1/articles/${a.id}`, {
        token: tokens.author,
        headers: { 'if-match': `"${published.version}"` },
        body: { correction: 'By the author.' },
      });
      assertProblem(res, 403, 'FORBIDDEN');
      assert.deepEqual((await getArticle(a.id)).body.corrections, []);
    });
  });

  describe('preview tokens', () => {
    const PREVIEW_FIELDS = 'id status headline';
    const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    const issue = async (id: string, token = tokens.editor) => {
      const res = await req('POST', `/api/v1/articles/${id}/preview-token`, { token });
      assert.ok(res.status === 200 || res.status === 201, res.text);
      return res.body as { token: string; expiresAt: string; url: string };
    };
    const open = (token: string, headers?: Record<string, string>) => req('GET', `/api/v1/preview/${token}`, { headers });
    const openGql = (token: string) => gql(`query($token: String!) { articlePreview(token: $token) { ${PREVIEW_FIELDS} } }`, { token });

    let draftA: Article;
    let draftB: Article;
    before(async () => {
      draftA = await mkArticle(tokens.author, { headline: 'Preview draft A' });
      draftB = await mkArticle(tokens.author, { headline: 'Preview draft B' });
    });

    it('an editor gets a signed short-lived token; with it alone a frontend reads the draft (REST and GraphQL)', async () => {
      const issuedAt = clock.now().getTime();
      const preview = await issue(draftA.id);
      assert.equal(typeof preview.token, 'string');
      assert.equal(preview.token.split('.').length, 3, 'a signed token');
      assert.ok(preview.url.endsWith(`/api/v1/preview/${preview.token}`), preview.url);
      const ttl = Date.parse(preview.expiresAt) - issuedAt;
      assert.ok(ttl > 30_000 && ttl <= 3_600_000, `short-lived (default 15 minutes): expires in ${ttl} ms`);

      const res = await open(preview.token);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.id, draftA.id);
      assert.equal(res.body.status, 'draft');
      assert.equal(res.body.headline, 'Preview draft A');
      assert.match(String(res.headers['cache-control']), /no-store/);
      assert.doesNotMatch(String(res.headers['cache-control']), /public/);

      assert.deepEqual(gqlData(await openGql(preview.token), 'articlePreview'), { id: draftA.id, status: 'draft', headline: 'Preview draft A' });
      // The draft itself stays hidden from readers.
      assertProblem(await getArticle(draftA.id), 404, 'NOT_FOUND');

      const viaGql = await gql('mutation($id: ID!) { createPreviewToken(id: $id) { token expiresAt url } }', { id: draftB.id }, tokens.admin);
      const created = gqlData<{ token: string }>(viaGql, 'createPreviewToken');
      assert.equal((await open(created.token)).body.id, draftB.id);
    });

    it('the token is no bearer credential: as Authorization it is a 401', async () => {
      const { token } = await issue(draftA.id);
      const auth = { authorization: `Bearer ${token}` };
      assertProblem(await req('GET', '/api/v1/articles?status=draft', { headers: auth }), 401);
      assertProblem(await req('GET', `/api/v1/articles/${draftA.id}`, { headers: auth }), 401);
      assertProblem(await req('GET', '/api/v1/articles', { headers: auth }), 401);
      assertProblem(
        await req('PATCH', `/api/v1/articles/${draftA.id}`, { headers: { ...auth, 'if-match': '"1"' }, body: { headline: 'Hijacked' } }),
        401,
      );
      assertGqlError(await gql('query($id: ID!) { article(id: $id) { id } }', { id: draftA.id }, token), UNAUTHENTICATED_CODES);
      assert.equal((await editorView(draftA.id)).headline, 'Preview draft A');
    });

    it('a token opens its own article and no other', async () => {
      const forA = await issue(draftA.id);
      const forB = await issue(draftB.id);
      assert.equal((await open(forA.token)).body.id, draftA.id);
      assert.equal((await open(forB.token)).body.id, draftB.id);
      // No way to name another article next to the token.
      for (const query of [`?id=${draftB.id}`, `?article=${draftB.id}`, `?slug=${draftB.slug}`]) {
        const res = await req('GET', `/api/v1/preview/${forA.token}${query}`);
        assert.ok(res.status === 200 || res.status === 400, res.text);
        if (res.status === 200) assert.equal(res.body.id, draftA.id);
        assert.ok(!res.text.includes('Preview draft B'), 'B never comes back');
      }
      // A's token with its payload edited to name B, signature kept.
      const [header, payload, signature] = forA.token.split('.');
      const claims = b64json(payload);
      assert.equal(claims.aid, draftA.id);
      const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, aid: draftB.id })).toString('base64url')}.${signature}`;
      const res = await open(edited);
      assertProblem(res, 401, 'INVALID_PREVIEW_TOKEN');
      assert.ok(!res.text.includes('Preview draft B'));
      assertGqlError(await openGql(edited), 'INVALID_PREVIEW_TOKEN');
    });

    it('a tampered signature, a foreign token or garbage → 401 INVALID_PREVIEW_TOKEN', async () => {
      const { token } = await issue(draftA.id);
      const [header, payload, signature] = token.split('.');
      const flipped = signature[4] === 'A' ? 'B' : 'A';
      const tampered = `${header}.${payload}.${signature.slice(0, 4)}${flipped}${signature.slice(5)}`;
      for (const bad of [tampered, `${header}.${payload}.`, tokens.editor, 'not-a-token']) {
        const res = await open(bad);
        assertProblem(res, 401, 'INVALID_PREVIEW_TOKEN');
        assert.ok(!res.text.includes('Preview draft A'));
        assertGqlError(await openGql(bad), 'INVALID_PREVIEW_TOKEN');
      }
    });

    it('past expiresAt → 401 PREVIEW_TOKEN_EXPIRED', async () => {
      const preview = await issue(draftA.id);
      const original = clock.now;
      try {
        clock.now = () => new Date(Date.parse(preview.expiresAt) - 1000);
        assert.equal((await open(preview.token)).status, 200, 'still valid just before');
        clock.now = () => new Date(Date.parse(preview.expiresAt) + 1000);
        const res = await open(preview.token);
        assertProblem(res, 401, 'PREVIEW_TOKEN_EXPIRED');
        assert.ok(!res.text.includes('Preview draft A'));
        assertGqlError(await openGql(preview.token), 'PREVIEW_TOKEN_EXPIRED');
      } finally {
        clock.now = original;
      }
    });

    it('authors and readers cannot create preview tokens (403), anonymous 401', async () => {
      for (const [caller, status] of [
        ['author', 403],
        ['reader', 403],
        ['anonymous', 401],
      ] as const) {
        assertProblem(await req('POST', `/api/v1/articles/${draftA.id}/preview-token`, { token: tokenOf(caller) }), status);
        assertGqlError(
          await gql('mutation($id: ID!) { createPreviewToken(id: $id) { token } }', { id: draftA.id }, tokenOf(caller)),
          status === 401 ? UNAUTHENTICATED_CODES : 'FORBIDDEN',
        );
      }
      assertProblem(
        await req('POST', '/api/v1/articles/0f0e0d0c-0b0a-4909-8807-060504030201/preview-token', { token: tokens.editor }),
        404,
        'NOT_FOUND',
      );
    });
  });
});
