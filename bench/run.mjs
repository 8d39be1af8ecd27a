// npm run bench -- [--articles N] [--duration S] [--connections C] [--rounds R] [--db sqlite|postgres]
//                  [--redis URL] [--keep] [--dataset DIR] [--profile] [--profile-only]
// Builds a dataset, starts the production build on it (cold start measured), starts a raw
// node:http + better-sqlite3 baseline on the same file, and measures both with autocannon:
// first the server with its response cache off (every read reaches the database), then a fresh
// server with the cache on (in-process, or Redis with --redis) for the cached runs. The pairs the
// targets compare (server list / baseline list, server article / baseline article, newsfeed deep /
// first page) are measured in R rounds, alternating, each round's order the reverse of the one
// before; a ratio is computed within each round and the rounds' ratios averaged, so a drift of the
// shared machine's speed hits both sides alike.
// --db postgres runs the server on a schema of its own in PostgreSQL (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test) holding the same rows; the baseline stays on SQLite.
// --dataset DIR reuses a dataset kept by an earlier run (--keep, or node bench/dataset.mjs --keep).
// --profile then runs one more server (cache off) under node --cpu-prof, loads each uncached
// endpoint for S seconds, stops it gracefully and prints where the CPU time went
// (--profile-only skips the measured runs).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { readFileSync, mkdirSync, writeFileSync, rmSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset, openDataset, DEFAULT_PG_URL } from './dataset.mjs';
import { ROOT, freePort, parseOptions, startServer, stopChild } from './lib.mjs';
import { printProfile, summarizeProfile } from './profile.mjs';

const values = parseOptions({
  usage: `Usage: npm run bench -- [options]   (or: node bench/run.mjs [options] after npm run build)

  --articles N       articles in the generated dataset, 200 to 1000000 (default 10000)
  --duration S       seconds each endpoint is loaded (default 10)
  --connections C    concurrent connections (default 32)
  --rounds R         alternating rounds of server and baseline (default 2)
  --db sqlite|postgres   the server's database (default sqlite; postgres uses DATABASE_URL or ${DEFAULT_PG_URL})
  --redis URL        the cached runs share their cache through this Redis (default: in-process)
  --dataset DIR      reuse a dataset kept by --keep or by node bench/dataset.mjs --keep
  --keep             keep the generated dataset, and print where it is
  --profile          after measuring, profile the uncached endpoints (node --cpu-prof)
  --profile-only     profile without measuring
  -h, --help         this text

Prints a table and writes bench/results/latest.json (README, "Benchmark").`,
  options: {
    articles: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    db: { type: 'string', default: 'sqlite' },
    redis: { type: 'string' },
    keep: { type: 'boolean', default: false },
    dataset: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'profile-only': { type: 'boolean', default: false },
  },
  integers: { articles: [200, 1_000_000], duration: [1, 3600], connections: [1, 1000], rounds: [1, 20] },
  choices: { db: ['sqlite', 'postgres'] },
});
const opts = {
  articles: Number(values.articles),
  duration: Number(values.duration),
  connections: Number(values.connections),
  rounds: Number(values.rounds),
  db: values.db,
  cacheStore: values.redis ? 'redis' : 'memory',
};
const measure = !values['profile-only'];
const profile = values.profile || values['profile-only'];

/** The issue's targets, as ratios (to the baseline, or deep page to first page) and absolute limits. */
const TARGETS = {
  'REST section list': 0.5,
  'REST article by slug': 0.5,
  'GraphQL section list': 0.3,
  'newsfeed, deep': 0.9,
  'cached REST section list': 1.2,
  'cached REST article by slug': 1.2,
};
const P99_TARGET_MS = 25;
const RSS_TARGET_MB = 150;
const COLD_START_TARGET_MS = 1500;

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

/**
 * Samples a process's RSS every 100 ms. `stop()` gives the peak in MB; `sinceMark()` the peak since the
 * last call (each run's own peak, so the table shows which endpoint drives it).
 */
function rssSampler(pid) {
  let peak = 0;
  let runPeak = 0;
  const sample = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) {
        peak = Math.max(peak, Number(m[1]));
        runPeak = Math.max(runPeak, Number(m[1]));
      }
    } catch {
      /* process gone or no /proc */
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  const mb = (kb) => +(kb / 1024).toFixed(1);
  return {
    stop: () => (clearInterval(timer), sample(), mb(peak)),
    sinceMark: () => {
      sample();
      const value = runPeak;
      runPeak = 0;
      return mb(value);
    },
  };
}

/**
 * CPU time a process has used so far, in ms (user + system, from /proc/<pid>/stat; clock ticks of 10 ms,
 * Linux's USER_HZ), or null without /proc. Charged per request it is a cost that a busy shared machine
 * blurs less than requests/s.
 */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
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

/** A request with no headers but the ones given (as autocannon sends it; fetch adds accept-language and more); resolves to the response headers. */
function bareRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Waits until the server at `url`'s origin answers one request promptly: when a run ends, the
 * requests it left in flight (a slow search at 1M articles takes seconds each) are still being
 * served, and would otherwise be charged to the next run.
 */
async function settle(url, timeoutMs = 60_000) {
  const probe = `${new URL(url).origin}/health/live`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      await (await fetch(probe)).arrayBuffer();
    } catch {
      /* closing connections: try again */
    }
    if (performance.now() - started < 100) return;
  }
}

function cannon(config, duration = opts.duration) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: opts.connections, duration, ...config }, async (err, r) => {
      if (err) return reject(err);
      await settle(config.url);
      resolve({
        reqPerSec: Math.round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        non2xxOrErrors: r.non2xx + r.errors + r.timeouts,
        throughputMBps: +(r.throughput.average / 1e6).toFixed(2),
      });
    });
  });
}

/**
 * Runs a phase: a short unrecorded warm-up of every endpoint (JIT, caches filled), then `rounds`
 * rounds of the paired endpoints, odd rounds in reverse order, then the single ones once.
 */
async function runPhase(phase, { paired, single, pidOf, serverRss }) {
  const runs = [];
  for (const [, config] of [...paired, ...single]) await cannon({ ...config, connections: 4 }, 1);
  if (phase === 'cache on') {
    // What the response cache says of each warmed-up URL: a MISS here is measured uncached.
    for (const [name, { url, method, headers, body }] of [...paired, ...single]) {
      if (name.startsWith('baseline')) continue;
      xCache[name] = (await bareRequest(url, { method, headers, body }))['x-cache'] ?? 'none';
    }
  }
  const go = async (round, [name, config]) => {
    process.stdout.write(`  ${phase}${round == null ? '' : ` round ${round + 1}`}: ${name} ... `);
    const rss = name.startsWith('baseline') ? null : serverRss;
    rss?.sinceMark();
    const before = cpuMsOf(pidOf(name));
    const r = await cannon(config);
    const after = cpuMsOf(pidOf(name));
    const peakRssMB = rss ? rss.sinceMark() : null;
    const cpuMsPerReq = before != null && after != null && r.requests > 0 ? +((after - before) / r.requests).toFixed(3) : null;
    runs.push({ phase, round, name, url: config.url, ...r, cpuMsPerReq, peakRssMB });
    console.log(`${r.reqPerSec} req/s, p99 ${r.p99} ms${r.non2xxOrErrors ? `, ${r.non2xxOrErrors} non-2xx/errors` : ''}`);
  };
  for (let round = 0; round < opts.rounds; round++) for (const item of round % 2 ? [...paired].reverse() : paired) await go(round, item);
  for (const item of single) await go(null, item);
  return runs;
}

/** The x-cache header each endpoint of the cached phase answered after its warm-up. */
const xCache = {};

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One row per endpoint: mean req/s and p50 over its rounds, worst p99, and the mean of per-round ratios. */
function aggregate(runs, compare) {
  const rows = [];
  for (const r of runs) {
    let row = rows.find((x) => x.phase === r.phase && x.name === r.name);
    if (!row) rows.push((row = { phase: r.phase, name: r.name, url: r.url, runs: [] }));
    row.runs.push(r);
  }
  for (const row of rows) {
    row.reqPerSec = Math.round(mean(row.runs.map((r) => r.reqPerSec)));
    row.p50 = +mean(row.runs.map((r) => r.p50)).toFixed(1);
    row.p99 = Math.max(...row.runs.map((r) => r.p99));
    row.non2xxOrErrors = row.runs.reduce((a, r) => a + r.non2xxOrErrors, 0);
    const cpu = row.runs.map((r) => r.cpuMsPerReq).filter((x) => x != null);
    row.cpuMsPerReq = cpu.length ? +mean(cpu).toFixed(3) : null;
    const peaks = row.runs.map((r) => r.peakRssMB).filter((x) => x != null);
    row.peakRssMB = peaks.length ? Math.max(...peaks) : null;
    if (xCache[row.name]) row.xCache = xCache[row.name];
    const against = compare[row.name];
    if (against) {
      const ratios = row.runs
        .map((r) => {
          const base = runs.find((b) => b.phase === r.phase && b.round === r.round && b.name === against);
          return base?.reqPerSec ? r.reqPerSec / base.reqPerSec : null;
        })
        .filter((x) => x != null);
      if (ratios.length) {
        row.ratio = { to: against, mean: +mean(ratios).toFixed(3), rounds: ratios.map((x) => +x.toFixed(3)) };
        if (TARGETS[row.name] != null) row.ratio.target = TARGETS[row.name];
      }
    }
    row.runs = row.runs.map(({ round, reqPerSec, p50, p99, requests, cpuMsPerReq, peakRssMB }) => ({
      round,
      reqPerSec,
      p50,
      p99,
      requests,
      cpuMsPerReq,
      peakRssMB,
    }));
  }
  return rows;
}

function printTable(rows, summary) {
  const fmt = (n) => n.toLocaleString('en');
  const cells = rows.map((r) => {
    const ratio = r.ratio
      ? `${r.ratio.mean.toFixed(2)}× ${r.ratio.to}` +
        (r.ratio.rounds.length > 1 ? ` (${Math.min(...r.ratio.rounds).toFixed(2)}–${Math.max(...r.ratio.rounds).toFixed(2)})` : '')
      : '';
    const target = r.ratio?.target != null ? `≥ ${r.ratio.target} ${r.ratio.mean >= r.ratio.target ? 'ok' : 'MISS'}` : '';
    if (r.runs.every((x) => x.requests === 0))
      return [r.name, '0', '—', '—', '—', '—', 'no answer within the run', '', r.non2xxOrErrors ? String(r.non2xxOrErrors) : ''];
    const cpu = r.cpuMsPerReq == null ? '—' : r.cpuMsPerReq.toFixed(2);
    const peak = r.peakRssMB == null ? '' : `${r.peakRssMB.toFixed(0)} MB`;
    return [r.name, fmt(r.reqPerSec), `${r.p50} ms`, `${fmt(r.p99)} ms`, cpu, peak, ratio, target, r.non2xxOrErrors ? String(r.non2xxOrErrors) : ''];
  });
  const head = ['', 'req/s', 'p50', 'p99', 'CPU ms/req', 'peak RSS', 'ratio (rounds)', 'target', 'non-2xx'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((x, i) => (i === 0 || i >= 6 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let phase;
  rows.forEach((r, i) => {
    if (r.phase !== phase) console.log(`[${(phase = r.phase)}]`);
    console.log(line(cells[i]));
  });
  console.log();
  const rss = summary.peakRssMB;
  const ok = (cond) => (cond ? 'ok' : 'MISS');
  console.log(
    `server peak RSS: ${rss.cacheOff} MB cache off, ${rss.cacheOn} MB cache on (target < ${RSS_TARGET_MB}: ${ok(rss.max < RSS_TARGET_MB)})   ` +
      `cold start (spawn -> first 200 /health): ${summary.coldStartMs} ms (target < ${COLD_START_TARGET_MS}: ${ok(summary.coldStartMs < COLD_START_TARGET_MS)})`,
  );
  const uncached = rows.filter((r) => r.xCache && r.xCache !== 'HIT').map((r) => `${r.name} (x-cache: ${r.xCache})`);
  if (uncached.length) console.log(`cache on, but not answered from the cache after warm-up: ${uncached.join(', ')}`);
  const slow = rows.filter((r) => r.phase === 'cache off' && !r.name.startsWith('baseline') && r.p99 >= P99_TARGET_MS).map((r) => r.name);
  console.log(`p99 < ${P99_TARGET_MS} ms uncached at ${opts.connections} connections: ${slow.length ? `MISS (${slow.join(', ')})` : 'ok'}`);
}

/**
 * One more server, cache off, under the V8 profiler; each uncached endpoint loaded in turn; SIGTERM
 * writes the profile. It runs the same code unbundled (dist/src), so functions are named by their
 * src/ files rather than by the bundle's chunks.
 */
async function runProfile(ds, dbEnv, endpoints) {
  const dir = mkdtempSync(join(tmpdir(), 'cms-bench-prof-'));
  const port = await freePort();
  const { child } = await startServer({
    dataDir: ds.dataDir,
    port,
    env: { ...dbEnv, CACHE_ENABLED: 'false', REDIS_URL: '' },
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    entry: join(ROOT, 'dist/src/main.js'),
  });
  const base = `http://127.0.0.1:${port}`;
  console.log(`\nprofiling server pid ${child.pid} (cache off, node --cpu-prof)`);
  const windows = [];
  const microseconds = () => Number(process.hrtime.bigint() / 1000n);
  try {
    for (const [name, config] of endpoints(base)) {
      await cannon({ ...config, connections: 4 }, 1);
      process.stdout.write(`  profile: ${name} ... `);
      const from = microseconds();
      const r = await cannon(config);
      windows.push({ name, from, to: microseconds() });
      console.log(`${r.reqPerSec} req/s (under the profiler)`);
    }
  } finally {
    await stopChild(child, 60_000);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir} (the server did not exit cleanly?)`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const kept = join(ROOT, `bench/results/cpu-${opts.db}-${ds.articles}.cpuprofile`);
  renameSync(join(dir, file), kept);
  rmSync(dir, { recursive: true, force: true });
  return { file: kept, ...summarizeProfile(kept, { windows }) };
}

async function main() {
  const pgUrl = process.env.DATABASE_URL || DEFAULT_PG_URL;
  const ds = values.dataset
    ? await openDataset({ dataDir: values.dataset, db: opts.db, pgUrl })
    : await buildDataset({ articles: opts.articles, db: opts.db, pgUrl });
  opts.articles = ds.articles;
  console.log(`bench: ${JSON.stringify({ ...opts, measure, profile })}`);
  const section = ds.sections[0];
  const slug = ds.slug(37);
  const dbEnv = ds.databaseUrl ? { DATABASE_URL: ds.databaseUrl } : { DATABASE_URL: '' };
  const gqlPost = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: GQL_LIST, variables: { section } }),
  };
  const searchPath = `/api/v1/search?q=${encodeURIComponent(ds.searchWord)}&limit=20`;

  const bport = await freePort();
  const baseline = spawn(process.execPath, [join(ROOT, 'bench/baseline.mjs'), ds.dbFile, String(bport)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const bbase = `http://127.0.0.1:${bport}`;
  const baselineList = ['baseline list', { url: `${bbase}/list?section=${section}&limit=20` }];
  const baselineArticle = ['baseline article', { url: `${bbase}/article/${slug}` }];
  /** The server's endpoints at `base`, named as the table names them ("cached …" in the cached phase). */
  const serverEndpoints = (base, prefix = '') => ({
    list: [`${prefix}REST section list`, { url: `${base}/api/v1/articles?section=${section}&limit=20` }],
    gql: [`${prefix}GraphQL section list`, { url: `${base}/graphql`, ...gqlPost }],
    article: [`${prefix}REST article by slug`, { url: `${base}/api/v1/articles/${slug}` }],
    first: [`${prefix}newsfeed, first page`, { url: `${base}/api/v1/newsfeed?limit=20` }],
    deep: [`${prefix}newsfeed, deep`, { url: `${base}${newsfeedPath}` }],
    search: [`${prefix}search "${ds.searchWord}"`, { url: `${base}${searchPath}` }],
    rss: [`${prefix}RSS feed`, { url: `${base}/feeds/rss.xml` }],
  });
  const summary = { peakRssMB: {}, coldStartMs: null, newsfeedDepth: null };
  let runs = [];
  let server;
  let rss;
  let profileSummary = null;
  let newsfeedPath = '/api/v1/newsfeed?limit=20';
  /** The process that answers an endpoint of the table: the baseline's, or the server's of the phase. */
  const answeringPid = (name) => (name.startsWith('baseline') ? baseline.pid : server.pid);
  try {
    await waitForPort(baselineList[1].url);
    if (measure) {
      // 1. The server with its response cache off: every read reaches the database.
      const port = await freePort();
      const started = await startServer({ dataDir: ds.dataDir, port, env: { ...dbEnv, CACHE_ENABLED: 'false', REDIS_URL: '' } });
      server = started.child;
      summary.coldStartMs = Math.round(started.coldStartMs);
      const base = `http://127.0.0.1:${port}`;
      console.log(`server pid ${server.pid} cold start ${summary.coldStartMs} ms (cache off)`);
      rss = rssSampler(server.pid);

      // Sanity: both answer, same items; the search finds something; the newsfeed is walked ~5,000 items deep.
      const real = await getJson(`${base}/api/v1/articles?section=${section}&limit=20`);
      const raw = await getJson(baselineList[1].url);
      if (real.data.length !== raw.data.length || real.data[0].id !== raw.data[0].id) throw new Error('baseline list differs from the server list');
      await getJson(`${base}/api/v1/articles/${slug}`);
      const gql = await getJson(`${base}/graphql`, gqlPost);
      if (gql.errors) throw new Error(`GraphQL errors: ${JSON.stringify(gql.errors).slice(0, 500)}`);
      const found = await getJson(`${base}${searchPath}`);
      if (found.data.length === 0) throw new Error(`${searchPath} found nothing: is the search index filled?`);
      let cursor = null;
      let depth = 0;
      const target = Math.min(5000, ds.articles - 100);
      while (depth < target) {
        const page = await getJson(`${base}/api/v1/newsfeed?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        depth += page.data.length;
        if (!page.page.nextCursor) break;
        cursor = page.page.nextCursor;
      }
      summary.newsfeedDepth = depth;
      newsfeedPath = `/api/v1/newsfeed?limit=20&cursor=${encodeURIComponent(cursor)}`;
      const deep = await getJson(`${base}${newsfeedPath}`);
      if (deep.data.length !== 20) throw new Error(`newsfeed at depth ${depth}: ${deep.data.length} items`);
      console.log(`newsfeed cursor at depth ${depth}; search "${ds.searchWord}" answers ${found.data.length} on its first page`);

      const e = serverEndpoints(base);
      runs.push(
        ...(await runPhase('cache off', {
          paired: [baselineList, e.list, e.gql, baselineArticle, e.article, e.first, e.deep],
          single: [e.search, e.rss],
          pidOf: answeringPid,
          serverRss: rss,
        })),
      );
      summary.peakRssMB.cacheOff = rss.stop();
      await stopChild(server);

      // 2. A fresh server with the response cache on: the warm-up fills it, the measured requests are hits.
      const cport = await freePort();
      const redisEnv = values.redis ? { REDIS_URL: values.redis, CACHE_KEY_PREFIX: `bench:${process.pid}:` } : { REDIS_URL: '' };
      server = (await startServer({ dataDir: ds.dataDir, port: cport, env: { ...dbEnv, CACHE_ENABLED: 'true', ...redisEnv } })).child;
      const cbase = `http://127.0.0.1:${cport}`;
      console.log(`server pid ${server.pid} (cache on, ${opts.cacheStore})`);
      rss = rssSampler(server.pid);
      const c = serverEndpoints(cbase, 'cached ');
      runs.push(
        ...(await runPhase('cache on', {
          paired: [baselineList, c.list, c.gql, baselineArticle, c.article],
          single: [c.first, c.deep, c.search, c.rss],
          pidOf: answeringPid,
          serverRss: rss,
        })),
      );
      summary.peakRssMB.cacheOn = rss.stop();
      await stopChild(server);
      summary.peakRssMB.max = Math.max(summary.peakRssMB.cacheOff, summary.peakRssMB.cacheOn);
    }
    if (profile) {
      profileSummary = await runProfile(ds, dbEnv, (base) => {
        const p = serverEndpoints(base);
        return [p.list, p.article, p.gql, p.first, p.search];
      });
    }
  } finally {
    rss?.stop();
    await stopChild(baseline);
    await stopChild(server);
    if (!values.keep && !values.dataset) rmSync(ds.dataDir, { recursive: true, force: true });
    if (values.keep) {
      await ds.close();
      console.log(`kept: ${ds.dataDir}${ds.databaseUrl ? ` and ${ds.databaseUrl}` : ''} (reuse with --dataset ${ds.dataDir})`);
    } else {
      await ds.drop();
    }
  }
  const showProfile = () => {
    if (!profileSummary) return;
    printProfile(profileSummary);
    console.log(`\nprofile: ${profileSummary.file} (Chrome DevTools > Performance can open it; node bench/profile.mjs <file> --top 40)`);
  };
  if (!measure) return showProfile();

  const rows = aggregate(runs, {
    'REST section list': 'baseline list',
    'GraphQL section list': 'baseline list',
    'REST article by slug': 'baseline article',
    'newsfeed, deep': 'newsfeed, first page',
    'cached REST section list': 'baseline list',
    'cached GraphQL section list': 'baseline list',
    'cached REST article by slug': 'baseline article',
    'cached newsfeed, deep': 'cached newsfeed, first page',
  });
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    options: opts,
    dataset: { articles: ds.articles, buildSeconds: ds.buildSeconds ?? null, sizeMB: ds.sizeMB ?? null, searchWord: ds.searchWord },
    ...summary,
    results: rows,
    profile: profileSummary,
  };
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(out, null, 2) + '\n';
  writeFileSync(join(dir, 'latest.json'), json);
  writeFileSync(join(dir, `latest-${opts.db}-${ds.articles}.json`), json);
  console.log(json);
  printTable(rows, summary);
  showProfile();
  console.log(`\nwritten: bench/results/latest.json and bench/results/latest-${opts.db}-${ds.articles}.json`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
