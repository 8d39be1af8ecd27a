// npm run bench -- [--articles N] [--duration S] [--connections C] [--db sqlite|postgres] [--redis URL]
// Builds a dataset, starts the production build on it (cold start measured), starts a raw
// node:http + better-sqlite3 baseline on the same file, and measures both with autocannon:
// first the server with its response cache off (every read reaches the database), then a fresh
// server with the cache on (in-process, or Redis with --redis) for the cached runs.
// --db postgres runs the server on a schema of its own in PostgreSQL (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test) holding the same rows; the baseline stays on SQLite.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDataset, DEFAULT_PG_URL } from './dataset.mjs';
import { ROOT, freePort, startServer, stopChild } from './lib.mjs';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    db: { type: 'string', default: 'sqlite' },
    redis: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const opts = {
  articles: Number(values.articles),
  duration: Number(values.duration),
  connections: Number(values.connections),
  db: values.db,
  cacheStore: values.redis ? 'redis' : 'memory',
};

const GQL_LIST = `query List($section: String!) {
  articles(first: 20, filter: { section: $section }) {
    edges { node {
      id slug locale headline lead dateline wordCount readingTimeMinutes status publishedAt firstPublishedAt updatedAt createdAt
      isBreaking urgency commentsEnabled version seoTitle seoDescription canonicalUrl
      section { id slug locale name description position seoTitle seoDescription }
      tags { id slug name kind mediaTopicUri }
      authors { id slug name bio }
      mainImage { id kind mimeType size sha256 width height url caption altText creator source copyrightNotice creditLine
        mediabankUrl credit headline keywords city country dateCreated createdAt updatedAt
        renditions { url width height format aspect } }
    } }
    pageInfo { endCursor hasNextPage }
  }
}`;

function rssSampler(pid) {
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      /* process gone or no /proc */
    }
  };
  sample();
  const timer = setInterval(sample, 200);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function waitForPort(url, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`${url} did not answer`);
}

function cannon(name, config) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: opts.connections, duration: opts.duration, ...config }, (err, r) => {
      if (err) return reject(err);
      const bad = r.non2xx + r.errors + r.timeouts;
      resolve({
        name,
        url: config.url,
        reqPerSec: Math.round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        non2xxOrErrors: bad,
        throughputMBps: +(r.throughput.average / 1e6).toFixed(2),
      });
    });
  });
}

async function main() {
  console.log(`bench: ${JSON.stringify(opts)}`);
  const ds = await buildDataset({ articles: opts.articles, db: opts.db, pgUrl: process.env.DATABASE_URL || DEFAULT_PG_URL });
  const section = ds.sections[0];
  const slug = ds.slugs[Math.min(ds.slugs.length - 1, 37)];
  const dbEnv = ds.databaseUrl ? { DATABASE_URL: ds.databaseUrl } : { DATABASE_URL: '' };
  const gqlBody = JSON.stringify({ query: GQL_LIST, variables: { section } });
  const gqlPost = { method: 'POST', headers: { 'content-type': 'application/json' }, body: gqlBody };

  const bport = await freePort();
  const baseline = spawn(process.execPath, [join(ROOT, 'bench/baseline.mjs'), ds.dbFile, String(bport)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const bbase = `http://127.0.0.1:${bport}`;
  const results = [];
  const run = async (plan) => {
    for (const [name, config, compare] of plan) {
      process.stdout.write(`  ${name} ... `);
      const r = await cannon(name, config);
      r.compareTo = compare ?? null;
      results.push(r);
      console.log(`${r.reqPerSec} req/s`);
    }
  };
  const summary = { peakRssMB: {}, coldStartMs: null };
  let server;
  let rss;
  try {
    await waitForPort(`${bbase}/list?section=${section}`);

    // 1. The server with its response cache off: every read reaches the database.
    const port = await freePort();
    const started = await startServer({ dataDir: ds.dataDir, port, env: { ...dbEnv, CACHE_ENABLED: 'false', REDIS_URL: '' } });
    server = started.child;
    summary.coldStartMs = Math.round(started.coldStartMs);
    const base = `http://127.0.0.1:${port}`;
    console.log(`server pid ${server.pid} cold start ${started.coldStartMs.toFixed(0)} ms (cache off)`);
    rss = rssSampler(server.pid);

    // Sanity: both answer, same number of items.
    const real = await getJson(`${base}/api/v1/articles?section=${section}&limit=20`);
    const raw = await getJson(`${bbase}/list?section=${section}&limit=20`);
    if (real.data.length !== raw.data.length || real.data[0].id !== raw.data[0].id) throw new Error('baseline list differs from the server list');
    await getJson(`${base}/api/v1/articles/${slug}`);
    const gql = await getJson(`${base}/graphql`, gqlPost);
    if (gql.errors) throw new Error(`GraphQL errors: ${JSON.stringify(gql.errors).slice(0, 500)}`);

    // Walk the newsfeed ~5,000 items deep.
    let cursor = null;
    let depth = 0;
    const target = Math.min(5000, ds.slugs.length - 100);
    while (depth < target) {
      const page = await getJson(`${base}/api/v1/newsfeed?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      depth += page.data.length;
      if (!page.page.nextCursor) break;
      cursor = page.page.nextCursor;
    }
    console.log(`newsfeed cursor at depth ${depth}`);
    const newsfeedPath = `/api/v1/newsfeed?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

    await run([
      ['REST section list', { url: `${base}/api/v1/articles?section=${section}&limit=20` }, 'list'],
      ['baseline list', { url: `${bbase}/list?section=${section}&limit=20` }],
      ['REST article by slug', { url: `${base}/api/v1/articles/${slug}` }, 'article'],
      ['baseline article', { url: `${bbase}/article/${slug}` }],
      ['GraphQL section list', { url: `${base}/graphql`, ...gqlPost }, 'list'],
      [`newsfeed @${depth}`, { url: `${base}${newsfeedPath}` }],
      ['RSS feed', { url: `${base}/feeds/rss.xml` }],
    ]);
    summary.peakRssMB.cacheOff = +(rss.stop() / 1024).toFixed(1);
    await stopChild(server);

    // 2. A fresh server with the response cache on: the first request of each URL fills it, the rest are hits.
    const cport = await freePort();
    const redisEnv = values.redis ? { REDIS_URL: values.redis, CACHE_KEY_PREFIX: `bench:${process.pid}:` } : { REDIS_URL: '' };
    server = (await startServer({ dataDir: ds.dataDir, port: cport, env: { ...dbEnv, CACHE_ENABLED: 'true', ...redisEnv } })).child;
    const cbase = `http://127.0.0.1:${cport}`;
    console.log(`server pid ${server.pid} (cache on, ${opts.cacheStore})`);
    rss = rssSampler(server.pid);
    await run([
      ['cached REST section list', { url: `${cbase}/api/v1/articles?section=${section}&limit=20` }, 'list'],
      ['cached REST article by slug', { url: `${cbase}/api/v1/articles/${slug}` }, 'article'],
      ['cached GraphQL section list', { url: `${cbase}/graphql`, ...gqlPost }, 'list'],
      [`cached newsfeed @${depth}`, { url: `${cbase}${newsfeedPath}` }],
      ['cached RSS feed', { url: `${cbase}/feeds/rss.xml` }],
    ]);
    summary.peakRssMB.cacheOn = +(rss.stop() / 1024).toFixed(1);
  } finally {
    rss?.stop();
    await stopChild(baseline);
    await stopChild(server);
    if (!values.keep) {
      rmSync(ds.dataDir, { recursive: true, force: true });
      await ds.drop();
    }
  }
  summary.peakRssMB.max = Math.max(summary.peakRssMB.cacheOff ?? 0, summary.peakRssMB.cacheOn ?? 0);

  const baseRps = { list: results.find((r) => r.name === 'baseline list')?.reqPerSec, article: results.find((r) => r.name === 'baseline article')?.reqPerSec };
  for (const r of results) r.ratioToBaseline = r.compareTo && baseRps[r.compareTo] ? +(r.reqPerSec / baseRps[r.compareTo]).toFixed(3) : null;

  const rows = results.map((r) => [
    r.name,
    String(r.reqPerSec),
    `${r.p50} ms`,
    `${r.p99} ms`,
    r.ratioToBaseline == null ? '' : `${(r.ratioToBaseline * 100).toFixed(1)}%`,
    r.non2xxOrErrors ? String(r.non2xxOrErrors) : '',
  ]);
  const head = ['name', 'req/s', 'p50', 'p99', 'vs baseline', 'non-2xx/err'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log();
  console.log(
    `server peak RSS: ${summary.peakRssMB.cacheOff} MB cache off, ${summary.peakRssMB.cacheOn} MB cache on   cold start (spawn -> first 200 /health): ${summary.coldStartMs} ms`,
  );

  const out = {
    date: new Date().toISOString(),
    node: process.version,
    options: opts,
    ...summary,
    results: results.map(({ compareTo, ...r }) => r),
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
