/** The last entry of every backup archive: what it holds and how to check it. */
export interface BackupManifest {
  format: 'newsroom-cms-backup';
  formatVersion: 1;
  appVersion: string;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** Migrations the backed-up database had run, oldest first. */
  migrations: string[];
  /** Rows per table of interest, to compare after a restore. */
  counts: Record<string, number>;
  /** Every other entry of the archive, with its size and sha256. */
  parts: { path: string; size: number; sha256: string }[];
}

export const MANIFEST = 'manifest.json';
export const SQLITE_PART = 'cms.sqlite';
export const PGDUMP_PART = 'database.pgdump';
export const JWT_SECRET_PART = 'jwt-secret';
export const MEDIA_DIR = 'media';

/** Tables counted into the manifest (and shown by `restore`). */
export const COUNTED_TABLES = ['articles', 'article_revisions', 'sections', 'tags', 'authors', 'media', 'users', 'api_keys'];

/** What a backup may contain; anything else in an archive is refused. */
export const isBackupEntry = (name: string): boolean =>
  [MANIFEST, SQLITE_PART, PGDUMP_PART, JWT_SECRET_PART].includes(name) || name.startsWith(`${MEDIA_DIR}/`);

export function parseManifest(text: string): BackupManifest {
  const manifest = JSON.parse(text) as Partial<BackupManifest>;
  if (manifest.format !== 'newsroom-cms-backup') throw new Error('not a Newsroom CMS backup (no manifest of ours).');
  if (manifest.formatVersion !== 1) throw new Error(`backup format version ${String(manifest.formatVersion)} is not supported by this version.`);
  if (!Array.isArray(manifest.parts) || (manifest.dialect !== 'sqlite' && manifest.dialect !== 'postgres'))
    throw new Error('the manifest is incomplete.');
  return manifest as BackupManifest;
}
