import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { QueryCounterLogger } from './query-counter.js';

/**
 * The one place DataSource options are built, for the app and for the TypeORM CLI.
 * SQLite: WAL (readers never wait for the writer), foreign keys on, synchronous=NORMAL
 * (durable across process crashes in WAL mode), a busy timeout instead of instant SQLITE_BUSY, and a page cache
 * of SQLITE_CACHE_MB (the read connection of SqlReader copies it).
 */
export function buildDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logger: new QueryCounterLogger(config.logQueries),
    maxQueryExecutionTime: 1000,
  } as const;
  if (config.type === 'postgres') {
    return { ...common, type: 'postgres', url: config.url, poolSize: config.poolSize, applicationName: 'newsroom-cms' };
  }
  mkdirSync(dirname(config.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.file,
    enableWAL: true,
    statementCacheSize: 200,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
      db.pragma(`cache_size = ${-1024 * config.cacheMb}`);
    },
  };
}
