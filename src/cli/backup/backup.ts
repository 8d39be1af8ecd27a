import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createRequire } from 'node:module';
import type { DatabaseConfig } from '../../config/database.config.js';
import { projectRoot } from '../../common/util/project-root.js';
import { CliError } from '../cli-error.js';
import {
  COUNTED_TABLES,
  isBackupEntry,
  JWT_SECRET_PART,
  MANIFEST,
  MEDIA_DIR,
  parseManifest,
  PGDUMP_PART,
  SQLITE_PART,
  type BackupManifest,
} from './manifest.js';
import { ArchiveError, extractTar, TarWriter } from './tar.js';

/** The few calls of better-sqlite3 used here (the package ships no types). */
interface SqliteDatabase {
  pragma(source: string): unknown;
  backup(destination: string): Promise<unknown>;
  prepare(sql: string): { all(): unknown[]; get(): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteDatabase;

export interface BackupTarget {
  dataDir: string;
  database: DatabaseConfig;
}

/**
 * Writes one .tar.gz: the database (SQLite: an online backup through SQLite's backup
 * API from a connection of its own, consistent while the server keeps writing;
 * PostgreSQL: `pg_dump --format=custom`), then the media folder (renditions left out:
 * they are made again on request), the generated JWT secret, and last a manifest with
 * the migrations, row counts and every part's sha256. The database is copied first,
 * so every media record in it has its file by the time the folder is read.
 */
export async function createBackup(file: string, target: BackupTarget, log: (line: string) => void): Promise<BackupManifest> {
  const out = resolve(file);
  await mkdir(dirname(out), { recursive: true });
  const work = await mkdtemp(join(dirname(out), '.newsroom-backup-'));
  const partial = `${out}.part`;
  try {
    const parts: BackupManifest['parts'] = [];
    let snapshot: { part: string; path: string; migrations: string[]; counts: Record<string, number> };
    if (target.database.type === 'sqlite') {
      if (!existsSync(target.database.file)) throw new CliError(`No database at ${target.database.file} (check DATA_DIR).`);
      const path = join(work, SQLITE_PART);
      const source = new Database(target.database.file, { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        await source.backup(path);
      } finally {
        source.close();
      }
      snapshot = { part: SQLITE_PART, path, ...describeSqlite(path) };
    } else {
      const path = join(work, PGDUMP_PART);
      snapshot = { part: PGDUMP_PART, path, ...(await dumpPostgres(target.database.url, path)) };
    }
    log(`database copied (${snapshot.counts.articles ?? 0} articles)`);

    const gzip = createGzip({ level: 6 });
    const sink = createWriteStream(partial);
    const written = pipeline(gzip, sink);
    const tar = new TarWriter(gzip);
    const add = async (name: string, path: string) => {
      const info = await stat(path);
      parts.push({ path: name, ...(await tar.addFile(name, path, info.size, info.mtime)) });
    };
    await add(snapshot.part, snapshot.path);
    const secret = join(target.dataDir, 'jwt-secret');
    if (existsSync(secret)) await add(JWT_SECRET_PART, secret);
    let mediaFiles = 0;
    for await (const path of walk(join(target.dataDir, MEDIA_DIR), (rel) => rel !== 'renditions')) {
      await add(`${MEDIA_DIR}/${relative(join(target.dataDir, MEDIA_DIR), path).split(sep).join('/')}`, path);
      mediaFiles += 1;
    }
    log(`media copied (${mediaFiles} files)`);
    const manifest: BackupManifest = {
      format: 'newsroom-cms-backup',
      formatVersion: 1,
      appVersion: await appVersion(),
      createdAt: new Date().toISOString(),
      dialect: target.database.type,
      migrations: snapshot.migrations,
      counts: snapshot.counts,
      parts,
    };
    await tar.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await tar.finish();
    gzip.end();
    await written;
    await rename(partial, out);
    return manifest;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Unpacks and checks an archive beside DATA_DIR, and only when every part matches the
 * manifest puts it in place: an archive that is damaged, truncated or not ours leaves
 * DATA_DIR as it was. A DATA_DIR that already holds anything needs `force`.
 */
export async function restoreBackup(
  file: string,
  target: BackupTarget,
  options: { force: boolean },
  log: (line: string) => void,
): Promise<BackupManifest> {
  const dataDir = resolve(target.dataDir);
  if (!options.force && (await nonEmpty(dataDir))) {
    throw new CliError(`DATA_DIR ${dataDir} is not empty; restore into an empty folder, or add --force to replace what is there.`);
  }
  await mkdir(dirname(dataDir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dataDir), '.newsroom-restore-'));
  try {
    let entries;
    try {
      entries = await extractTar(createReadStream(resolve(file)).pipe(createGunzip()), staging, isBackupEntry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`No such file: ${file}`);
      throw new CliError(`The backup ${file} is damaged or not a Newsroom CMS backup: ${(error as Error).message}`);
    }
    let manifest: BackupManifest;
    try {
      if (!entries.has(MANIFEST)) throw new ArchiveError('it has no manifest.');
      manifest = parseManifest(await readFile(join(staging, MANIFEST), 'utf8'));
      const listed = new Set(manifest.parts.map((p) => p.path));
      for (const part of manifest.parts) {
        const found = entries.get(part.path);
        if (!found) throw new ArchiveError(`${part.path} is missing.`);
        if (found.size !== part.size || found.sha256 !== part.sha256) throw new ArchiveError(`${part.path} does not match its checksum.`);
      }
      for (const name of entries.keys()) if (name !== MANIFEST && !listed.has(name)) throw new ArchiveError(`${name} is not in the manifest.`);
    } catch (error) {
      throw new CliError(`The backup ${file} is damaged or not a Newsroom CMS backup: ${(error as Error).message}`);
    }
    if (manifest.dialect !== target.database.type) {
      throw new CliError(
        `This is a ${manifest.dialect} backup but the configured database is ${target.database.type}` +
          (manifest.dialect === 'postgres' ? ' (set DATABASE_URL).' : ' (unset DATABASE_URL).'),
      );
    }
    log(`archive checked: ${manifest.parts.length} parts from ${manifest.createdAt}`);

    if (target.database.type === 'postgres') {
      if (!options.force && (await postgresHasData(target.database.url))) {
        throw new CliError('The PostgreSQL database already holds content; add --force to replace it.');
      }
      await pgRestore(target.database.url, join(staging, PGDUMP_PART));
    }
    await mkdir(dataDir, { recursive: true });
    // Out with what the backup replaces (a stale -wal beside a restored file would corrupt it), in with the new.
    const replaced = [SQLITE_PART, `${SQLITE_PART}-wal`, `${SQLITE_PART}-shm`, JWT_SECRET_PART, MEDIA_DIR];
    for (const name of replaced) await rm(join(dataDir, name), { recursive: true, force: true });
    if (target.database.type === 'sqlite') await rename(join(staging, SQLITE_PART), join(dataDir, SQLITE_PART));
    if (entries.has(JWT_SECRET_PART)) {
      await rename(join(staging, JWT_SECRET_PART), join(dataDir, JWT_SECRET_PART));
      await chmod(join(dataDir, JWT_SECRET_PART), 0o600);
    }
    await mkdir(join(staging, MEDIA_DIR), { recursive: true });
    await rename(join(staging, MEDIA_DIR), join(dataDir, MEDIA_DIR));
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function describeSqlite(path: string): { migrations: string[]; counts: Record<string, number> } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const migrations = tables.has('migrations')
      ? (db.prepare('SELECT name FROM migrations ORDER BY timestamp, id').all() as { name: string }[]).map((r) => r.name)
      : [];
    const counts = Object.fromEntries(
      COUNTED_TABLES.filter((t) => tables.has(t)).map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]),
    );
    return { migrations, counts };
  } finally {
    db.close();
  }
}

/**
 * pg_dump, and the manifest's migrations and counts read from the very snapshot it dumps
 * (an exported snapshot held open by a repeatable-read transaction), so they agree
 * while the servers keep writing.
 */
async function dumpPostgres(url: string, path: string): Promise<{ migrations: string[]; counts: Record<string, number> }> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshotId = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    await pgDump(url, path, snapshotId);
    const migrations = (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY timestamp, id')).rows.map((r) => r.name);
    const counts: Record<string, number> = {};
    for (const table of COUNTED_TABLES) counts[table] = Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n);
    await client.query('COMMIT');
    return { migrations, counts };
  } finally {
    await client.end();
  }
}

async function postgresHasData(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: string | null }>(`SELECT to_regclass('articles')::text AS present`);
    if (!rows[0].present) return false;
    return (await client.query('SELECT 1 FROM articles LIMIT 1')).rowCount! > 0;
  } finally {
    await client.end();
  }
}

/**
 * The schema named by the URL's search_path (`?options=-c search_path=x`), if any: pg_dump
 * then dumps that schema only, as the application sees only it.
 */
function schemaOf(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options)?.[1];
}

/** The URL as libpq reads it: its query decoder takes `%20` for a space, not the `+` of form encoding. */
function libpqUrl(url: string): string {
  const parsed = new URL(url);
  const query = [...parsed.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  parsed.search = query ? `?${query}` : '';
  return parsed.toString();
}

function pgDump(url: string, path: string, snapshotId: string): Promise<void> {
  const schema = schemaOf(url);
  return run('pg_dump', [
    '--format=custom',
    '--no-owner',
    `--snapshot=${snapshotId}`,
    `--file=${path}`,
    ...(schema ? [`--schema=${schema}`] : []),
    `--dbname=${libpqUrl(url)}`,
  ]);
}

function pgRestore(url: string, path: string): Promise<void> {
  return run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${libpqUrl(url)}`, path]);
}

async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await Promise.race([
    once(child, 'exit'),
    once(child, 'error').then(([error]) => {
      throw (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? new CliError(`${command} is not installed (PostgreSQL client tools); see README.md, "Backup and restore", for the manual steps.`)
        : error;
    }),
  ])) as [number | null];
  if (code !== 0) throw new CliError(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
}

async function* walk(dir: string, keep: (relativeTopLevel: string) => boolean, top = true): AsyncGenerator<string> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    if (top && !keep(name)) continue;
    // Half-written files of an upload in progress (LocalDiskStorage stages as *.part) are not content yet.
    if (name.endsWith('.part')) continue;
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isDirectory()) yield* walk(path, keep, false);
    else if (info.isFile()) yield path;
  }
}

async function nonEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function appVersion(): Promise<string> {
  return (JSON.parse(await readFile(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
