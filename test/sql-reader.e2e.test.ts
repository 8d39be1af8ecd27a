import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { ArticleEntity } from '../src/articles/article.entity.js';
import { ArticlesRepository } from '../src/articles/articles.repository.js';
import { ArticleCorrectionEntity } from '../src/articles/revisions/article-correction.entity.js';
import { Transactions } from '../src/database/transactions.js';
import { SqlReader } from '../src/database/sql-reader.js';
import { MediaEntity } from '../src/media/media.entity.js';
import { SectionEntity } from '../src/sections/section.entity.js';
import { AuthorEntity } from '../src/taxonomy/author.entity.js';
import { TagEntity } from '../src/taxonomy/tag.entity.js';
import { DEMO_SLUG, startTestApp, type TestApp } from './support/test-app.js';

// The hot public reads skip TypeORM (src/database/sql-reader.ts): the entities they build must be
// the ones TypeORM builds from the same rows, on either database, and a read must never see the
// inside of a write transaction that has not committed.
const dialect = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

describe(`SqlReader (${dialect})`, () => {
  let t: TestApp;
  let reader: SqlReader;
  let dataSource: DataSource;
  let demoId: string;

  before(async () => {
    t = await startTestApp({ demo: true });
    reader = t.app.get(SqlReader);
    dataSource = t.app.get(DataSource);
    const editor = await t.token('editor');
    const demo = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}?locale=en`);
    assert.equal(demo.status, 200, demo.text);
    demoId = demo.body.id as string;
    const photo = (demo.body.mainImage as { id: string }).id;
    const author = await t.request('POST', '/api/v1/authors', { token: editor, body: { name: 'Mikhail Klementiev', photo } });
    assert.equal(author.status, 201, author.text);
    assert.equal((await t.request('POST', '/api/v1/authors', { token: editor, body: { name: 'No Photo' } })).status, 201);
    // A public correction, so that table has a row to compare too.
    const fixed = await t.request('PATCH', `/api/v1/articles/${demoId}`, {
      token: editor,
      headers: { 'if-match': String(demo.headers.etag) },
      body: { lead: 'A corrected lead.', correction: 'An earlier version misquoted the minister.' },
    });
    assert.equal(fixed.status, 200, fixed.text);
  });
  after(async () => t.close());

  const plain = (rows: ObjectLiteral[]) => rows.map((row) => ({ ...row })).sort((a, b) => String(a.id).localeCompare(String(b.id)));

  const entities: [string, EntityTarget<ObjectLiteral>][] = [
    ['articles', ArticleEntity],
    ['sections', SectionEntity],
    ['tags', TagEntity],
    ['authors', AuthorEntity],
    ['media', MediaEntity],
    ['article_corrections', ArticleCorrectionEntity],
  ];
  for (const [table, target] of entities) {
    it(`maps every ${table} row exactly as TypeORM does (dates, booleans, JSON, nulls)`, async () => {
      const expected = plain(await dataSource.getRepository(target).find());
      assert.ok(expected.length > 0, `the demo content has ${table}`);
      const actual = plain(await reader.entities(target, `SELECT * FROM ${table}`));
      assert.deepStrictEqual(actual, expected);
    });
  }

  it(
    "gives both SQLite connections the page cache SQLITE_CACHE_MB sets (2 MB), not better-sqlite3's 16 MB",
    { skip: dialect !== 'SQLite' },
    async () => {
      type Connection = { pragma(sql: string, options: { simple: true }): unknown; readonly: boolean };
      const writer = (dataSource.driver as unknown as { databaseConnection: Connection }).databaseConnection;
      await reader.entities(TagEntity, 'SELECT * FROM tags');
      const read = (reader as unknown as { connection(): Connection }).connection();
      assert.equal(read.readonly, true, 'the reads have a connection of their own');
      assert.equal(writer.pragma('cache_size', { simple: true }), -2048);
      assert.equal(read.pragma('cache_size', { simple: true }), -2048);
    },
  );

  it('gives an article its tags and bylines in editorial order, not in the order of their ids', async () => {
    const editor = await t.token('editor');
    const make = async (kind: 'tags' | 'authors', n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await t.request('POST', `/api/v1/${kind}`, {
          token: editor,
          body: { name: `Order ${kind} ${i}`, ...(kind === 'tags' ? { kind: 'topic' } : {}) },
        });
        assert.equal(res.status, 201, res.text);
        ids.push(res.body.id as string);
      }
      // Highest id first: an index scan (by id) would give the reverse.
      return ids.sort().reverse();
    };
    const [tags, authors] = [await make('tags', 5), await make('authors', 4)];
    const created = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: 'In editorial order', section: 'russia', body: [{ type: 'paragraph', text: 'Text.' }], tags, authors },
    });
    assert.equal(created.status, 201, created.text);
    const ids = (list: { id: string }[]) => list.map((x) => x.id);
    for (const url of [`/api/v1/articles/${created.body.slug}`, `/api/v1/articles/${created.body.id}`]) {
      const res = await t.request('GET', url, { token: editor });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(ids(res.body.tags), tags, url);
      assert.deepEqual(ids(res.body.authors), authors, url);
    }
    // The writes' background jobs are done before the next test counts statements.
    await t.idle();
  });

  it('reads by id list with one statement, whatever the order and repeats', async () => {
    const tags = await dataSource.getRepository(TagEntity).find();
    const ids = [...tags.map((tag) => tag.id)].reverse();
    const before = t.queryCount();
    const found = await reader.byIds(TagEntity, [...ids, ids[0]]);
    assert.equal(t.queryCount() - before, 1);
    assert.deepEqual([...found.keys()].sort(), [...ids].sort());
    assert.equal((await reader.byIds(TagEntity, [])).size, 0);
  });

  it('never sees an uncommitted write, and sees it as soon as it commits', async () => {
    const repository = t.app.get(ArticlesRepository);
    const original = (await repository.findById(demoId))!.headline;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inside = new Promise<void>((resolve) => (written = resolve));
    const transaction = t.app.get(Transactions).run(async (manager) => {
      await manager.getRepository(ArticleEntity).update({ id: demoId }, { headline: 'Not yet committed' });
      written();
      await gate;
    });
    await inside;
    assert.equal((await repository.findById(demoId))!.headline, original, 'a read during the transaction sees the committed row');
    const list = await repository.list({ limit: 50, now: new Date() });
    assert.equal(list.find((a) => a.id === demoId)?.headline, original);
    release();
    await transaction;
    assert.equal((await repository.findById(demoId))!.headline, 'Not yet committed', 'the commit is visible at once');
  });

  it('a failed transaction leaves nothing for readers to see', async () => {
    const repository = t.app.get(ArticlesRepository);
    const before = (await repository.findById(demoId))!.headline;
    await assert.rejects(
      t.app.get(Transactions).run(async (manager) => {
        await manager.getRepository(ArticleEntity).update({ id: demoId }, { headline: 'Rolled back' });
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.equal((await repository.findById(demoId))!.headline, before);
  });
});
