import type { Command } from 'commander';

/** `migrate`: runs pending migrations (or lists them) without starting the application. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('run pending database migrations and print what ran (the server also runs them at start)')
    .option('--show', 'only list every migration and whether it has run')
    .addHelpText('after', '\nExamples:\n  npm run cli -- migrate --show\n  npm run cli -- migrate')
    .action(async (options: { show?: boolean }) => {
      const [{ DataSource, MigrationExecutor }, { readDatabaseConfig }, { buildDataSourceOptions }] = await Promise.all([
        import('typeorm'),
        import('../config/database.config.js'),
        import('../database/data-source.options.js'),
      ]);
      const dataSource = new DataSource(buildDataSourceOptions(readDatabaseConfig()));
      await dataSource.initialize();
      try {
        const executor = new MigrationExecutor(dataSource);
        if (options.show) {
          const executed = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
          for (const migration of dataSource.migrations) {
            const name = migration.name ?? migration.constructor.name;
            process.stdout.write(`${executed.has(name) ? '[X]' : '[ ]'} ${name}\n`);
          }
          const pending = dataSource.migrations.filter((m) => !executed.has(m.name ?? m.constructor.name)).length;
          process.stdout.write(pending ? `${pending} pending: run \`npm run cli -- migrate\`.\n` : 'Up to date.\n');
          return;
        }
        const ran = await dataSource.runMigrations({ transaction: 'each' });
        for (const migration of ran) process.stdout.write(`ran ${migration.name}\n`);
        process.stdout.write(ran.length ? `${ran.length} migration(s) ran.\n` : 'Nothing to run: the database is up to date.\n');
      } finally {
        await dataSource.destroy();
      }
    });
}
