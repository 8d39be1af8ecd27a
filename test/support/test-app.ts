import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';

export const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' };
export const DEMO_SLUG = 'proactive-diplomacy-defends-state-interests-putin';
/** The demo article's Russian edition (assets/demo/news-page.ru.json), in section "russia" of locale ru. */
export const DEMO_RU_SLUG = 'proaktivnaya-diplomatiya-zashchishchaet-interesy-gosudarstva-putin';

/**
 * Deletes the demo's Russian edition (article and section), for suites whose expectations
 * count the English demo article alone; the editions suite covers the Russian one.
 */
export async function withoutRussianDemo(t: Pick<TestApp, 'request' | 'token'>): Promise<void> {
  const editor = await t.token('editor');
  const article = await t.request('GET', `/api/v1/articles/${DEMO_RU_SLUG}?locale=ru`);
  if (article.status !== 200) throw new Error(`no Russian demo article: ${article.status} ${article.text}`);
  for (const url of [`/api/v1/articles/${article.body.id}`, `/api/v1/sections/${article.body.section.id}`]) {
    const res = await t.request('DELETE', url, { token: editor });
    if (res.status !== 204) throw new Error(`DELETE ${url}: ${res.status} ${res.text}`);
  }
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON answers of any shape; tests assert on them
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string | Buffer;
}

export interface TestApp {
  app: NestFastifyApplication;
  dialect: 'sqlite' | 'postgres';
  request(method: string, url: string, options?: RequestOptions): Promise<HttpResponse>;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<HttpResponse>;
  /** SQL statements sent so far (read before and after a request to count its queries). */
  queryCount(): number;
  /** Waits until background work (the outbox's jobs for earlier writes) is done, so a count measures one request only. */
  idle(): Promise<void>;
  token(role: 'admin' | 'editor' | 'author' | 'reader'): Promise<string>;
  /** Where this app keeps its data (DATA_DIR, and the PostgreSQL URL naming its schema); see `shareDatabaseWith`. */
  database: { dataDir: string; url?: string };
  /** http://127.0.0.1:<port> when started with `listen`. */
  url?: string;
  /** Closes the application but keeps its database, so another app can start on it (`shareDatabaseWith`); close() later drops it. */
  stop(): Promise<void>;
  /** Closes the application; the app that created the database (not one sharing it) also drops the schema and deletes the files. */
  close(): Promise<void>;
}

export interface StartOptions {
  demo?: boolean;
  env?: Record<string, string>;
  /**
   * Start on the database of an app started before (running or stopped; in this process or,
   * passing its `database`, in another thread): the same DATA_DIR
   * (SQLite file, media, JWT secret) or the same PostgreSQL schema. Closing this app leaves
   * that database alone; only its owner drops it.
   */
  shareDatabaseWith?: Pick<TestApp, 'database'>;
  /** Also listen on a loopback port (for WebSocket clients and real HTTP); see `url`. */
  listen?: boolean;
  /** false: no direct reads (src/common/http/direct-reads.ts), every request through Nest's pipeline. */
  directReads?: boolean;
}

async function withPostgres(url: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL runs share the machine's `test` database: each app gets a schema of
 * its own (first on the search_path), so suites can run side by side and start empty.
 */
export async function isolatedPostgresUrl(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  await dropOrphanSchemas(baseUrl);
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPostgres(baseUrl, `CREATE SCHEMA ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => withPostgres(baseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/** Schemas left by a test process that died (its pid no longer runs on this machine). */
async function dropOrphanSchemas(baseUrl: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9]+_[0-9a-f]{8}$'`);
    for (const { nspname } of rows) {
      const pid = Number(nspname.split('_')[1]);
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
      // Another suite may be dropping the same orphan right now; either way it goes.
      if (!alive) await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** The cache keys (and persisted queries) a test database left in Redis. */
async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const BASE_DATABASE_URL = process.env.DATABASE_URL;

/**
 * Boots the real AppModule (createApp, as production does) on a fresh database:
 * a new SQLite file, or PostgreSQL's `test` database emptied when DATABASE_URL is set
 * (or, with `shareDatabaseWith`, on another test app's database).
 */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const shared = options.shareDatabaseWith?.database;
  const dataDir = shared?.dataDir ?? mkdtempSync(join(tmpdir(), 'newsroom-test-'));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    DEMO_CONTENT: String(options.demo ?? true),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_BASE_URL: 'http://cms.test',
    LOG_LEVEL: 'error',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // Suites send hundreds of requests from one address; the rate-limit suite sets its own limits.
    RATE_LIMIT_READS_PER_MINUTE: '0',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_LOGIN_PER_MINUTE: '0',
    RATE_LIMIT_SUBSCRIBE_PER_MINUTE: '0',
    // The background scheduler would add SQL to query counts at random; suites about scheduling turn it on.
    SCHEDULER_INTERVAL_MS: '0',
    // Likewise the outbox's poll: jobs still run when this app records them (and on `settle()`); retry suites poll.
    OUTBOX_POLL_MS: '0',
    // Suites run side by side on one Redis (REDIS_URL): each database gets its own cache keys, shared by the apps on it.
    CACHE_KEY_PREFIX: `test:${basename(dataDir)}:`,
    DIGEST_INTERVAL_MS: '0',
    ...options.env,
  });
  const cachePrefix = process.env.CACHE_KEY_PREFIX!;
  const dialect = BASE_DATABASE_URL ? 'postgres' : 'sqlite';
  const postgres = BASE_DATABASE_URL && !shared ? await isolatedPostgresUrl(BASE_DATABASE_URL) : undefined;
  const databaseUrl = shared ? shared.url : postgres?.url;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  // Apps on one database share Redis keys and channels (as instances of one site do); other suites' apps don't.
  process.env.REDIS_KEY_PREFIX =
    options.env?.REDIS_KEY_PREFIX ?? `nrtest:${(databaseUrl?.match(/search_path%3D(\w+)/)?.[1] ?? dataDir).replace(/[^A-Za-z0-9_.-]/g, '_')}:`;
  const { createApp } = await import('../../src/bootstrap.js');
  const app = await createApp({ logger: false, directReads: options.directReads });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // Start-up work (the demo article's publish event) is done before a test counts queries.
  const { Outbox } = await import('../../src/outbox/outbox.service.js');
  await app.get(Outbox).settle();
  let url: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
  }
  const { DataSource: DataSourceClass } = await import('typeorm');
  const logger = app.get<DataSource>(DataSourceClass).logger as unknown as { count: number };

  const request = async (method: string, url: string, opts: RequestOptions = {}): Promise<HttpResponse> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | Buffer | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject({ method: method as 'GET', url, headers, payload });
    const type = String(res.headers['content-type'] ?? '');
    let body: unknown = undefined;
    if (/json/.test(type) && res.body.length > 0) body = JSON.parse(res.body);
    return { status: res.statusCode, headers: res.headers, body, text: res.body };
  };

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= app.close());

  const tokens = new Map<string, string>();
  const token = async (role: 'admin' | 'editor' | 'author' | 'reader'): Promise<string> => {
    if (!tokens.has('admin')) {
      const login = await request('POST', '/api/v1/auth/login', { body: ADMIN });
      if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
      tokens.set('admin', login.body.accessToken);
    }
    if (!tokens.has(role)) {
      // Each role is a real user account with a JWT, so "own articles" rules apply as in production.
      const email = `${role}@example.test`;
      const created = await request('POST', '/api/v1/users', { token: tokens.get('admin'), body: { email, password: `${role}-password-1`, role } });
      // 409: made already by another app on the same database (shareDatabaseWith).
      if (created.status !== 201 && !(shared && created.status === 409))
        throw new Error(`creating ${role} failed: ${created.status} ${created.text}`);
      const login = await request('POST', '/api/v1/auth/login', { body: { email, password: `${role}-password-1` } });
      tokens.set(role, login.body.accessToken);
    }
    return tokens.get(role)!;
  };

  return {
    app,
    dialect,
    request,
    gql: (query, variables, tok) => request('POST', '/graphql', { token: tok, body: { query, variables } }),
    queryCount: () => logger.count,
    idle: () => app.get(Outbox).settle(),
    token,
    database: { dataDir, url: databaseUrl },
    url,
    stop,
    close: async () => {
      await stop();
      if (shared) return;
      await postgres?.drop();
      if (process.env.REDIS_URL) await dropRedisKeys(process.env.REDIS_URL, cachePrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
