import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { projectRoot } from '../src/common/util/project-root.js';
import { Outbox } from '../src/outbox/outbox.service.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The operators' command line, run as operators run it: the compiled CLI in a child
 * process, on the same database a test app serves (DATA_DIR, or the PostgreSQL
 * schema of that app). Credentials it makes are used against the API; exported
 * content goes into a fresh database and comes back equal; 10,000 articles (2,000 on PostgreSQL) are
 * imported, killed midway and resumed; a backup taken while the app writes is
 * restored into an empty DATA_DIR and read back through the API.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const MAIN = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');
const SAMPLE_PHOTO = readFileSync(join(projectRoot(), 'test', 'fixtures', 'diplomats-meeting.jpg'));
const scratch = mkdtempSync(join(tmpdir(), 'newsroom-cli-'));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Database = Pick<TestApp, 'database'>['database'];

/** The environment of a CLI run on `db` (and nothing from the test process's own app settings). */
function cliEnv(db: Database, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: db.dataDir,
    DEMO_CONTENT: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_BASE_URL: 'http://cms.test',
    ...extra,
  };
  if (db.url) env.DATABASE_URL = db.url;
  return env;
}

function startCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, ...output }));
  return { child, output, done };
}

const cli = (args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> => startCli(args, env).done;

function assertOk(result: CliResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

/** One line, no stack trace: what an operator sees when a command fails. */
function assertOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  assert.equal(result.code, code, `expected exit ${code}, got ${result.code}:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace without --verbose');
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function multipart(name: string, data: Buffer, type: string): { body: Buffer; contentType: string } {
  const boundary = `----cli-e2e-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A fresh database nobody serves: a test app makes it (migrations, first admin) and stops, keeping it. */
async function freshDatabase(): Promise<TestApp> {
  const app = await startTestApp({ demo: false });
  await app.stop();
  return app;
}

const owned: TestApp[] = [];
after(async () => {
  for (const app of owned.reverse()) await app.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe(`CLI: help and usage (${DIALECT})`, () => {
  const commands: [string[], string[]][] = [
    [[], ['users', 'api-keys', 'migrate', 'backup', 'restore', 'export', 'import', 'outbox', 'renditions', 'search', '--verbose']],
    [
      ['users', 'create'],
      ['--email', '--role', '--password', '--name'],
    ],
    [['users', 'list'], ['--json']],
    [
      ['api-keys', 'create'],
      ['--name', '--role'],
    ],
    [['api-keys', 'list'], ['--json']],
    [['migrate'], ['--show']],
    [['backup'], ['<file>', 'pg_dump']],
    [['restore'], ['<file>', '--force']],
    [['export'], ['--format', '--status', '--out', 'ninjs']],
    [['import'], ['<file>', '--resume', '--batch']],
    [['outbox'], ['--errors', '--json']],
    [['renditions', 'regenerate'], ['--media']],
    [['search', 'reindex'], ['--batch']],
  ];
  for (const [command, options] of commands) {
    it(`${['cli', ...command].join(' ')} --help names ${options.join(', ')}`, async () => {
      const result = await cli([...command, '--help'], cliEnv({ dataDir: scratch }));
      assertOk(result, `${command.join(' ')} --help`);
      for (const option of options) assert.ok(result.stdout.includes(option), `${command.join(' ')} --help should name ${option}:\n${result.stdout}`);
      assert.match(result.stdout, /npm run cli --/);
    });
  }

  it('answers bad usage with exit 2 and one line, and nothing at all with the help on stderr', async () => {
    const env = cliEnv({ dataDir: scratch });
    assertOneLineError(await cli(['no-such-command'], env), 2, /unknown command 'no-such-command'/);
    assertOneLineError(
      await cli(['users', 'create', '--email', 'x@example.test', '--role', 'emperor'], env),
      2,
      /Allowed choices are reader, author, editor, admin/,
    );
    assertOneLineError(await cli(['users', 'create', '--role', 'editor'], env), 2, /required option '--email <email>'/);
    assertOneLineError(await cli(['import', 'x.jsonl', '--batch', '0'], env), 2, /--batch/);
    assertOneLineError(await cli(['export', '--format', 'xml'], env), 2, /Allowed choices are jsonl, ninjs/);
    const bare = await cli([], env);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /Usage: npm run cli --/);
  });
});

describe(`CLI: search reindex (${DIALECT})`, () => {
  it('rebuilds a lost search index so published articles are found again', async () => {
    const t = await startTestApp();
    owned.push(t);
    // A page size of its own each time, so no answer comes from the response cache: the index is what is asked.
    let limit = 20;
    const find = async () => (await t.request('GET', `/api/v1/search?q=diplomacy&locale=en&limit=${limit--}`)).body.data.length as number;
    assert.ok((await find()) >= 1, 'the demo article is found');
    const { DataSource } = await import('typeorm');
    const dataSource = t.app.get(DataSource);
    // Lose the index (as a botched manual fix or an old backup would), then rebuild it from the articles.
    await dataSource.query(
      t.dialect === 'postgres' ? 'DELETE FROM article_search' : `INSERT INTO article_search_fts(article_search_fts) VALUES ('delete-all')`,
    );
    if (t.dialect === 'sqlite') await dataSource.query('DELETE FROM article_search_docs');
    assert.equal(await find(), 0, 'nothing is found without the index');
    await t.stop();
    const result = await cli(['search', 'reindex', '--batch', '1'], cliEnv(t.database));
    assertOk(result, 'search reindex');
    assert.match(result.stdout, /Reindexed [1-9]\d* article\(s\)/);
    const again = await startTestApp({ shareDatabaseWith: t });
    try {
      const res = await again.request('GET', '/api/v1/search?q=diplomacy&locale=en');
      assert.ok(res.body.data.length >= 1, res.text);
    } finally {
      await again.stop();
    }
  });
});

describe(`CLI: users, API keys, migrations and the outbox on a live database (${DIALECT})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ demo: false });
    owned.push(t);
  });

  it('creates a user whose generated password logs in, with the role asked for', async () => {
    const result = await cli(
      ['users', 'create', '--email', 'Desk.Editor@Example.test', '--role', 'editor', '--name', 'Desk Editor'],
      cliEnv(t.database),
    );
    assertOk(result, 'users create');
    const password = /Password \(shown this once\): (\S+)/.exec(result.stdout)?.[1];
    assert.ok(password && password.length >= 16, result.stdout);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'desk.editor@example.test', password } });
    assert.equal(login.status, 200, login.text);
    const drafts = await t.request('GET', '/api/v1/articles?status=draft', { token: login.body.accessToken });
    assert.equal(drafts.status, 200, 'an editor may list drafts');
    const again = await cli(['users', 'create', '--email', 'desk.editor@example.test', '--role', 'author'], cliEnv(t.database));
    assertOneLineError(again, 1, /EMAIL_TAKEN: An account for desk\.editor@example\.test already exists/);
    const bad = await cli(['users', 'create', '--email', 'not-an-email', '--role', 'author'], cliEnv(t.database));
    assertOneLineError(bad, 2, /VALIDATION_FAILED: email/);
    const list = await cli(['users', 'list', '--json'], cliEnv(t.database));
    assertOk(list, 'users list');
    const users = list.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { email: string; role: string });
    assert.deepEqual(
      users.map((u) => [u.email, u.role]),
      [
        [ADMIN.email, 'admin'],
        ['desk.editor@example.test', 'editor'],
      ],
    );
  });

  it('creates API keys that act with their role on the API, shown once and listed without the secret', async () => {
    const editorKey = await cli(['api-keys', 'create', '--name', 'Wire desk', '--role', 'editor'], cliEnv(t.database));
    assertOk(editorKey, 'api-keys create');
    const key = /^(nrc_\S+)$/m.exec(editorKey.stdout)?.[1];
    assert.ok(key, editorKey.stdout);
    const section = await t.request('POST', '/api/v1/sections', { token: key, body: { name: 'From the CLI key', slug: 'cli-key' } });
    assert.equal(section.status, 201, section.text);
    const readerKey = /^(nrc_\S+)$/m.exec((await cli(['api-keys', 'create', '--name', 'App', '--role', 'reader'], cliEnv(t.database))).stdout)?.[1];
    assert.ok(readerKey);
    assert.equal((await t.request('POST', '/api/v1/sections', { token: readerKey, body: { name: 'Nope' } })).status, 403);
    const list = await cli(['api-keys', 'list', '--json'], cliEnv(t.database));
    assertOk(list, 'api-keys list');
    assert.deepEqual(
      list.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { name: string }).name)
        .sort(),
      ['App', 'Wire desk'],
    );
    assert.ok(!list.stdout.includes(key), 'the key itself is never listed');
    const audit = await t.request('GET', '/api/v1/audit?limit=100', { token: await t.token('admin') });
    assert.equal(audit.status, 200, audit.text);
    const actions = (audit.body.data as { action: string; actorLabel: string }[]).filter((e) => e.actorLabel.startsWith('cli:')).map((e) => e.action);
    assert.deepEqual(actions.sort(), ['apiKey.create', 'apiKey.create', 'user.create']);
  });

  it('shows the migrations that ran and has nothing left to run', async () => {
    const show = await cli(['migrate', '--show'], cliEnv(t.database));
    assertOk(show, 'migrate --show');
    assert.match(show.stdout, /\[X\] InitialSchema1764300000000/);
    assert.match(show.stdout, /\[X\] Outbox1764700000000/);
    assert.doesNotMatch(show.stdout, /\[ \]/);
    const run = await cli(['migrate'], cliEnv(t.database));
    assertOk(run, 'migrate');
    assert.match(run.stdout, /Nothing to run/);
  });

  it('runs every migration on an empty database and says which', async () => {
    const empty = { dataDir: mkdtempSync(join(scratch, 'empty-')), url: undefined };
    if (t.database.url) return; // PostgreSQL: every suite's schema is made by its app; the SQLite run covers an empty database.
    const run = await cli(['migrate'], cliEnv(empty));
    assertOk(run, 'migrate');
    assert.match(
      run.stdout,
      new RegExp(`ran InitialSchema1764300000000[\\s\\S]*ran Outbox1764700000000[\\s\\S]*${MIGRATIONS.length} migration\\(s\\) ran`),
    );
  });

  it('shows the outbox backlog per consumer with the oldest due job', async () => {
    const editor = await t.token('editor');
    assert.equal((await t.request('POST', '/api/v1/sections', { token: editor, body: { name: 'Outbox', slug: 'outbox' } })).status, 201);
    const created = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: 'Outbox backlog from the CLI', section: 'outbox', body: [{ type: 'paragraph', text: 'x' }] },
    });
    assert.equal(created.status, 201, created.text);
    // Recorded for the realtime consumer and delivered by this app's worker; then put back in the queue, held an hour.
    const publish = await t.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editor });
    assert.equal(publish.status, 200);
    await t.app.get(Outbox).settle();
    const source = t.app.get(DataSource);
    await source.query(
      `UPDATE outbox_jobs SET status = 'pending', locked_by = NULL, locked_until = NULL, available_at = ${t.dialect === 'postgres' ? "now() + interval '1 hour'" : "datetime('now', '+1 hour')"}`,
    );
    const result = await cli(['outbox', '--json'], cliEnv(t.database));
    assertOk(result, 'outbox');

    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; consumer: string; pending: number; dead: number; oldestPendingAt: string });
    const realtime = rows.find((r) => r.kind === 'backlog' && r.consumer === 'realtime');
    assert.ok(realtime && realtime.pending >= 1, result.stdout);
    assert.ok(Date.parse(realtime.oldestPendingAt) > Date.now(), 'the oldest due job is the one held back an hour');
    const table = await cli(['outbox'], cliEnv(t.database));
    assertOk(table, 'outbox');
    assert.match(table.stdout, /consumer\s+pending\s+dead\s+oldestDue\nrealtime\s+\d+\s+0\s+\d{4}-/);
  });
});

interface ExportedArticle {
  kind: 'article';
  status: string;
  publishedAt?: string;
  translationGroupId: string;
  article: { headline: string; slug: string; locale: string; section: string; tags?: string[]; authors?: string[]; body: object[]; lead?: string };
}

describe(`CLI: export and import (${DIALECT})`, () => {
  let source: TestApp;
  let exported: string;
  const slugs = ['cli-draft', 'cli-review', 'cli-published', 'cli-archived', 'cli-translated-en'];

  before(async () => {
    source = await startTestApp({ demo: false });
    owned.push(source);
    const editor = await source.token('editor');
    const post = async (url: string, body: object) => {
      const res = await source.request('POST', url, { token: editor, body });
      assert.ok(res.status === 201 || res.status === 200, `${url}: ${res.status} ${res.text}`);
      return res.body as { id: string; translationGroupId: string };
    };
    await post('/api/v1/sections', { name: 'World', slug: 'world' });
    await post('/api/v1/sections', { name: 'Europe', slug: 'europe', parent: 'world', description: 'News from Europe.' });
    await post('/api/v1/sections', { name: 'Monde', slug: 'monde', locale: 'fr' });
    await post('/api/v1/tags', { name: 'Diplomacy', slug: 'diplomacy', kind: 'topic' });
    await post('/api/v1/tags', { name: 'Vladimir Putin', slug: 'vladimir-putin', kind: 'person' });
    await post('/api/v1/authors', { name: 'Anna Petrova', slug: 'anna-petrova', bio: 'Moscow correspondent.' });
    const body = [
      { type: 'paragraph', text: 'First paragraph.' },
      { type: 'heading', text: 'A heading', level: 3 },
      { type: 'quote', text: 'We cannot just passively observe events.', attribution: 'Vladimir Putin', context: 'Putin said.' },
      { type: 'list', ordered: true, items: ['one', 'two'] },
      { type: 'embed', url: 'https://example.com/video' },
    ];
    const make = (slug: string, extra: object = {}) =>
      post('/api/v1/articles', {
        headline: `Headline of ${slug}`,
        slug,
        section: 'europe',
        lead: `Lead of ${slug}.`,
        dateline: 'Moscow',
        tags: ['diplomacy', 'vladimir-putin'],
        authors: ['anna-petrova'],
        body,
        urgency: 3,
        ...extra,
      });
    await make('cli-draft');
    const review = await make('cli-review');
    await post(`/api/v1/articles/${review.id}/submit`, {});
    const published = await make('cli-published', { isBreaking: true });
    await post(`/api/v1/articles/${published.id}/publish`, { publishedAt: '2025-03-01T09:30:00+03:00' });
    const archived = await make('cli-archived');
    await post(`/api/v1/articles/${archived.id}/publish`, { publishedAt: '2024-01-01T00:00:00Z' });
    await post(`/api/v1/articles/${archived.id}/archive`, {});
    const english = await make('cli-translated-en');
    await post(`/api/v1/articles/${english.id}/publish`, {});
    // The French edition of the same story: same translation group (set through the import below, where it is kept).
    exported = join(scratch, 'export.jsonl');
  });

  it('exports every section, tag, author and article as one JSON object per line, parents first', async () => {
    const result = await cli(['export', '--out', exported], cliEnv(source.database));
    assertOk(result, 'export');
    assert.match(result.stderr, /Exported 3 sections, 2 tags, 1 author, 5 articles to /);
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { kind: string; section?: { slug: string } });
    assert.deepEqual(
      records.map((r) => r.kind),
      ['section', 'section', 'section', 'tag', 'tag', 'author', 'article', 'article', 'article', 'article', 'article'],
    );
    const sectionOrder = records.filter((r) => r.kind === 'section').map((r) => r.section!.slug);
    assert.ok(sectionOrder.indexOf('world') < sectionOrder.indexOf('europe'), 'a parent comes before its child');
    const published = records.find(
      (r) => r.kind === 'article' && (r as unknown as ExportedArticle).article.slug === 'cli-published',
    ) as unknown as ExportedArticle;
    assert.equal(published.status, 'published');
    assert.equal(published.publishedAt, '2025-03-01T06:30:00.000Z');
    assert.deepEqual(published.article.tags, ['diplomacy', 'vladimir-putin']);
    assert.equal(published.article.section, 'europe');

    const stdout = await cli(['export', '--format', 'ninjs', '--status', 'published'], cliEnv(source.database));
    assertOk(stdout, 'export ninjs');
    const items = stdout.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { standard: { name: string; version: string }; headlines: { value: string }[] });
    assert.equal(items.length, 2);
    for (const item of items) assert.deepEqual([item.standard.name, item.standard.version], ['ninjs', '3.1']);
    assert.deepEqual(items.map((i) => i.headlines[0].value).sort(), ['Headline of cli-published', 'Headline of cli-translated-en']);
  });

  it('imports the export into a fresh database: the same articles, bodies, sections, tags, authors, states and dates', async () => {
    // Add a translation to the file: the French edition, in the English article's translation group.
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    const english = lines.map((l) => JSON.parse(l) as ExportedArticle).find((r) => r.kind === 'article' && r.article.slug === 'cli-translated-en')!;
    const french = {
      ...english,
      id: undefined,
      article: { ...english.article, slug: 'cli-traduit-fr', locale: 'fr', section: 'monde', headline: 'Titre en français' },
    };
    const file = join(scratch, 'with-translation.jsonl');
    writeFileSync(file, [...lines, JSON.stringify(french)].join('\n') + '\n');

    const target = await freshDatabase();
    owned.push(target);
    const result = await cli(['import', file], cliEnv(target.database));
    assertOk(result, 'import');
    assert.match(result.stdout, /6 articles imported; 3 sections, 2 tags, 1 authors created in [\d.]+ s \(\d+ articles\/s\)/);

    const copy = await startTestApp({ demo: false, shareDatabaseWith: target });
    try {
      const [from, to] = [await source.token('admin'), await copy.token('admin')];
      for (const slug of slugs) {
        const a = await source.request('GET', `/api/v1/articles/${slug}`, { token: from });
        const b = await copy.request('GET', `/api/v1/articles/${slug}`, { token: to });
        assert.equal(b.status, 200, `${slug}: ${b.text}`);
        for (const field of [
          'headline',
          'lead',
          'dateline',
          'body',
          'status',
          'publishedAt',
          'firstPublishedAt',
          'isBreaking',
          'urgency',
          'translationGroupId',
          'locale',
        ]) {
          assert.deepEqual(b.body[field], a.body[field], `${slug}.${field}`);
        }
        assert.equal(b.body.section.slug, a.body.section.slug);
        assert.deepEqual(
          b.body.tags.map((x: { slug: string; kind: string }) => [x.slug, x.kind]),
          a.body.tags.map((x: { slug: string; kind: string }) => [x.slug, x.kind]),
        );
        assert.deepEqual(
          b.body.authors.map((x: { slug: string; bio: string }) => [x.slug, x.bio]),
          a.body.authors.map((x: { slug: string; bio: string }) => [x.slug, x.bio]),
        );
      }
      const fr = await copy.request('GET', '/api/v1/articles/cli-traduit-fr?locale=fr', { token: to });
      assert.equal(fr.status, 200, fr.text);
      assert.equal(fr.body.translationGroupId, english.translationGroupId, 'the translation joins the English article’s group');
      const europe = await copy.request('GET', '/api/v1/sections/europe');
      assert.equal(europe.body.description, 'News from Europe.');
      const world = await copy.request('GET', '/api/v1/sections/world');
      assert.deepEqual(
        world.body.children.map((c: { slug: string }) => c.slug),
        ['europe'],
      );
      // Imports go through the workflow: each article's history is there, and published ones are public.
      const revisions = await copy.request(
        'GET',
        `/api/v1/articles/${(await copy.request('GET', '/api/v1/articles/cli-archived', { token: to })).body.id}/revisions`,
        { token: to },
      );
      assert.deepEqual(
        revisions.body.map((r: { action: string }) => r.action),
        ['archive', 'publish', 'create'],
      );
      assert.equal((await copy.request('GET', '/api/v1/articles/cli-published')).status, 200);
      assert.equal((await copy.request('GET', '/api/v1/articles/cli-draft')).status, 404);
    } finally {
      await copy.close();
    }

    // Running the same file again adds nothing.
    const again = await cli(['import', file], cliEnv(target.database));
    assertOk(again, 'import again');
    assert.match(again.stdout, /0 articles imported; 6 already there/);
  });

  it('reports a bad line by number with the reason, imports the rest, and exits 1', async () => {
    const target = await freshDatabase();
    owned.push(target);
    const file = join(scratch, 'bad-lines.jsonl');
    const article = (slug: string, extra: object = {}) =>
      JSON.stringify({
        kind: 'article',
        status: 'draft',
        article: { headline: `H ${slug}`, slug, section: 'news', body: [{ type: 'paragraph', text: 'x' }], ...extra },
      });
    writeFileSync(
      file,
      [
        JSON.stringify({ kind: 'section', section: { name: 'News', slug: 'news' } }),
        article('good-one'),
        '{not json',
        article('bad-field', { colour: 'red' }),
        article('bad-section', { section: 'nowhere' }),
        JSON.stringify({
          kind: 'article',
          status: 'published',
          publishedAt: '2999-01-01T00:00:00Z',
          article: { headline: 'Future', slug: 'future', section: 'news', body: [] },
        }),
        JSON.stringify({ kind: 'comment', text: 'hi' }),
        article('good-two'),
      ].join('\n'),
    );
    const result = await cli(['import', file, '--batch', '3'], cliEnv(target.database));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^line 3: not JSON/m);
    assert.match(result.stderr, /^line 4: VALIDATION_FAILED: article\.colour: property colour should not exist/m);
    assert.match(result.stderr, /^line 5: UNKNOWN_REFERENCE: section: no section "nowhere"/m);
    assert.match(result.stderr, /^line 6: PUBLISHED_AT_IN_FUTURE/m);
    assert.match(result.stderr, /^line 7: "kind" must be one of section, tag, author, article/m);
    assert.match(result.stdout, /2 articles imported; 1 sections, 0 tags, 0 authors created; 5 bad lines skipped/);
    const copy = await startTestApp({ demo: false, shareDatabaseWith: target });
    try {
      const rows = (await copy.app.get(DataSource).query('SELECT slug FROM articles ORDER BY slug')) as { slug: string }[];
      // The future "published" article failed after its draft was written: the whole article was rolled back.
      assert.deepEqual(
        rows.map((r) => r.slug),
        ['good-one', 'good-two'],
      );
    } finally {
      await copy.close();
    }
  });
});

/** 10,000 on SQLite (the README's `npm test`); PostgreSQL runs the same path on 2,000 to keep CI's second pass short. */
const IMPORT_TOTAL = DIALECT === 'SQLite' ? 10_000 : 2_000;

describe(`CLI: importing ${IMPORT_TOTAL.toLocaleString('en')} articles, interrupted and resumed (${DIALECT})`, () => {
  it(`shows progress, survives a kill midway, and finishes with exactly ${IMPORT_TOTAL.toLocaleString('en')} articles on --resume`, async (ctx) => {
    const TOTAL = IMPORT_TOTAL;
    const target = await freshDatabase();
    owned.push(target);
    const file = join(scratch, 'ten-thousand.jsonl');
    const lines = [
      JSON.stringify({ kind: 'section', section: { name: 'World', slug: 'world' } }),
      JSON.stringify({ kind: 'section', section: { name: 'Europe', slug: 'europe', parent: 'world' } }),
      ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ kind: 'tag', tag: { name: `Topic ${i}`, slug: `topic-${i}`, kind: 'topic' } })),
      JSON.stringify({ kind: 'author', author: { name: 'Jane Doe', slug: 'jane-doe' } }),
      ...Array.from({ length: TOTAL }, (_, i) =>
        JSON.stringify({
          kind: 'article',
          status: i % 10 === 0 ? 'draft' : 'published',
          ...(i % 10 === 0 ? {} : { publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }),
          article: {
            headline: `Generated article number ${i}`,
            slug: `generated-${i}`,
            section: i % 2 ? 'world' : 'europe',
            tags: [`topic-${i % 5}`],
            authors: ['jane-doe'],
            body: [
              { type: 'paragraph', text: `The first paragraph of article ${i}.` },
              { type: 'quote', text: 'A quotation.', attribution: 'Someone' },
            ],
          },
        }),
      ),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const stateFile = join(target.database.dataDir, 'imports', `${sha256(readFileSync(file))}.json`);
    const readState = () =>
      existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { lastLine: number; done: boolean; totalLines: number }) : null;

    const first = startCli(['import', file, '--batch', '250'], cliEnv(target.database));
    let killedAt: { lastLine: number; done: boolean } | null = null;
    for (;;) {
      const state = readState();
      if (state && state.lastLine >= TOTAL / 5) {
        first.child.kill('SIGKILL');
        killedAt = state;
        break;
      }
      if (first.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const killed = await first.done;
    assert.ok(killedAt, `the import ended before it could be interrupted:\n${killed.stdout}\n${killed.stderr}`);
    assert.equal(killed.code, null, 'killed, not finished');
    assert.equal(killedAt.done, false);
    assert.ok(killedAt.lastLine < lines.length, 'interrupted midway');
    assert.match(killed.stderr, new RegExp(`import: \\d+/${lines.length} lines \\(\\d+%\\)`), 'plain progress lines when stderr is not a terminal');

    const resumed = await cli(['import', file, '--resume', '--batch', '250'], cliEnv(target.database));
    assertOk(resumed, 'import --resume');
    const from = Number(new RegExp(`Resuming after line (\\d+) of ${lines.length}`).exec(resumed.stderr)?.[1]);
    assert.ok(from >= killedAt.lastLine, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`import: ${lines.length}/${lines.length} lines \\(100%\\), \\d+ articles, \\d+ articles/s`));
    const summary = /(\d+) articles imported.* in ([\d.]+) s \((\d+) articles\/s\)/.exec(resumed.stdout);
    assert.ok(summary, resumed.stdout);
    assert.equal(Number(summary[1]), TOTAL - (from - 8), `this run imported exactly what was left: ${resumed.stdout}`);
    assert.doesNotMatch(resumed.stdout, /already there/, 'nothing committed before the kill was read again');
    ctx.diagnostic(`import rate (${DIALECT}): ${summary[3]} articles/s (${summary[1]} articles in ${summary[2]} s after resuming at line ${from})`);
    const state = readState()!;
    assert.deepEqual([state.done, state.lastLine], [true, lines.length]);

    const app = await startTestApp({ demo: false, shareDatabaseWith: target });
    try {
      const db = app.app.get(DataSource);
      const [counts] = (await db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT slug) AS slugs FROM articles')) as { n: string; slugs: string }[];
      assert.deepEqual([Number(counts.n), Number(counts.slugs)], [TOTAL, TOTAL], `exactly ${TOTAL} articles, none twice`);
      const [published] = (await db.query(`SELECT COUNT(*) AS n FROM articles WHERE status = 'published'`)) as { n: string }[];
      assert.equal(Number(published.n), TOTAL - TOTAL / 10);
      const [revisions] = (await db.query('SELECT COUNT(*) AS n FROM article_revisions')) as { n: string }[];
      assert.equal(Number(revisions.n), TOTAL + (TOTAL - TOTAL / 10), 'create, and publish where published: no half-imported article');
      // An odd number ending in 1: in 'world', tagged topic-1, published (4321 of 10,000; 321 of 2,000).
      const sample = 4321 % TOTAL;
      const one = await app.request('GET', `/api/v1/articles/generated-${sample}`);
      assert.equal(one.status, 200);
      assert.deepEqual(
        [one.body.section.slug, one.body.tags[0].slug, one.body.publishedAt],
        ['world', 'topic-1', new Date(Date.UTC(2024, 0, 1) + sample * 60_000).toISOString()],
      );
    } finally {
      await app.close();
    }
  });
});

describe(`CLI: backup and restore (${DIALECT})`, () => {
  let live: TestApp;
  let archive: string;
  let photo: { id: string };
  let photoBytes: Buffer;
  let manifestArticles: number;

  before(async () => {
    live = await startTestApp({ demo: false });
    owned.push(live);
    const editor = await live.token('editor');
    assert.equal((await live.request('POST', '/api/v1/sections', { token: editor, body: { name: 'Russia', slug: 'russia' } })).status, 201);
    const upload = multipart('diplomats.jpg', SAMPLE_PHOTO, 'image/jpeg');
    const media = await live.request('POST', '/api/v1/media', {
      token: editor,
      rawBody: upload.body,
      headers: { 'content-type': upload.contentType },
    });
    assert.equal(media.status, 201, media.text);
    photo = media.body;
    photoBytes = (await live.app.inject({ method: 'GET', url: `/api/v1/media/${photo.id}/file` })).rawPayload;
    assert.ok(photoBytes.length > 1000);
    for (let i = 0; i < 20; i += 1) {
      const created = await live.request('POST', '/api/v1/articles', {
        token: editor,
        body: {
          headline: `Before the backup ${i}`,
          section: 'russia',
          mainImage: photo.id,
          body: [
            { type: 'paragraph', text: `Body ${i}` },
            { type: 'image', mediaId: photo.id, caption: 'A caption' },
          ],
        },
      });
      assert.equal(created.status, 201, created.text);
      if (i % 2) await live.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editor });
    }
    archive = join(scratch, 'backups', 'live.tar.gz');
  });

  it('backs up the live database while the app keeps writing, then restores it into an empty DATA_DIR where every article reads back', async () => {
    const editor = await live.token('editor');
    const backup = startCli(['backup', archive], cliEnv(live.database));
    // Writes while the backup runs: the snapshot holds each of them whole or not at all.
    let writes = 0;
    while (backup.child.exitCode === null) {
      const created = await live.request('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: `During the backup ${writes}`, section: 'russia', body: [{ type: 'paragraph', text: 'x' }] },
      });
      assert.equal(created.status, 201);
      writes += 1;
    }
    const result = await backup.done;
    assertOk(result, 'backup');
    assert.match(result.stdout, /Backup written to .*live\.tar\.gz: \d+ parts; (\d+) articles/);
    manifestArticles = Number(/: \d+ parts; (\d+) articles/.exec(result.stdout)![1]);
    assert.ok(manifestArticles >= 20, `the backup holds at least the 20 articles written before it: ${result.stdout}`);

    if (live.dialect === 'postgres') {
      // A lost database: the schema goes (the app's close drops it), and only the backup is left.
      await live.close();
      owned.splice(owned.indexOf(live), 1);
    }
    const restoredDir = join(scratch, 'restored');
    const restored = await cli(['restore', archive], cliEnv({ dataDir: restoredDir, url: live.database.url }));
    assertOk(restored, 'restore');
    assert.match(
      restored.stdout,
      new RegExp(`Restored the backup of .* into .*restored: ${manifestArticles} articles, 1 media, ${MIGRATIONS.length} migrations`),
    );

    const copy = await startTestApp({ demo: false, shareDatabaseWith: { database: { dataDir: restoredDir, url: live.database.url } } });
    try {
      const admin = await copy.token('admin');
      const ids = ((await copy.app.get(DataSource).query('SELECT id, slug FROM articles ORDER BY slug')) as { id: string; slug: string }[]).map(
        (r) => r.id,
      );
      assert.equal(ids.length, manifestArticles, 'every article of the manifest is in the restored database');
      for (const id of ids) {
        const article = await copy.request('GET', `/api/v1/articles/${id}`, { token: admin });
        assert.equal(article.status, 200, `${id}: ${article.text}`);
        if (live.dialect === 'sqlite' && (ids.indexOf(id) % 7 === 0 || /Before the backup 1$/.test(article.body.headline))) {
          const original = await live.request('GET', `/api/v1/articles/${id}`, { token: await live.token('admin') });
          assert.deepEqual(article.body, original.body, 'the restored article is the original, field for field');
        }
      }
      const withPhoto = (await copy.request('GET', '/api/v1/articles?limit=100')).body.data.find((a: { headline: string }) =>
        /Before the backup/.test(a.headline),
      );
      assert.equal(withPhoto.mainImage.id, photo.id);
      const original = await copy.app.inject({ method: 'GET', url: `/api/v1/media/${photo.id}/file` });
      assert.equal(sha256(original.rawPayload), sha256(photoBytes), 'the media file came back byte for byte');
      const rendition = await copy.app.inject({ method: 'GET', url: `/api/v1/media/${photo.id}/file?width=320&format=webp` });
      assert.equal(rendition.statusCode, 200, 'renditions are made again from the restored original');
      // Tokens signed before the backup still verify: the JWT secret came back too.
      const login = await copy.request('POST', '/api/v1/auth/login', { body: ADMIN });
      assert.equal(login.status, 200);
    } finally {
      await copy.close();
      if (live.dialect === 'postgres') {
        const { default: pg } = await import('pg');
        const schema = /search_path%3D(\w+)/.exec(live.database.url!)![1];
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL!.replace(/\?.*$/, '') });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    }
    rmSync(restoredDir, { recursive: true, force: true });
  });

  it('refuses a DATA_DIR that is not empty unless --force, and then replaces it', async () => {
    if (DIALECT === 'PostgreSQL') return; // the PostgreSQL path replaces a schema; its guard is the same code, exercised above.
    const dir = mkdtempSync(join(scratch, 'occupied-'));
    writeFileSync(join(dir, 'cms.sqlite'), 'not a database');
    const refused = await cli(['restore', archive], cliEnv({ dataDir: dir }));
    assertOneLineError(refused, 1, /is not empty; restore into an empty folder, or add --force/);
    assert.equal(readFileSync(join(dir, 'cms.sqlite'), 'utf8'), 'not a database', 'left alone');
    const forced = await cli(['restore', archive, '--force'], cliEnv({ dataDir: dir }));
    assertOk(forced, 'restore --force');
    assert.equal(readFileSync(join(dir, 'cms.sqlite')).subarray(0, 15).toString(), 'SQLite format 3');
  });

  it('refuses a damaged archive (truncated, a part changed, not gzip) and leaves DATA_DIR empty', async () => {
    const bytes = readFileSync(archive);
    const tar = gunzipSync(bytes);
    // A byte of the first part (the database, right after the first 512-byte header) flipped, then packed again: valid gzip, wrong content.
    const tampered = Buffer.from(tar);
    tampered[512 + 4096] ^= 0xff;
    const cases: [string, Buffer, RegExp][] = [
      [
        'truncated.tar.gz',
        bytes.subarray(0, Math.floor(bytes.length / 2)),
        /damaged or not a Newsroom CMS backup: (unexpected end of file|the archive is truncated)/,
      ],
      ['tampered.tar.gz', gzipSync(tampered), /damaged or not a Newsroom CMS backup: (cms\.sqlite|database\.pgdump) does not match its checksum/],
      ['plain.txt', Buffer.from('hello, I am not a backup\n'), /damaged or not a Newsroom CMS backup: incorrect header check/],
    ];
    for (const [name, data, message] of cases) {
      const path = join(scratch, name);
      writeFileSync(path, data);
      const dir = join(scratch, `into-${name}`);
      const result = await cli(['restore', path], cliEnv({ dataDir: dir, url: live.database.url }));
      assertOneLineError(result, 1, message);
      assert.ok(!existsSync(join(dir, 'cms.sqlite')) && !existsSync(join(dir, 'media')), `${name}: nothing restored`);
    }
  });
});
