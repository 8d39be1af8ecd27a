import type { Command } from 'commander';
import { readAppConfig } from '../config/app.config.js';
import { readDatabaseConfig } from '../config/database.config.js';

/** `backup` and `restore`: the database, the media folder and the JWT secret, in one checked archive. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write an online, consistent backup (database + media + JWT secret + manifest) to one .tar.gz file')
    .argument('<file>', 'the archive to write, e.g. backups/newsroom-2026-11-28.tar.gz')
    .addHelpText(
      'after',
      `
SQLite: uses SQLite's online backup API, safe while the server runs and writes.
PostgreSQL: runs pg_dump --format=custom (PostgreSQL client tools on the PATH).
Renditions are left out; they are made again on request.

Examples:
  npm run cli -- backup backups/newsroom-$(date +%F).tar.gz
  tar tzf backups/newsroom-2026-11-28.tar.gz      # list what it holds`,
    )
    .action(async (file: string) => {
      const target = { dataDir: readAppConfig().dataDir, database: readDatabaseConfig() };
      const { createBackup } = await import('./backup/backup.js');
      const manifest = await createBackup(file, target, (line) => process.stderr.write(`backup: ${line}\n`));
      const counts = Object.entries(manifest.counts)
        .map(([table, n]) => `${n} ${table}`)
        .join(', ');
      process.stdout.write(`Backup written to ${file}: ${manifest.parts.length} parts; ${counts}.\n`);
    });

  program
    .command('restore')
    .description('restore a backup into DATA_DIR (and the PostgreSQL database), after checking every part against the manifest')
    .argument('<file>', 'an archive written by `backup`')
    .option('--force', 'replace the database, media and JWT secret already in DATA_DIR (stop the server first)')
    .addHelpText(
      'after',
      `
Refuses a damaged or foreign archive, and a DATA_DIR that is not empty unless --force.
Start the server afterwards: pending migrations of a newer version run at start.

Examples:
  DATA_DIR=/srv/newsroom/data npm run cli -- restore backups/newsroom-2026-11-28.tar.gz
  npm run cli -- restore backups/newsroom-2026-11-28.tar.gz --force`,
    )
    .action(async (file: string, options: { force?: boolean }) => {
      const target = { dataDir: readAppConfig().dataDir, database: readDatabaseConfig() };
      const { restoreBackup } = await import('./backup/backup.js');
      const manifest = await restoreBackup(file, target, { force: options.force ?? false }, (line) => process.stderr.write(`restore: ${line}\n`));
      process.stdout.write(
        `Restored the backup of ${manifest.createdAt} into ${target.dataDir}: ${manifest.counts.articles ?? 0} articles, ${manifest.counts.media ?? 0} media, ` +
          `${manifest.migrations.length} migrations.\n`,
      );
    });
}
