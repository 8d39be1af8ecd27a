// Search latency at volume: N articles (default 100,000; 80% English, 20% Russian) written straight
// into a fresh database together with their search index rows (the same analysis the app does),
// then GET /api/v1/search answered by the real app in-process (Fastify inject: routing,
// validation, the engine's query, highlights, relations), p50/p99 per kind of query.
// Usage: npm run bench:search [-- --articles 100000 --runs 200]   (DATABASE_URL set: PostgreSQL)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PG_SEARCH_INSERT, ROOT, sqlDate } from './lib.mjs';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '100000' }, runs: { type: 'string', default: '200' } } });
const N = Number(values.articles);
const RUNS = Number(values.runs);
const PG_BASE = process.env.DATABASE_URL;

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(42);

const EN =
  'government minister said monday new policy would strengthen security cooperation across region while critics warned about rising costs households businesses coming months officials added talks continue next week diplomats embassy treaty sanctions energy prices inflation election parliament court ruling president summit negotiations'.split(
    ' ',
  );
const RU =
  'правительство министр заявил понедельник новая политика укрепит сотрудничество безопасности регионе критики предупредили росте расходов домохозяйств бизнеса ближайшие месяцы переговоры продолжатся следующей неделе дипломаты посольство договор санкции энергетика цены инфляция выборы парламент суд президент саммит'.split(
    ' ',
  );
// A long tail of rarer words, so queries range from very common to rare (Zipf-like picks).
const TAIL = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);
const pick = (list) => list[Math.floor(list.length * rnd() ** 2)];
const word = (lang) => (rnd() < 0.7 ? pick(lang === 'ru' ? RU : EN) : pick(TAIL));
const sentence = (lang, n) => Array.from({ length: n }, () => word(lang)).join(' ') + '.';
const paragraph = (lang) => Array.from({ length: 4 }, () => sentence(lang, 10 + Math.floor(rnd() * 8))).join(' ');

const dataDir = mkdtempSync(join(tmpdir(), 'cms-bench-search-'));
let schema;
Object.assign(process.env, { DATA_DIR: dataDir, DEMO_CONTENT: 'false', LOG_LEVEL: 'error', SCHEDULER_INTERVAL_MS: '0', ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password-1' });
if (PG_BASE) {
  const { default: pg } = await import('pg');
  schema = `bench_search_${process.pid}`;
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const url = new URL(PG_BASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  process.env.DATABASE_URL = url.toString();
}

const { createApp } = await import(join(ROOT, 'dist/src/bootstrap.js'));
const { searchDocument, analyzedDocument, pgConfigFor, tsvectorParams } = await import(join(ROOT, 'dist/src/search/search-document.js'));
const { DataSource } = await import('typeorm');
const app = await createApp({ logger: false });
await app.init();
await app.getHttpAdapter().getInstance().ready();
const dataSource = app.get(DataSource);

console.log(`Writing ${N.toLocaleString('en')} articles (${PG_BASE ? 'PostgreSQL' : 'SQLite'})…`);
const t0 = performance.now();
const now = new Date();
const sections = { en: randomUUID(), ru: randomUUID() };
await dataSource.query(
  `INSERT INTO sections (id, slug, locale, name, position, created_at, updated_at) VALUES (${PG_BASE ? '$1, $2, $3, $4, 0, $5, $5' : '?, ?, ?, ?, 0, ?, ?'})`,
  PG_BASE ? [sections.en, 'world', 'en', 'World', now] : [sections.en, 'world', 'en', 'World', sqlDate(now), sqlDate(now)],
);
await dataSource.query(
  `INSERT INTO sections (id, slug, locale, name, position, created_at, updated_at) VALUES (${PG_BASE ? '$1, $2, $3, $4, 0, $5, $5' : '?, ?, ?, ?, 0, ?, ?'})`,
  PG_BASE ? [sections.ru, 'world', 'ru', 'Мир', now] : [sections.ru, 'world', 'ru', 'Мир', sqlDate(now), sqlDate(now)],
);

function makeArticle(i) {
  const locale = i % 5 === 4 ? 'ru' : 'en';
  const at = new Date(now.getTime() - (i + 1) * 60_000);
  const headline = sentence(locale, 8).replace(/\.$/, '');
  const lead = sentence(locale, 20);
  const body = [{ type: 'paragraph', text: paragraph(locale) }, { type: 'paragraph', text: paragraph(locale) }];
  return { id: randomUUID(), slug: `bench-${i}`, locale, headline, lead, body, at, section: sections[locale] };
}

if (PG_BASE) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const BATCH = 500;
  for (let start = 0; start < N; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, N - start) }, (_, k) => makeArticle(start + k));
    const a = { id: [], slug: [], locale: [], headline: [], lead: [], body: [], section: [], at: [] };
    const s = { id: [], config: [], body: [], tags: [], h: [], l: [], tg: [], b: [] };
    for (const r of rows) {
      a.id.push(r.id); a.slug.push(r.slug); a.locale.push(r.locale); a.headline.push(r.headline); a.lead.push(r.lead);
      a.body.push(JSON.stringify(r.body)); a.section.push(r.section); a.at.push(r.at);
      const doc = searchDocument(r, []);
      const [h, l, tg, b] = tsvectorParams(doc);
      s.id.push(r.id); s.config.push(pgConfigFor(r.locale)); s.body.push(doc.body); s.tags.push(doc.tags); s.h.push(h); s.l.push(l); s.tg.push(tg); s.b.push(b);
    } // prettier-ignore
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO articles (id, slug, locale, translation_group_id, headline, lead, body, section_id, status, published_at, first_published_at,
         version, urgency, is_breaking, comments_enabled, created_at, updated_at)
       SELECT id, slug, locale, gen_random_uuid(), headline, lead, body, section, 'published', at, at, 1, 5, false, true, at, at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::timestamptz[])
         AS t(id, slug, locale, headline, lead, body, section, at)`,
      [a.id, a.slug, a.locale, a.headline, a.lead, a.body, a.section, a.at],
    );
    await client.query(
      PG_SEARCH_INSERT,
      [s.id, s.config, s.body, s.tags, s.h, s.l, s.tg, s.b],
    );
    await client.query('COMMIT');
  }
  await client.query('ANALYZE');
  await client.end();
} else {
  const db = dataSource.driver.databaseConnection;
  const insArticle = db.prepare(
    `INSERT INTO articles (id, slug, locale, translation_group_id, headline, lead, body, section_id, status, published_at, first_published_at,
       version, urgency, is_breaking, comments_enabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, ?, 1, 5, 0, 1, ?, ?)`,
  );
  const insDoc = db.prepare('INSERT INTO article_search_docs (article_id) VALUES (?) RETURNING id');
  const insFts = db.prepare('INSERT INTO article_search_fts (rowid, headline, lead, body, tags) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < N; i += 1) {
      const r = makeArticle(i);
      const at = sqlDate(r.at);
      insArticle.run(r.id, r.slug, r.locale, randomUUID(), r.headline, r.lead, JSON.stringify(r.body), r.section, at, at, at, at);
      const d = analyzedDocument(searchDocument(r, []), r.locale);
      const { id } = insDoc.get(r.id);
      insFts.run(id, d.headline, d.lead, d.body, d.tags);
    }
  })();
  db.exec('ANALYZE');
}
console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const QUERIES = [
  ['common word', 'q=government'],
  ['common word, ru edition', `q=${encodeURIComponent('дипломатов')}&locale=ru`],
  ['two words', 'q=security%20sanctions'],
  ['rare word', `q=${TAIL[5000]}`],
  ['phrase', `q=${encodeURIComponent('"security cooperation"')}`],
  ['prefix', 'q=diplom*'],
  ['word + date range + locale', 'q=treaty&locale=en&from=2026-01-01'],
  ['no match', 'q=zzzzzzqx'],
];

const results = [];
for (const [name, query] of QUERIES) {
  const url = `/api/v1/search?${query}&limit=20`;
  const first = await app.inject({ method: 'GET', url });
  if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
  const found = JSON.parse(first.body).data.length;
  for (let i = 0; i < 5; i += 1) await app.inject({ method: 'GET', url });
  const times = [];
  // At most RUNS runs, and no more than a minute per kind of query (a slow one still gets 20).
  const deadline = performance.now() + 60_000;
  for (let i = 0; i < RUNS && (i < 20 || performance.now() < deadline); i += 1) {
    const start = performance.now();
    await app.inject({ method: 'GET', url });
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  results.push({ query: name, url, hitsOnPage: found, runs: times.length, p50: +p(0.5).toFixed(2), p99: +p(0.99).toFixed(2) });
}

const dialect = PG_BASE ? 'postgres' : 'sqlite';
console.log(`\nGET /api/v1/search, ${N.toLocaleString('en')} articles, ${dialect}, up to ${RUNS} runs each (ms):`);
console.table(results.map(({ url: _u, ...r }) => r));
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, `bench/results/search-${dialect}-${N}.json`), JSON.stringify({ articles: N, dialect, runs: RUNS, results }, null, 2));

await app.close();
rmSync(dataDir, { recursive: true, force: true });
if (PG_BASE) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`DROP SCHEMA ${schema} CASCADE`);
  await c.end();
}
