// Builds a benchmark dataset: a fresh DATA_DIR whose SQLite DB has been migrated by the real
// server, then bulk-filled with better-sqlite3 in one transaction.
// Usage: node bench/dataset.mjs [--articles N] [--db sqlite|postgres]
import Database from 'better-sqlite3';
import { randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, freePort, startServer, stopChild, sqlDate } from './lib.mjs';

const WORDS =
  'government minister said on monday that the new policy would strengthen security cooperation across the region while critics warned about rising costs for households and businesses in the coming months officials added talks will continue next week'.split(
    ' ',
  );

function sentence(rnd, n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function paragraph(rnd, chars) {
  let p = '';
  while (p.length < chars) p += (p ? ' ' : '') + sentence(rnd, 8 + Math.floor(rnd() * 10));
  return p;
}

// Small deterministic PRNG so runs are comparable.
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The dataset in SQLite (always: the raw baseline reads it), and with `db: 'postgres'` the same rows
 * copied into a schema of its own in PostgreSQL (`pgUrl`), migrated by the real server; `drop()` removes it.
 */
export async function buildDataset({ articles = 10000, db = 'sqlite', pgUrl = DEFAULT_PG_URL, log = console.log } = {}) {
  if (db !== 'sqlite' && db !== 'postgres') throw new Error(`--db ${db}: use sqlite or postgres.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-bench-'));
  const t0 = performance.now();

  // 1. Let the real server run its migrations and create the admin, then stop it.
  const port = await freePort();
  const { child } = await startServer({ dataDir, port });
  await stopChild(child);

  // 2. One real stored file for every media row: the demo photo, stored as the server stores it.
  const photo = join(ROOT, 'assets/demo/diplomats-meeting.jpg');
  const sha = createHash('sha256').update(readFileSync(photo)).digest('hex');
  const storageKey = `${sha.slice(0, 2)}/${sha}.jpg`;
  mkdirSync(join(dataDir, 'media', sha.slice(0, 2)), { recursive: true });
  copyFileSync(photo, join(dataDir, 'media', storageKey));
  const photoSize = readFileSync(photo).length;

  // 3. Bulk insert.
  const dbFile = join(dataDir, 'cms.sqlite');
  const sq = new Database(dbFile);
  sq.pragma('journal_mode = WAL');
  const admin = sq.prepare(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`).get();
  const rnd = mulberry32(42);
  const now = Date.now();
  const stamp = sqlDate(new Date(now - 1000));

  const insSection = sq.prepare(
    `INSERT INTO sections (id, slug, locale, name, description, parent_id, position, seo_title, seo_description, created_at, updated_at)
     VALUES (?, ?, 'en', ?, ?, NULL, ?, NULL, NULL, ?, ?)`,
  );
  const insTag = sq.prepare(
    `INSERT INTO tags (id, slug, name, kind, media_topic_uri, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)`,
  );
  const insAuthor = sq.prepare(
    `INSERT INTO authors (id, slug, name, bio, photo_id, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)`,
  );
  const insMedia = sq.prepare(
    `INSERT INTO media (id, kind, mime_type, size, sha256, width, height, storage_key, original_filename, caption, alt_text, creator, source,
       copyright_notice, credit_line, mediabank_url, focal_x, focal_y, date_created, created_at, updated_at, headline, keywords, city, country, credit, original_key)
     VALUES (?, 'image', 'image/jpeg', ?, ?, 1600, 900, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const insArticle = sq.prepare(
    `INSERT INTO articles (id, slug, locale, translation_group_id, headline, lead, dateline, body, section_id, main_image_id, status,
       publish_at, published_at, first_published_at, embargo_until, is_breaking, urgency, comments_enabled, version,
       seo_title, seo_description, canonical_url, created_by_id, created_at, updated_at, unpublish_at)
     VALUES (?, ?, 'en', ?, ?, ?, ?, ?, ?, ?, 'published', NULL, ?, ?, NULL, 0, 5, 1, 1, NULL, NULL, NULL, ?, ?, ?, NULL)`,
  );
  const insArticleTag = sq.prepare(`INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)`);
  const insArticleAuthor = sq.prepare(`INSERT INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?)`);
  const insArticleMedia = sq.prepare(`INSERT INTO article_media (article_id, media_id) VALUES (?, ?)`);

  const SECTION_NAMES = ['World', 'Politics', 'Business', 'Technology', 'Science', 'Health', 'Sport', 'Culture', 'Opinion', 'Climate'];
  const sections = SECTION_NAMES.map((name, i) => ({ id: randomUUID(), slug: name.toLowerCase(), name, position: i }));
  const TAG_KINDS = ['topic', 'person', 'organization', 'place'];
  const tags = Array.from({ length: 200 }, (_, i) => ({ id: randomUUID(), slug: `tag-${i}`, name: `Tag ${i}`, kind: TAG_KINDS[i % 4] }));
  const authors = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), slug: `author-${i}`, name: `Author Number ${i}` }));
  const media = Array.from({ length: 500 }, () => ({ id: randomUUID(), sha: createHash('sha256').update(randomUUID()).digest('hex') }));
  const slugs = [];

  sq.transaction(() => {
    for (const s of sections) insSection.run(s.id, s.slug, s.name, `The latest ${s.name} news.`, s.position, stamp, stamp);
    for (const t of tags) insTag.run(t.id, t.slug, t.name, t.kind, stamp, stamp);
    for (const a of authors) insAuthor.run(a.id, a.slug, a.name, `${a.name} writes for the bench desk.`, stamp, stamp);
    media.forEach((m, i) =>
      insMedia.run(
        m.id,
        photoSize,
        m.sha,
        storageKey,
        `photo-${i}.jpg`,
        `Caption of bench photo ${i}`,
        `Alt text of bench photo ${i}`,
        'Bench Photographer',
        'Bench Agency',
        '© Bench Agency',
        '2016-06-30 08:00:00.000',
        stamp,
        stamp,
        `Bench photo ${i}`,
        JSON.stringify(['bench', `photo-${i}`]),
        'Moscow',
        'Russia',
        'Bench Agency',
      ),
    );
    for (let i = 0; i < articles; i++) {
      const id = randomUUID();
      const slug = `bench-article-${i}`;
      slugs.push(slug);
      const section = sections[i % sections.length];
      const image = media[i % media.length];
      // ~3 KB of paragraphs.
      const body = [];
      let size = 0;
      while (size < 3000) {
        const text = paragraph(rnd, 400 + Math.floor(rnd() * 200));
        body.push({ type: 'paragraph', text });
        size += text.length + 30;
      }
      const published = sqlDate(new Date(now - (i + 1) * 60_000 - 1000)); // distinct, in the past
      const created = sqlDate(new Date(now - (i + 1) * 60_000 - 5000));
      insArticle.run(
        id,
        slug,
        randomUUID(),
        `Bench headline number ${i}: ${sentence(rnd, 6).slice(0, -1)}`,
        sentence(rnd, 25),
        'Moscow',
        JSON.stringify(body),
        section.id,
        image.id,
        published,
        published,
        admin?.id ?? null,
        created,
        published,
      );
      const t = [(i * 7) % tags.length, (i * 7 + 1) % tags.length, (i * 13 + 5) % tags.length];
      [...new Set(t)].forEach((ti, pos) => insArticleTag.run(id, tags[ti].id, pos));
      const a = [...new Set([i % authors.length, (i * 3 + 1) % authors.length])].slice(0, 1 + (i % 2));
      a.forEach((ai, pos) => insArticleAuthor.run(id, authors[ai].id, pos));
      insArticleMedia.run(id, image.id);
    }
  })();
  sq.pragma('wal_checkpoint(TRUNCATE)');
  sq.exec('ANALYZE');
  sq.close();
  log(`dataset: ${articles} articles, 10 sections, 200 tags, 50 authors, 500 media in ${dataDir} (${Math.round(performance.now() - t0)} ms)`);
  const result = { dataDir, dbFile, sections: sections.map((s) => s.slug), slugs, databaseUrl: undefined, drop: async () => {} };
  if (db === 'postgres') Object.assign(result, await copyToPostgres({ dataDir, dbFile, pgUrl, log }));
  return result;
}

const COPIED_TABLES = ['sections', 'tags', 'authors', 'media', 'articles', 'article_tags', 'article_authors', 'article_media'];

/** A fresh schema migrated by the real server, then the SQLite rows copied in (dates as UTC, 0/1 as booleans). */
async function copyToPostgres({ dataDir, dbFile, pgUrl, log }) {
  const t0 = performance.now();
  const { default: pg } = await import('pg');
  const schema = `bench_${process.pid}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  const drop = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  };
  try {
    const port = await freePort();
    const { child } = await startServer({ dataDir, port, env: { DATABASE_URL: databaseUrl } });
    await stopChild(child);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const sq = new Database(dbFile, { readonly: true });
    try {
      const [{ id: adminId }] = (await client.query(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`)).rows;
      await client.query('BEGIN');
      for (const table of COPIED_TABLES) {
        const types = new Map(
          (await client.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`, [schema, table])).rows.map(
            (r) => [r.column_name, r.data_type],
          ),
        );
        const rows = sq.prepare(`SELECT * FROM ${table}`).all();
        if (rows.length === 0) continue;
        const columns = Object.keys(rows[0]).filter((c) => types.has(c));
        const convert = (column, value) => {
          if (value === null || value === undefined) return null;
          if (column === 'created_by_id') return adminId;
          const type = types.get(column);
          if (type === 'boolean') return Boolean(value);
          if (type.startsWith('timestamp') && typeof value === 'string') return `${value.replace(' ', 'T')}Z`;
          return value;
        };
        const perStatement = Math.floor(30000 / columns.length);
        for (let i = 0; i < rows.length; i += perStatement) {
          const chunk = rows.slice(i, i + perStatement);
          const params = [];
          const tuples = chunk.map((row) => `(${columns.map((c) => (params.push(convert(c, row[c])), `$${params.length}`)).join(', ')})`);
          await client.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
        }
      }
      await client.query('COMMIT');
      await client.query('ANALYZE');
    } finally {
      sq.close();
      await client.end();
    }
    log(`dataset copied to PostgreSQL schema ${schema} (${Math.round(performance.now() - t0)} ms)`);
    return { databaseUrl, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' }, db: { type: 'string', default: 'sqlite' } } });
  buildDataset({ articles: Number(values.articles), db: values.db }).then((ds) => ds.drop()).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
