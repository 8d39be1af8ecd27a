// Shared helpers for the benchmark scripts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_EMAIL = 'bench-admin@example.com';
export const ADMIN_PASSWORD = 'bench-password-123456';

/**
 * PostgreSQL search rows from parallel arrays ($1 ids, $2 text search configs, $3 body text, $4 tags, $5–$8 the
 * headline, lead, tags and body as weighted A, B, B, C), as the app's tsvector engine writes them.
 */
export const PG_SEARCH_INSERT = `INSERT INTO article_search (article_id, config, body_text, tags, document)
  SELECT id, config, body, tags,
    setweight(to_tsvector(config::regconfig, h), 'A') || setweight(to_tsvector(config::regconfig, l), 'B') ||
    setweight(to_tsvector(config::regconfig, tg), 'B') || setweight(to_tsvector(config::regconfig, b), 'C')
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, config, body, tags, h, l, tg, b)`;

export const sqlDate = (d) => d.toISOString().replace('T', ' ').slice(0, 23);

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns the production build as `npm start` runs it (its node flags and entry, from package.json;
 * `entry` runs another file with those flags); resolves once /health answers 200, with the cold-start time.
 */
export async function startServer({ dataDir, port, env = {}, nodeArgs = [], entry, timeoutMs = 60000 }) {
  const { startCommand } = await import('../dist/scripts/start-command.js');
  const start = startCommand(ROOT);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...start.nodeArgs, ...nodeArgs, entry ?? start.entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_MS: '0',
      DEMO_CONTENT: 'false',
      // One client (autocannon) sends thousands of requests a second: per-client limits would measure 429s.
      RATE_LIMIT_READS_PER_MINUTE: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_LOGIN_PER_MINUTE: '0',
      // Stop at once on SIGTERM: no load balancer to drain.
      SHUTDOWN_DELAY_MS: '0',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = null;
  child.once('exit', (code, sig) => (exited = { code, sig }));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited during startup (code ${exited.code}, signal ${exited.sig})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      await res.arrayBuffer();
      if (res.status === 200) return { child, coldStartMs: performance.now() - t0 };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy in time');
}

/** SIGTERM (the server's graceful shutdown), SIGKILL past `graceMs`. */
export function stopChild(child, graceMs = 5000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The command line of a bench script: `--help` prints `usage` and exits 0; an unknown option, a number out of
 * its range or a value not among its choices prints what is wrong and the usage, and exits 2 (no stack trace).
 * `integers` maps an option to [min, max]; `choices` to its allowed values. Returns parseArgs' `values`.
 */
export function parseOptions({ usage, options, integers = {}, choices = {} }) {
  const fail = (message) => {
    process.stderr.write(`${message}\n\n${usage}\n`);
    process.exit(2);
  };
  let values;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (error) {
    fail(error.message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  for (const [name, [min, max]] of Object.entries(integers)) {
    if (values[name] === undefined) continue;
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, not "${values[name]}".`);
  }
  for (const [name, allowed] of Object.entries(choices)) {
    if (values[name] !== undefined && !allowed.includes(values[name])) fail(`--${name} must be one of ${allowed.join(', ')}, not "${values[name]}".`);
  }
  return values;
}
