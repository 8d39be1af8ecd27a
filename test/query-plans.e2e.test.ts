import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ArticlesRepository } from '../src/articles/articles.repository.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface RecentQueries {
  recent: { query: string; parameters: unknown[] }[];
}

// Every filter and keyset page of the public lists is served by an index: no full scan of
// articles and no temporary B-tree sort, however deep the page. SQLite's planner is the one
// asked (EXPLAIN QUERY PLAN); PostgreSQL's plans depend on table statistics and are not judged here.
describe('public list queries use their indexes (SQLite)', { skip: Boolean(process.env.DATABASE_URL) && 'plans are judged on SQLite' }, () => {
  let t: TestApp;
  let logger: RecentQueries;
  let dataSource: DataSource;
  let filters: { tag: string; author: string };
  before(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    logger = dataSource.logger as unknown as RecentQueries;
    // A realistic table, so the planner has a choice to make: 3,000 articles by bulk insert, then ANALYZE.
    const [{ id: sectionId }] = await dataSource.query(`SELECT id FROM sections WHERE slug = 'russia'`);
    await dataSource.query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
       INSERT INTO articles (id, slug, locale, translation_group_id, headline, body, section_id, status, published_at, first_published_at,
         is_breaking, urgency, comments_enabled, version, created_at, updated_at)
       SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'bulk-' || i, CASE WHEN i % 5 = 0 THEN 'ru' ELSE 'en' END,
         printf('%08x-1111-4000-8000-%012x', i, i), 'Bulk ' || i, '[]', ?, CASE WHEN i % 7 = 0 THEN 'draft' ELSE 'published' END,
         strftime('%Y-%m-%d %H:%M:%f', '2020-01-01', '+' || (i / 3) || ' minutes'), strftime('%Y-%m-%d %H:%M:%f', '2020-01-01', '+' || (i / 3) || ' minutes'),
         0, 5, 1, 1, '2020-01-01 00:00:00.000', '2020-01-01 00:00:00.000' FROM n`,
      [sectionId],
    );
    // Every tenth one tagged and bylined, so the tag and author filters have a real choice too.
    const [{ id: tagId, slug: tagSlug }] = await dataSource.query(`SELECT id, slug FROM tags ORDER BY slug LIMIT 1`);
    const editor = await t.token('editor');
    const author = await t.request('POST', '/api/v1/authors', { token: editor, body: { name: 'Plan Author' } });
    assert.equal(author.status, 201, author.text);
    filters = { tag: tagSlug as string, author: author.body.slug as string };
    await dataSource.query(`INSERT INTO article_tags (article_id, tag_id, position) SELECT id, ?, 0 FROM articles WHERE slug LIKE 'bulk-%0'`, [
      tagId,
    ]);
    await dataSource.query(`INSERT INTO article_authors (article_id, author_id, position) SELECT id, ?, 0 FROM articles WHERE slug LIKE 'bulk-%0'`, [
      author.body.id,
    ]);
    await dataSource.query('ANALYZE');
  });
  after(async () => t.close());

  /** The plan of the article-list SELECT a request ran. */
  const planOf = async (url: string): Promise<string> => {
    logger.recent.length = 0;
    const res = await t.request('GET', url);
    assert.equal(res.status, 200, res.text);
    const list = logger.recent.find((q) => /FROM "?articles"? "?a"?\s/.test(q.query) && /ORDER BY/.test(q.query));
    assert.ok(list, `no article list query for ${url}`);
    const rows: { detail: string }[] = await dataSource.query(`EXPLAIN QUERY PLAN ${list.query}`, list.parameters);
    return rows.map((r) => r.detail).join(' | ');
  };

  it('serves lists, filters and deep keyset pages from indexes', async () => {
    const deep = await t.request('GET', '/api/v1/articles?limit=100');
    assert.ok(deep.body.page.nextCursor, 'a second page exists');
    const cursor = encodeURIComponent(deep.body.page.nextCursor as string);
    const urls = [
      '/api/v1/articles?limit=20',
      '/api/v1/articles?section=russia&limit=20',
      '/api/v1/articles?locale=en&limit=20',
      '/api/v1/newsfeed?limit=20',
      `/api/v1/articles?limit=20&cursor=${cursor}`,
      `/api/v1/articles?section=russia&limit=20&cursor=${cursor}`,
      `/api/v1/articles?locale=en&limit=20&cursor=${cursor}`,
      `/api/v1/articles?tag=${filters.tag}&limit=20`,
      `/api/v1/articles?author=${filters.author}&limit=20`,
      `/api/v1/articles?tag=${filters.tag}&limit=20&cursor=${cursor}`,
    ];
    for (const url of urls) {
      const plan = await planOf(url);
      assert.match(plan, /USING (COVERING )?INDEX/, `${url}: ${plan}`);
      assert.doesNotMatch(plan, /TEMP B-TREE/, `${url} sorts in a temporary B-tree: ${plan}`);
      assert.doesNotMatch(plan, /(^|\| )SCAN a\b/, `${url} scans the whole table: ${plan}`);
    }
  });

  it("answers the scheduler's questions (every few seconds) from indexes", async () => {
    const repository = t.app.get(ArticlesRepository);
    const now = new Date();
    const questions: [string, () => Promise<unknown>][] = [
      ['due for publish', () => repository.dueForPublish(now, 50)],
      ['due for unpublish', () => repository.dueForUnpublish(now, 50)],
      ['embargoes ended', () => repository.embargoEndedBetween(new Date(now.getTime() - 60_000), now)],
    ];
    for (const [name, ask] of questions) {
      logger.recent.length = 0;
      await ask();
      const [asked] = logger.recent;
      assert.ok(asked, `${name}: a query ran`);
      const rows: { detail: string }[] = await dataSource.query(`EXPLAIN QUERY PLAN ${asked.query}`, asked.parameters);
      const plan = rows.map((r) => r.detail).join(' | ');
      assert.match(plan, /SEARCH articles USING INDEX \w+ \((status=\? AND \w+<\?|embargo_until>\? AND embargo_until<\?)\)/, `${name}: ${plan}`);
    }
  });
});
