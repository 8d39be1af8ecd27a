import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommentSignals } from '../src/comments/comment-signals.js';
import { assertGqlError, assertProblem } from './support/assertions.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp-server.js';
import { DEMO_SLUG, startTestApp, type TestApp } from './support/test-app.js';
import { subscribe, wsClient, type Stream } from './support/ws-client.js';

/**
 * Readers and comments end to end, with a real SMTP server: the reader journey (register,
 * verify with the emailed token, log in, comment, reply, edit, delete, refresh rotation,
 * password reset, account deletion), moderation both ways, exact counts under 50 concurrent
 * posts, reports, bans, spam rules, XSS payloads coming back inert, commentAdded over
 * graphql-ws, and a reader token refused on every editorial write.
 */

const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

const tokenIn = (mail: ReceivedMail, path: string): string => {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  assert.ok(match, `no ${path} link in: ${mail.text}`);
  return match[1];
};

describe(`readers and comments (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let editor: string;
  let demo: { id: string; sectionId: string };
  let readerCount = 0;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({
      listen: true,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Newsroom <news@cms.test>',
        OUTBOX_POLL_MS: '50',
        COMMENT_RATE_LIMIT_PER_CLIENT: '100000',
        COMMENT_RATE_LIMIT_PER_READER: '12',
        COMMENT_SPAM_MAX_PER_MINUTE: '5',
        READER_ACCOUNT_RATE_LIMIT_PER_CLIENT: '100000',
      },
    });
    editor = await t.token('editor');
    const article = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
    demo = { id: article.body.id, sectionId: article.body.section.id };
  });

  after(async () => {
    await t?.close();
    await smtp?.stop();
  });

  /** A verified reader made by an admin (no email round trip), logged in at /readers/login. */
  async function reader(name = `Reader ${++readerCount}`): Promise<{ id: string; token: string }> {
    const email = `r${readerCount}-${Date.now()}@example.test`;
    const created = await t.request('POST', '/api/v1/users', {
      token: await t.token('admin'),
      body: { email, password: 'reader-password', role: 'reader', displayName: name },
    });
    assert.equal(created.status, 201, created.text);
    const login = await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'reader-password' } });
    assert.equal(login.status, 200, login.text);
    return { id: created.body.id, token: login.body.accessToken };
  }

  /** A commentAdded subscription, once the server listens for it. */
  async function listen(query: string, articleId: string): Promise<{ stream: Stream<{ commentAdded: Json }>; close: () => Promise<void> }> {
    const signals = t.app.get(CommentSignals);
    const before = signals.started;
    const client = wsClient(t.url!);
    const stream = subscribe<{ commentAdded: Json }>(client, query, { id: articleId });
    for (let i = 0; signals.started === before && stream.errors.length === 0; i += 1) {
      if (i > 200) assert.fail('the subscription did not start');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.deepEqual(stream.errors, []);
    return {
      stream,
      close: async () => {
        stream.dispose();
        await client.dispose();
      },
    };
  }

  const post = (token: string, articleId: string, body: Json) => t.request('POST', `/api/v1/articles/${articleId}/comments`, { token, body });
  const list = async (articleId: string, query = '') => {
    const res = await t.request('GET', `/api/v1/articles/${articleId}/comments${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { data: Json[]; page: { nextCursor: string | null; hasMore: boolean } };
  };
  const count = async (articleId: string): Promise<number> => {
    const res = await t.request('GET', `/api/v1/articles/${articleId}`);
    assert.equal(res.status, 200, res.text);
    return res.body.commentCount;
  };

  async function publishedArticle(extra: Json = {}): Promise<string> {
    const created = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: `Comments ${Math.random()}`, section: 'russia', body: [PARAGRAPH], ...extra },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal((await t.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editor })).status, 200);
    return created.body.id;
  }

  it('the full reader journey: register, verify by email, log in, comment, reply, edit, delete, refresh, reset, delete the account', async () => {
    const email = 'journey@example.test';
    const registered = await t.request('POST', '/api/v1/readers/register', {
      body: { email, password: 'first-password', displayName: 'Journey Reader' },
    });
    assert.equal(registered.status, 202, registered.text);
    const unknownAnswer = await t.request('POST', '/api/v1/readers/register', { body: { email, password: 'other-password', displayName: 'Again' } });
    assert.deepEqual(unknownAnswer.body, registered.body, 'a known address gets the same answer');

    const early = await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'first-password' } });
    assertProblem(early, 403, 'EMAIL_NOT_VERIFIED');

    const [mail] = (await smtp.waitFor(2, (m) => m.envelope.to.includes(email))).filter((m) => /Confirm your email/.test(m.subject)).slice(-1);
    const verified = await t.request('POST', '/api/v1/readers/verify', { body: { token: tokenIn(mail, '/readers/verify') } });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.verified, true);
    assertProblem(await t.request('POST', '/api/v1/readers/verify', { body: { token: tokenIn(mail, '/readers/verify') } }), 404, 'INVALID_TOKEN');

    const login = await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'first-password' } });
    assert.equal(login.status, 200, login.text);
    assert.ok(login.body.accessToken && login.body.refreshToken);
    assert.ok(login.body.expiresIn <= 900);
    const token = login.body.accessToken as string;

    const before = await count(demo.id);
    const top = await post(token, demo.id, { text: 'First thoughts on the talks.' });
    assert.equal(top.status, 201, top.text);
    assert.equal(top.body.status, 'approved');
    const reply = await post(token, demo.id, { text: 'A reply.', parentId: top.body.id });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.depth, 2);
    const deep = await post(token, demo.id, { text: 'Level three.', parentId: reply.body.id });
    assert.equal(deep.body.depth, 3);
    assertProblem(await post(token, demo.id, { text: 'Level four.', parentId: deep.body.id }), 400, 'THREAD_TOO_DEEP');
    assert.equal(await count(demo.id), before + 3);

    const page = await list(demo.id, '?order=newest&limit=5');
    const thread = page.data.find((c) => c.id === top.body.id);
    assert.ok(thread, 'the new thread is on the first newest-first page');
    assert.equal(thread.authorName, 'Journey Reader');
    assert.equal(thread.replies[0].id, reply.body.id);
    assert.equal(thread.replies[0].replies[0].id, deep.body.id);
    assert.equal('authorId' in thread, false, 'no author id in the public view');

    const gql = await t.gql(
      `query($id: ID!) { article(id: $id) { commentCount comments(first: 50, order: newest) { edges { node { id text replies { id } } } pageInfo { hasNextPage } } } }`,
      { id: demo.id },
    );
    assert.equal(gql.body.errors, undefined, JSON.stringify(gql.body.errors));
    assert.equal(gql.body.data.article.commentCount, before + 3);
    assert.ok(gql.body.data.article.comments.edges.some((e: Json) => e.node.id === top.body.id));

    const edited = await t.request('PATCH', `/api/v1/comments/${top.body.id}`, { token, body: { text: 'First thoughts, edited.' } });
    assert.equal(edited.status, 200, edited.text);
    assert.ok(edited.body.editedAt);
    assert.equal((await list(demo.id, '?order=newest')).data.find((c) => c.id === top.body.id)?.text, 'First thoughts, edited.');

    const other = await reader();
    assertProblem(await t.request('PATCH', `/api/v1/comments/${top.body.id}`, { token: other.token, body: { text: 'Not mine' } }), 404);
    assertProblem(await t.request('DELETE', `/api/v1/comments/${top.body.id}`, { token: other.token }), 404);
    assert.equal((await t.request('DELETE', `/api/v1/comments/${deep.body.id}`, { token })).status, 204);
    assert.equal(await count(demo.id), before + 2);

    // Refresh rotates; the rotated token used again revokes the family.
    const refreshed = await t.request('POST', '/api/v1/readers/refresh', { body: { refreshToken: login.body.refreshToken } });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.notEqual(refreshed.body.refreshToken, login.body.refreshToken);
    assertProblem(
      await t.request('POST', '/api/v1/readers/refresh', { body: { refreshToken: login.body.refreshToken } }),
      401,
      'REFRESH_TOKEN_REUSED',
    );
    assertProblem(
      await t.request('POST', '/api/v1/readers/refresh', { body: { refreshToken: refreshed.body.refreshToken } }),
      401,
      'REFRESH_TOKEN_REUSED',
    );
    const second = await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'first-password' } });
    assert.equal((await t.request('POST', '/api/v1/readers/logout', { body: { refreshToken: second.body.refreshToken } })).status, 204);
    assertProblem(await t.request('POST', '/api/v1/readers/refresh', { body: { refreshToken: second.body.refreshToken } }), 401);

    // Password reset: the same answer for an unknown address; the token from the email sets a new password.
    const unknown = await t.request('POST', '/api/v1/readers/password-reset', { body: { email: 'nobody@example.test' } });
    const known = await t.request('POST', '/api/v1/readers/password-reset', { body: { email } });
    assert.equal(known.status, 202);
    assert.deepEqual(unknown.body, known.body);
    const [resetMail] = await smtp.waitFor(1, (m) => m.envelope.to.includes(email) && /Reset your password/.test(m.subject));
    const confirmed = await t.request('POST', '/api/v1/readers/password-reset/confirm', {
      body: { token: tokenIn(resetMail, '/readers/password-reset'), password: 'second-password' },
    });
    assert.equal(confirmed.status, 204, confirmed.text);
    assertProblem(await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'first-password' } }), 401, 'INVALID_CREDENTIALS');
    const third = await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'second-password' } });
    assert.equal(third.status, 200);

    // Deleting the account keeps the comments, anonymised.
    assert.equal((await t.request('DELETE', '/api/v1/readers/me', { token: third.body.accessToken })).status, 204);
    const after = (await list(demo.id, '?order=newest')).data.find((c) => c.id === top.body.id);
    assert.equal(after?.authorName, 'Deleted reader');
    assert.equal(after?.text, 'First thoughts, edited.');
    assertProblem(await post(third.body.accessToken, demo.id, { text: 'ghost' }), 401);
    assert.equal(await count(demo.id), before + 2);
  });

  it('registering a newsroom address answers the same and changes nothing; staff cannot log in or reset through the reader flow', async () => {
    const email = 'editor@example.test';
    const res = await t.request('POST', '/api/v1/readers/register', { body: { email, password: 'hijack-password', displayName: 'Not the editor' } });
    assert.equal(res.status, 202);
    const [mail] = await smtp.waitFor(1, (m) => m.envelope.to.includes(email) && /already have an account/.test(m.subject));
    assert.doesNotMatch(mail.text, /token=/, 'no reset link for a staff account');
    assertProblem(await t.request('POST', '/api/v1/readers/login', { body: { email, password: 'editor-password-1' } }), 401, 'INVALID_CREDENTIALS');
    assert.equal((await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'editor-password-1' } })).status, 200);
    assert.equal((await t.request('POST', '/api/v1/readers/password-reset', { body: { email } })).status, 202);
  });

  it('pre-moderation holds comments until approved; post-moderation shows them at once and a rejection takes them down', async () => {
    const a = await reader();
    const setMode = (mode: string) =>
      t.request('PUT', `/api/v1/sections/${demo.sectionId}/comment-moderation`, { token: editor, body: { commentModeration: mode } });
    assert.equal((await setMode('pre')).status, 200);
    try {
      const before = await count(demo.id);
      const held = await post(a.token, demo.id, { text: 'Held for review.' });
      assert.equal(held.body.status, 'pending');
      assert.equal(await count(demo.id), before);
      assert.ok(!(await list(demo.id, '?order=newest&limit=100')).data.some((c) => c.id === held.body.id));
      const queue = await t.request('GET', '/api/v1/moderation/comments?status=pending&limit=100', { token: editor });
      assert.ok(queue.body.data.some((c: Json) => c.id === held.body.id));
      assertProblem(await t.request('GET', '/api/v1/moderation/comments', { token: a.token }), 403);
      const approved = await t.request('POST', `/api/v1/comments/${held.body.id}/approve`, { token: editor });
      assert.equal(approved.body.status, 'approved');
      assert.equal(await count(demo.id), before + 1);
      assert.ok((await list(demo.id, '?order=newest&limit=100')).data.some((c) => c.id === held.body.id));
      const rejected = await post(a.token, demo.id, { text: 'Also held.' });
      assert.equal((await t.request('POST', `/api/v1/comments/${rejected.body.id}/reject`, { token: editor })).body.status, 'rejected');
      assert.equal(await count(demo.id), before + 1);
    } finally {
      assert.equal((await setMode('post')).status, 200);
    }
    const before = await count(demo.id);
    const shown = await post(a.token, demo.id, { text: 'Shown at once.' });
    assert.equal(shown.body.status, 'approved');
    assert.equal(await count(demo.id), before + 1);
    await t.request('POST', `/api/v1/comments/${shown.body.id}/reject`, { token: editor });
    assert.equal(await count(demo.id), before);
    assert.ok(!(await list(demo.id, '?order=newest&limit=100')).data.some((c) => c.id === shown.body.id));
  });

  it('closes comments on archived articles and where comments are disabled; hides them on unpublished ones', async () => {
    const a = await reader();
    const archived = await publishedArticle();
    assert.equal((await post(a.token, archived, { text: 'Before archiving.' })).status, 201);
    assert.equal((await t.request('POST', `/api/v1/articles/${archived}/archive`, { token: editor })).status, 200);
    assertProblem(await post(a.token, archived, { text: 'After archiving.' }), 409, 'COMMENTS_CLOSED');
    const disabled = await publishedArticle({ commentsEnabled: false });
    assertProblem(await post(a.token, disabled, { text: 'Disabled.' }), 409, 'COMMENTS_CLOSED');
    const draft = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: 'Draft for comments', section: 'russia', body: [PARAGRAPH] },
    });
    assertProblem(await post(a.token, draft.body.id, { text: 'On a draft.' }), 404);
    assertProblem(await t.request('GET', `/api/v1/articles/${draft.body.id}/comments`), 404);
  });

  it('keeps commentCount exact under 50 concurrent posts', async () => {
    const article = await publishedArticle();
    const readers = await Promise.all(Array.from({ length: 10 }, () => reader()));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(readers[i % 10].token, article, { text: `Concurrent comment ${i}` })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array(50).fill(201),
    );
    assert.equal(results.filter((r) => r.body.status === 'approved').length, 50);
    assert.equal(await count(article), 50);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await list(article, `?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      for (const c of page.data) seen.add(c.id);
      cursor = page.page.nextCursor;
    } while (cursor);
    assert.equal(seen.size, 50, 'every comment once across keyset pages');
  });

  it('reports reach the moderators once per reader; bans stop a reader', async () => {
    const [author, reporter] = [await reader(), await reader()];
    const comment = await post(author.token, demo.id, { text: 'A contested view.' });
    const report = (token: string) => t.request('POST', `/api/v1/comments/${comment.body.id}/report`, { token, body: { reason: 'Insulting' } });
    assert.equal((await report(reporter.token)).status, 202);
    assertProblem(await report(reporter.token), 409, 'ALREADY_REPORTED');
    assertProblem(await report(author.token), 400, 'OWN_COMMENT');
    const reported = await t.request('GET', '/api/v1/moderation/comments?status=reported&limit=100', { token: editor });
    const entry = reported.body.data.find((c: Json) => c.id === comment.body.id);
    assert.equal(entry?.reportCount, 1);
    await t.request('POST', `/api/v1/comments/${comment.body.id}/approve`, { token: editor });
    const cleared = await t.request('GET', '/api/v1/moderation/comments?status=reported&limit=100', { token: editor });
    assert.ok(!cleared.body.data.some((c: Json) => c.id === comment.body.id));

    const banned = await t.request('POST', `/api/v1/readers/${author.id}/ban`, { token: editor, body: { reason: 'Abuse' } });
    assert.equal(banned.status, 200, banned.text);
    assert.ok(banned.body.bannedAt);
    assertProblem(await post(author.token, demo.id, { text: 'After the ban.' }), 403, 'READER_BANNED');
    assertProblem(await t.request('POST', `/api/v1/readers/${author.id}/ban`, { token: reporter.token, body: {} }), 403);
    const gqlBan = await t.gql(`mutation($id: ID!) { banReader(id: $id) { id } }`, { id: author.id }, reporter.token);
    assertGqlError(gqlBan, 'FORBIDDEN');
    assert.equal((await t.request('POST', `/api/v1/readers/${author.id}/unban`, { token: editor })).status, 200);
    assert.equal((await post(author.token, demo.id, { text: 'After the unban.' })).status, 201);
  });

  it('holds suspicious comments (links, repeats, rate) and refuses a flood with 429', async () => {
    const a = await reader();
    const article = await publishedArticle();
    const links = await post(a.token, article, { text: 'See https://a.example and https://b.example and www.c-example.com' });
    assert.equal(links.body.status, 'pending');
    assert.equal(links.body.spamReason, 'links');
    assert.equal((await post(a.token, article, { text: 'Same words.' })).body.status, 'approved');
    const repeat = await post(a.token, article, { text: 'Same words.' });
    assert.equal(repeat.body.spamReason, 'repeat');
    let rate: Json | undefined;
    for (let i = 0; i < 9 && !rate; i += 1) {
      const res = await post(a.token, article, { text: `Quick comment ${i}` });
      if (res.body.spamReason === 'rate') rate = res.body;
    }
    assert.equal(rate?.status, 'pending', 'more than COMMENT_SPAM_MAX_PER_MINUTE a minute is held');
    let limited;
    for (let i = 0; i < 13 && !limited; i += 1) {
      const res = await post(a.token, article, { text: `Flood ${i}` });
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, 'COMMENT_RATE_LIMIT_PER_READER gives a 429');
    assert.ok(limited.headers['retry-after']);
  });

  it('refuses bad input with a clear 400', async () => {
    const a = await reader();
    assertProblem(await post(a.token, demo.id, { text: '' }), 400);
    assertProblem(await post(a.token, demo.id, { text: '   ' }), 400);
    assertProblem(await post(a.token, demo.id, { text: 'x'.repeat(5001) }), 400);
    assertProblem(await post(a.token, demo.id, { text: 'bell \u0007 here' }), 400);
    assertProblem(await post(a.token, demo.id, { text: 'ok', extra: 1 }), 400);
    assertProblem(await post(a.token, demo.id, { text: 'ok', parentId: 'nope' }), 400);
    assertProblem(await t.request('GET', `/api/v1/articles/${demo.id}/comments?cursor=garbage`), 400, 'INVALID_CURSOR');
    assertProblem(await t.request('GET', `/api/v1/articles/${demo.id}/comments?order=sideways`), 400);
    assertProblem(
      await t.request('POST', '/api/v1/readers/register', { body: { email: 'x@example.test', password: 'short', displayName: 'X' } }),
      400,
    );
    assert.equal((await post(a.token, demo.id, { text: 'x'.repeat(5000) })).status, 201);
  });

  it('returns XSS payloads as the same inert text (REST, GraphQL and graphql-ws)', async () => {
    const a = await reader('<img src=x onerror=alert(1)>');
    const article = await publishedArticle();
    const { stream, close } = await listen(`subscription($id: ID!) { commentAdded(articleId: $id) { id text authorName } }`, article);
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '"><svg onload=alert(1)>',
      "javascript:alert('x')",
      '&lt;b&gt; &amp;',
    ];
    const ids: string[] = [];
    for (const text of payloads) {
      const res = await post(a.token, article, { text });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.text, text);
      ids.push(res.body.id);
    }
    const res = await t.request('GET', `/api/v1/articles/${article}/comments?limit=10`);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.deepEqual(
      res.body.data.map((c: Json) => c.text),
      payloads,
    );
    assert.equal(res.body.data[0].authorName, '<img src=x onerror=alert(1)>');
    assert.equal('html' in res.body.data[0], false, 'no HTML rendering is offered');
    const gql = await t.gql(`query($id: ID!) { article(id: $id) { comments(first: 10) { edges { node { text } } } } }`, { id: article });
    assert.deepEqual(
      gql.body.data.article.comments.edges.map((e: Json) => e.node.text),
      payloads,
    );
    const first = await stream.nth(payloads.length);
    assert.equal(first.commentAdded.text, payloads.at(-1));
    assert.deepEqual(
      stream.received.map((e) => e.commentAdded.text),
      payloads,
    );
    await close();
  });

  it('announces only public comments over commentAdded', async () => {
    const a = await reader();
    const article = await publishedArticle();
    const { stream, close } = await listen(`subscription($id: ID!) { commentAdded(articleId: $id) { id } }`, article);
    const held = await post(a.token, article, { text: 'Too many links https://a.example https://b.example https://c.example' });
    assert.equal(held.body.status, 'pending');
    const other = await post(a.token, demo.id, { text: 'On another article.' });
    assert.equal(other.status, 201);
    const shown = await post(a.token, article, { text: 'Public.' });
    assert.equal((await stream.nth(1)).commentAdded.id, shown.body.id);
    await t.request('POST', `/api/v1/comments/${held.body.id}/approve`, { token: editor });
    assert.equal((await stream.nth(2)).commentAdded.id, held.body.id);
    assert.deepEqual(
      stream.received.map((e) => e.commentAdded.id),
      [shown.body.id, held.body.id],
    );
    await close();
  });

  it('mirrors the reader and comment operations in GraphQL', async () => {
    const email = 'gql-reader@example.test';
    const registered = await t.gql(`mutation($input: RegisterReaderInput!) { registerReader(input: $input) { accepted } }`, {
      input: { email, password: 'gql-password', displayName: 'GQL Reader' },
    });
    assert.equal(registered.body.data.registerReader.accepted, true);
    const [mail] = await smtp.waitFor(1, (m) => m.envelope.to.includes(email) && /Confirm your email/.test(m.subject));
    const verified = await t.gql(`mutation($token: String!) { verifyReader(input: { token: $token }) { id verified } }`, {
      token: tokenIn(mail, '/readers/verify'),
    });
    assert.equal(verified.body.data.verifyReader.verified, true);
    const login = await t.gql(
      `mutation { loginReader(input: { email: "${email}", password: "gql-password" }) { accessToken refreshToken expiresIn } }`,
    );
    const { accessToken, refreshToken } = login.body.data.loginReader;
    const rotated = await t.gql(`mutation($r: String!) { refreshReaderToken(input: { refreshToken: $r }) { refreshToken } }`, { r: refreshToken });
    assert.notEqual(rotated.body.data.refreshReaderToken.refreshToken, refreshToken);
    assertGqlError(
      await t.gql(`mutation($r: String!) { refreshReaderToken(input: { refreshToken: $r }) { refreshToken } }`, { r: refreshToken }),
      'REFRESH_TOKEN_REUSED',
    );

    const article = await publishedArticle();
    const posted = await t.gql(
      `mutation($a: ID!) { postComment(articleId: $a, input: { text: "From GraphQL" }) { id status text authorName } }`,
      { a: article },
      accessToken,
    );
    assert.equal(posted.body.errors, undefined, JSON.stringify(posted.body.errors));
    const id = posted.body.data.postComment.id;
    assert.equal(posted.body.data.postComment.status, 'approved');
    const edited = await t.gql(
      `mutation($id: ID!) { editComment(id: $id, input: { text: "From GraphQL, edited" }) { text editedAt } }`,
      { id },
      accessToken,
    );
    assert.equal(edited.body.data.editComment.text, 'From GraphQL, edited');
    const other = await reader();
    const reported = await t.gql(`mutation($id: ID!) { reportComment(id: $id, input: { reason: "Spam" }) { accepted } }`, { id }, other.token);
    assert.equal(reported.body.data.reportComment.accepted, true);
    const queue = await t.gql(`{ moderationQueue(status: reported, first: 50) { edges { node { id reportCount } } } }`, {}, editor);
    assert.ok(queue.body.data.moderationQueue.edges.some((e: Json) => e.node.id === id && e.node.reportCount === 1));
    const rejected = await t.gql(`mutation($id: ID!) { rejectComment(id: $id) { status } }`, { id }, editor);
    assert.equal(rejected.body.data.rejectComment.status, 'rejected');
    const counted = await t.gql(`query($id: ID!) { article(id: $id) { commentCount } }`, { id: article });
    assert.equal(counted.body.data.article.commentCount, 0);
    const approved = await t.gql(`mutation($id: ID!) { approveComment(id: $id) { status } }`, { id }, editor);
    assertGqlError(approved, 'INVALID_TRANSITION');
    const second = await t.gql(`mutation($a: ID!) { postComment(articleId: $a, input: { text: "Second" }) { id } }`, { a: article }, accessToken);
    const deleted = await t.gql(`mutation($id: ID!) { deleteComment(id: $id) }`, { id: second.body.data.postComment.id }, accessToken);
    assert.equal(deleted.body.data.deleteComment, true);
    assert.equal(await count(article), 0);
  });

  it('refuses a reader token on every editorial write (REST and GraphQL)', async () => {
    const a = await reader();
    const doc = (await t.request('GET', '/api/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    };
    const readerRoutes = new Set([
      'POST /api/v1/articles/{id}/comments',
      'PATCH /api/v1/comments/{id}',
      'DELETE /api/v1/comments/{id}',
      'POST /api/v1/comments/{id}/report',
      'DELETE /api/v1/readers/me',
    ]);
    const id = '00000000-0000-4000-8000-000000000000';
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (['get', 'head', 'options'].includes(method) || readerRoutes.has(`${method.toUpperCase()} ${path}`)) continue;
        // Public writes (login, sign-up, subscribe) declare no security.
        if (!operation.security || operation.security.every((s) => Object.keys(s as object).length === 0)) continue;
        const url = path.replace(/\{[^}]+\}/g, id);
        const res = await t.request(method.toUpperCase(), url, { token: a.token, body: {} });
        assert.equal(res.status, 403, `${method.toUpperCase()} ${path} answered ${res.status} to a reader`);
        checked += 1;
      }
    }
    assert.ok(checked >= 20, `checked ${checked} editorial writes`);
    for (const mutation of [
      `mutation { createArticle(input: { headline: "x", section: "russia", body: [] }) { id } }`,
      `mutation { publishArticle(id: "${demo.id}") { id } }`,
      `mutation { approveComment(id: "${id}") { id } }`,
      `mutation { rejectComment(id: "${id}") { id } }`,
    ]) {
      assertGqlError(await t.gql(mutation, {}, a.token), 'FORBIDDEN');
    }
  });
});
