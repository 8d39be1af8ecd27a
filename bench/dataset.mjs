// Builds a benchmark dataset: a fresh DATA_DIR whose SQLite DB has been migrated by the real
// server, then bulk-filled with better-sqlite3 (journal off, big page cache, secondary indexes
// dropped during the load and rebuilt after it), the search index included, then ANALYZE and
// back to WAL, so the server finds it exactly as if it had written the articles itself.
// Usage: node bench/dataset.mjs [--articles N] [--db sqlite|postgres] [--keep]
import Database from 'better-sqlite3';
import { randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_SEARCH_INSERT, ROOT, freePort, parseOptions, startServer, stopChild, sqlDate } from './lib.mjs';

const WORDS =
  'government minister said on monday that the new policy would strengthen security cooperation across the region while critics warned about rising costs for households and businesses in the coming months officials added talks will continue next week'.split(
    ' ',
  );

/**
 * One of these is in each headline (article i has TOPICS[i % 100]), so a search for one matches
 * 1% of the articles: 100 at 10,000 articles, 10,000 at 1,000,000. WORDS are in every article.
 */
const TOPICS = (
  'pipeline vaccine earthquake drought satellite tariff harbour glacier refinery orchestra ' +
  'cathedral vineyard lottery volcano wildfire submarine telescope marathon festival museum ' +
  'railway airport bridge tunnel stadium hospital university library courthouse embassy ' +
  'reactor turbine battery semiconductor algorithm blockchain robot drone rocket spacecraft ' +
  'monsoon hurricane tornado avalanche flood heatwave blizzard typhoon tsunami landslide ' +
  'mayor senator governor ambassador archbishop chancellor admiral general sheriff prosecutor ' +
  'pension mortgage dividend bond currency stockmarket bankruptcy merger startup subsidy ' +
  'fishery forestry mining copper lithium uranium wheat coffee cocoa cotton ' +
  'ballet opera cinema novel poetry sculpture painting theatre jazz symphony ' +
  'football cricket tennis rugby hockey cycling rowing sailing skiing boxing'
).split(' ');

export const SEARCH_WORD = TOPICS[0];

/** How many distinct paragraphs, leads and headline phrases the articles are made from. */
const POOL = 4096;

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
export const slugOf = (i) => `bench-article-${i}`;
const topicOf = (i) => TOPICS[i % TOPICS.length];

function dirSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return total;
}

/**
 * The dataset in SQLite (always: the raw baseline reads it), and with `db: 'postgres'` the same rows
 * copied into a schema of its own in PostgreSQL (`pgUrl`), migrated by the real server; `drop()` removes it.
 */
export async function buildDataset({ articles = 10000, db = 'sqlite', pgUrl = DEFAULT_PG_URL, log = console.log } = {}) {
  if (db !== 'sqlite' && db !== 'postgres') throw new Error(`--db ${db}: use sqlite or postgres.`);
  if (!Number.isInteger(articles) || articles < 200 || articles > 1_000_000) throw new Error(`--articles ${articles}: use 200 to 1000000.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-bench-'));
  try {
    return await fill({ dataDir, articles, db, pgUrl, log });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function fill({ dataDir, articles, db, pgUrl, log }) {
  // The app's own text analysis, so the search index holds what the server would have written.
  const { analyze } = await import(join(ROOT, 'dist/src/search/text/analyzer.js'));
  const { analyzedDocument, searchDocument } = await import(join(ROOT, 'dist/src/search/search-document.js'));
  const t0 = performance.now();

  // 1. Let the real server run its migrations and create the admin, then stop it.
  const port = await freePort();
  const { child } = await startServer({ dataDir, port });
  await stopChild(child);
  const tMigrated = performance.now();

  // 2. One real stored file for every media row: the demo photo, stored as the server stores it.
  const photo = join(ROOT, 'assets/demo/diplomats-meeting.jpg');
  const sha = createHash('sha256').update(readFileSync(photo)).digest('hex');
  const storageKey = `${sha.slice(0, 2)}/${sha}.jpg`;
  mkdirSync(join(dataDir, 'media', sha.slice(0, 2)), { recursive: true });
  copyFileSync(photo, join(dataDir, 'media', storageKey));
  const photoSize = readFileSync(photo).length;

  // 3. Bulk insert: nothing to recover from if it fails halfway (the directory is thrown away), so no journal.
  const dbFile = join(dataDir, 'cms.sqlite');
  const sq = new Database(dbFile);
  sq.pragma('journal_mode = OFF');
  sq.pragma('synchronous = OFF');
  sq.pragma('foreign_keys = OFF');
  sq.pragma('temp_store = MEMORY');
  sq.pragma(`cache_size = ${-Math.min(2_000_000, 64_000 + articles * 2)}`); // KiB: ~2 GB at 1M articles
  const admin = sq.prepare(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`).get();
  const rnd = mulberry32(42);
  const now = Date.now();
  const stamp = sqlDate(new Date(now - 1000));

  // Secondary indexes are rebuilt once after the load (a sort) instead of being updated a million times.
  const LOADED = ['articles', 'article_tags', 'article_authors', 'article_media', 'article_search_docs'];
  const indexes = sq
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${LOADED.map(() => '?').join(', ')})`)
    .all(...LOADED);
  for (const { name } of indexes) sq.exec(`DROP INDEX "${name}"`);

  const insSection = sq.prepare(
    `INSERT INTO sections (id, slug, locale, name, description, parent_id, position, seo_title, seo_description, created_at, updated_at)
     VALUES (?, ?, 'en', ?, ?, NULL, ?, NULL, NULL, ?, ?)`,
  );
  const insTag = sq.prepare(`INSERT INTO tags (id, slug, name, kind, media_topic_uri, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)`);
  const insAuthor = sq.prepare(`INSERT INTO authors (id, slug, name, bio, photo_id, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)`);
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
  const insSearchDoc = sq.prepare(`INSERT INTO article_search_docs (id, article_id) VALUES (?, ?)`);
  const insFts = sq.prepare(`INSERT INTO article_search_fts (rowid, headline, lead, body, tags) VALUES (?, ?, ?, ?, ?)`);

  const SECTION_NAMES = ['World', 'Politics', 'Business', 'Technology', 'Science', 'Health', 'Sport', 'Culture', 'Opinion', 'Climate'];
  const sections = SECTION_NAMES.map((name, i) => ({ id: randomUUID(), slug: name.toLowerCase(), name, position: i }));
  const TAG_KINDS = ['topic', 'person', 'organization', 'place'];
  const tags = Array.from({ length: 200 }, (_, i) => ({ id: randomUUID(), slug: `tag-${i}`, name: `Tag ${i}`, kind: TAG_KINDS[i % 4] }));
  for (const t of tags) t.analyzed = analyze(t.name, 'en');
  const authors = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), slug: `author-${i}`, name: `Author Number ${i}` }));
  const media = Array.from({ length: 500 }, () => ({ id: randomUUID(), sha: createHash('sha256').update(randomUUID()).digest('hex') }));

  // Articles are made of pooled parts, each analysed for the search index once: the analyser works
  // word by word, so an article's analysed text is its parts' analysed texts joined (checked below).
  const paragraphs = Array.from({ length: POOL }, () => {
    const text = paragraph(rnd, 400 + Math.floor(rnd() * 200));
    return { text, json: JSON.stringify({ type: 'paragraph', text }), analyzed: analyze(text, 'en') };
  });
  const leads = Array.from({ length: POOL }, () => {
    const text = sentence(rnd, 25);
    return { text, analyzed: analyze(text, 'en') };
  });
  const phrases = Array.from({ length: POOL }, () => {
    const text = sentence(rnd, 6).slice(0, -1);
    return { text, analyzed: analyze(text, 'en') };
  });
  const topics = TOPICS.map((t) => analyze(t, 'en'));
  const headlinePrefix = analyze('Bench headline number', 'en');

  const makeArticle = (i) => {
    const phrase = phrases[Math.floor(rnd() * POOL)];
    const lead = leads[Math.floor(rnd() * POOL)];
    const parts = [];
    let size = 0;
    while (size < 3000) {
      const p = paragraphs[Math.floor(rnd() * POOL)];
      parts.push(p);
      size += p.text.length + 30;
    }
    const t = [...new Set([(i * 7) % tags.length, (i * 7 + 1) % tags.length, (i * 13 + 5) % tags.length])].map((ti) => tags[ti]);
    const a = [...new Set([i % authors.length, (i * 3 + 1) % authors.length])].slice(0, 1 + (i % 2)).map((ai) => authors[ai]);
    return {
      id: randomUUID(),
      slug: slugOf(i),
      headline: `Bench headline number ${i}: ${topicOf(i)} ${phrase.text}`,
      lead: lead.text,
      body: `[${parts.map((p) => p.json).join(',')}]`,
      tags: t,
      authors: a,
      analyzed: {
        headline: `${headlinePrefix} ${i} ${topics[i % TOPICS.length]} ${phrase.analyzed}`,
        lead: lead.analyzed,
        body: parts.map((p) => p.analyzed).join(' '),
        tags: t.map((x) => x.analyzed).join(' '),
      },
    };
  };

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
  })();

  const BATCH = 20_000;
  let lastLog = performance.now();
  for (let start = 0; start < articles; start += BATCH) {
    sq.transaction(() => {
      for (let i = start; i < Math.min(articles, start + BATCH); i++) {
        const art = makeArticle(i);
        if (i < 50 || i % 9973 === 0) {
          // The pooled analysis is what the server's own analysis of the whole article gives.
          const expected = analyzedDocument(
            searchDocument(
              { ...art, body: JSON.parse(art.body) },
              art.tags.map((t) => t.name),
            ),
            'en',
          );
          for (const k of Object.keys(expected))
            if (expected[k] !== art.analyzed[k]) throw new Error(`dataset: pooled search text of article ${i} (${k}) differs from the analyser's`);
        }
        const section = sections[i % sections.length];
        const image = media[i % media.length];
        const published = sqlDate(new Date(now - (i + 1) * 60_000 - 1000)); // distinct, in the past
        const created = sqlDate(new Date(now - (i + 1) * 60_000 - 5000));
        insArticle.run(
          art.id,
          art.slug,
          randomUUID(),
          art.headline,
          art.lead,
          'Moscow',
          art.body,
          section.id,
          image.id,
          published,
          published,
          admin?.id ?? null,
          created,
          published,
        );
        art.tags.forEach((t, pos) => insArticleTag.run(art.id, t.id, pos));
        art.authors.forEach((au, pos) => insArticleAuthor.run(art.id, au.id, pos));
        insArticleMedia.run(art.id, image.id);
        insSearchDoc.run(i + 1, art.id);
        insFts.run(i + 1, art.analyzed.headline, art.analyzed.lead, art.analyzed.body, art.analyzed.tags);
      }
    })();
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      log(`  ${Math.min(articles, start + BATCH)} articles (${Math.round((lastLog - tMigrated) / 1000)} s)`);
    }
  }
  const tLoaded = performance.now();
  for (const { sql } of indexes) sq.exec(sql);
  const tIndexed = performance.now();
  sq.exec('ANALYZE');
  sq.pragma('journal_mode = WAL');
  sq.close();
  const tDone = performance.now();
  const sizeMB = Math.round(dirSize(dataDir) / 1e6);
  const s = (a, b) => ((b - a) / 1000).toFixed(1);
  log(
    `dataset: ${articles} articles, 10 sections, 200 tags, 50 authors, 500 media, search index, ${sizeMB} MB in ${dataDir} ` +
      `(${s(t0, tDone)} s: migrate ${s(t0, tMigrated)}, insert ${s(tMigrated, tLoaded)}, indexes ${s(tLoaded, tIndexed)}, analyze ${s(tIndexed, tDone)})`,
  );
  const result = datasetOf({ dataDir, articles, sections: sections.map((x) => x.slug) });
  Object.assign(result, { buildSeconds: +((tDone - t0) / 1000).toFixed(1), sizeMB });
  if (db === 'postgres') Object.assign(result, await copyToPostgres({ dataDir, dbFile, pgUrl, log }));
  return result;
}

function datasetOf({ dataDir, articles, sections }) {
  return {
    dataDir,
    dbFile: join(dataDir, 'cms.sqlite'),
    articles,
    sections,
    slug: (i) => slugOf(Math.min(articles - 1, i)),
    searchWord: SEARCH_WORD,
    databaseUrl: undefined,
    /** Removes the PostgreSQL copy (the SQLite directory is the caller's to remove). */
    drop: async () => {},
    /** Lets the process end, keeping the PostgreSQL copy. */
    close: async () => {},
  };
}

/** A dataset built earlier (and kept), found by its directory; with `db: 'postgres'` copied into a fresh schema again. */
export async function openDataset({ dataDir, db = 'sqlite', pgUrl = DEFAULT_PG_URL, log = console.log }) {
  const sq = new Database(join(dataDir, 'cms.sqlite'), { readonly: true, fileMustExist: true });
  const articles = sq.prepare(`SELECT count(*) FROM articles`).pluck().get();
  const sections = sq.prepare(`SELECT slug FROM sections ORDER BY position`).pluck().all();
  sq.close();
  const result = datasetOf({ dataDir, articles, sections });
  result.sizeMB = Math.round(dirSize(dataDir) / 1e6);
  log(`dataset: ${articles} articles in ${dataDir} (${result.sizeMB} MB), reused`);
  if (db === 'postgres') Object.assign(result, await copyToPostgres({ dataDir, dbFile: result.dbFile, pgUrl, log }));
  return result;
}

const COPIED_TABLES = ['sections', 'tags', 'authors', 'media', 'articles', 'article_tags', 'article_authors', 'article_media'];

/**
 * A fresh schema migrated by the real server, then the SQLite rows copied in (dates as UTC, 0/1 as
 * booleans) in batches of a few thousand rows, one array parameter per column (unnest); the search
 * index is filled the way the app fills it. Secondary indexes are dropped for the load and rebuilt.
 */
async function copyToPostgres({ dataDir, dbFile, pgUrl, log }) {
  const t0 = performance.now();
  const { default: pg } = await import('pg');
  const { pgConfigFor, searchDocument, tsvectorParams } = await import(join(ROOT, 'dist/src/search/search-document.js'));
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
  const close = () => admin.end();
  try {
    const port = await freePort();
    const { child } = await startServer({ dataDir, port, env: { DATABASE_URL: databaseUrl } });
    await stopChild(child);
    const tMigrated = performance.now();
    // Two connections, so PostgreSQL works on one batch (to_tsvector is most of it) while the next is sent.
    const clients = [new pg.Client({ connectionString: databaseUrl }), new pg.Client({ connectionString: databaseUrl })];
    const [client] = clients;
    const sq = new Database(dbFile, { readonly: true });
    try {
      for (const c of clients) {
        await c.connect();
        await c.query(`SET synchronous_commit = off`);
        await c.query(`SET maintenance_work_mem = '512MB'`);
        // The rows come from a consistent database: no foreign-key triggers during the load (needs a superuser; skipped otherwise).
        await c.query(`SET session_replication_role = replica`).catch(() => undefined);
      }
      let turn = 0;
      const chains = clients.map(() => Promise.resolve());
      const send = async (sql, params) => {
        const i = turn++ % clients.length;
        await chains[i];
        chains[i] = clients[i].query(sql, params);
        chains[i].catch(() => undefined); // rethrown by the next await of it
      };
      const flush = () => Promise.all(chains);
      const [{ id: adminId }] = (await client.query(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`)).rows;
      const tables = [...COPIED_TABLES, 'article_search'];
      const indexes = (
        await client.query(
          `SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = $1 AND i.tablename = ANY($2)
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = $1::regnamespace)`,
          [schema, tables],
        )
      ).rows;
      for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);

      const columnTypes = async (table) =>
        new Map(
          (
            await client.query(`SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`, [
              schema,
              table,
            ])
          ).rows.map((r) => [r.column_name, r.udt_name]),
        );
      const BATCH = 5000;
      for (const table of COPIED_TABLES) {
        const types = await columnTypes(table);
        const sample = sq.prepare(`SELECT * FROM ${table} LIMIT 1`).get();
        if (!sample) continue;
        const columns = Object.keys(sample).filter((c) => types.has(c));
        const convert = (column, value) => {
          if (value === null || value === undefined) return null;
          if (column === 'created_by_id') return adminId;
          const type = types.get(column);
          if (type === 'bool') return Boolean(value);
          if (type.startsWith('timestamp') && typeof value === 'string') return `${value.replace(' ', 'T')}Z`;
          return value;
        };
        const insert = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')})
          SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`).join(', ')})`;
        const page = sq.prepare(`SELECT rowid AS _rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
        for (let after = 0; ;) {
          const rows = page.all(after);
          if (rows.length === 0) break;
          after = rows.at(-1)._rowid;
          await send(
            insert,
            columns.map((c) => rows.map((r) => convert(c, r[c]))),
          );
        }
        await flush();
      }

      const tCopied = performance.now();
      // The search index: what PostgresTsvectorEngine.index writes for each article.
      const tagNames = sq
        .prepare(`SELECT t.name FROM article_tags l JOIN tags t ON t.id = l.tag_id WHERE l.article_id = ? ORDER BY l.position`)
        .pluck();
      const page = sq.prepare(`SELECT rowid AS _rowid, id, locale, headline, lead, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
      for (let after = 0; ;) {
        const rows = page.all(after);
        if (rows.length === 0) break;
        after = rows.at(-1)._rowid;
        const s = { id: [], config: [], body: [], tags: [], h: [], l: [], tg: [], b: [] };
        for (const r of rows) {
          const doc = searchDocument({ ...r, body: JSON.parse(r.body) }, tagNames.all(r.id));
          const [h, l, tg, b] = tsvectorParams(doc);
          s.id.push(r.id); s.config.push(pgConfigFor(r.locale)); s.body.push(doc.body); s.tags.push(doc.tags); s.h.push(h); s.l.push(l); s.tg.push(tg); s.b.push(b);
        } // prettier-ignore
        await send(PG_SEARCH_INSERT, [s.id, s.config, s.body, s.tags, s.h, s.l, s.tg, s.b]);
      }
      await flush();
      const tLoaded = performance.now();
      for (const { indexdef } of indexes) await client.query(indexdef);
      await client.query('ANALYZE');
      const s = (a, b) => ((b - a) / 1000).toFixed(1);
      const tDone = performance.now();
      log(
        `dataset copied to PostgreSQL schema ${schema} (${s(t0, tDone)} s: migrate ${s(t0, tMigrated)}, rows ${s(tMigrated, tCopied)}, ` +
          `search index ${s(tCopied, tLoaded)}, indexes and analyze ${s(tLoaded, tDone)})`,
      );
    } finally {
      sq.close();
      for (const c of clients) await c.end().catch(() => undefined);
    }
    return { databaseUrl, drop, close };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const values = parseOptions({
    usage: `Usage: node bench/dataset.mjs [--articles N] [--db sqlite|postgres] [--keep]

  --articles N   articles to generate, 200 to 1000000 (default 10000; a million takes 4–9 minutes and ~8 GB)
  --db postgres  also copy the rows into a PostgreSQL schema of their own (DATABASE_URL or ${DEFAULT_PG_URL})
  --keep         keep the dataset and print where it is, for npm run bench -- --dataset DIR
  -h, --help     this text`,
    options: { articles: { type: 'string', default: '10000' }, db: { type: 'string', default: 'sqlite' }, keep: { type: 'boolean', default: false } },
    integers: { articles: [200, 1_000_000] },
    choices: { db: ['sqlite', 'postgres'] },
  });
  buildDataset({ articles: Number(values.articles), db: values.db })
    .then(async (ds) => {
      if (values.keep) {
        await ds.close();
        return console.log(`kept: ${ds.dataDir}${ds.databaseUrl ? ` and ${ds.databaseUrl}` : ''}`);
      }
      await ds.drop();
      rmSync(ds.dataDir, { recursive: true, force: true });
    })
    .catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
}
