import { join, resolve } from 'node:path';
import { EnvReader } from './env.js';

export type DatabaseConfig =
  { type: 'sqlite'; file: string; logQueries: boolean; cacheMb: number } | { type: 'postgres'; url: string; poolSize: number; logQueries: boolean };

/**
 * SQLite's page cache per connection, in MB. better-sqlite3 is built with 16 MB; the operating system caches the
 * file anyway, so a few MB of hot index pages serve as well and keep the process small (README, "Benchmark").
 */
export const SQLITE_CACHE_MB_DEFAULT = 2;

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const r = new EnvReader(env);
  const url = r.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']);
  const logQueries = r.bool('DB_LOG_QUERIES', false);
  const poolSize = r.int('DB_POOL_SIZE', 10, 1, 500);
  const cacheMb = r.int('SQLITE_CACHE_MB', SQLITE_CACHE_MB_DEFAULT, 1, 4096);
  r.done();
  if (url) return { type: 'postgres', url, poolSize, logQueries };
  const dataDir = resolve(r.string('DATA_DIR', './data'));
  return { type: 'sqlite', file: join(dataDir, 'cms.sqlite'), logQueries, cacheMb };
}

/** Entities pick column types per dialect at load time; both builds read the same variable. */
export const isPostgres = (): boolean => Boolean(process.env.DATABASE_URL);
