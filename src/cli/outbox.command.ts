import type { Command } from 'commander';
import { withApp } from './context.js';
import { positiveInt } from './options.js';
import { printTable } from './output.js';

/** `outbox`: what the consumers still have to do, and what failed lately. */
export function registerOutboxCommand(program: Command): void {
  program
    .command('outbox')
    .description('show the outbox backlog per consumer (pending, dead, oldest due) and the latest failures')
    .option('--errors <n>', 'how many recent failures to show', positiveInt, 10)
    .option('--json', 'JSON Lines instead of tables')
    .addHelpText('after', '\nExample:\n  npm run cli -- outbox --errors 20')
    .action(async (options: { errors: number; json?: boolean }) => {
      const { Outbox } = await import('../outbox/outbox.service.js');
      await withApp(async (app) => {
        const outbox = app.get(Outbox, { strict: false });
        const backlog = await outbox.backlog();
        const failures = await outbox.recentFailures(options.errors);
        if (options.json) {
          for (const row of backlog) process.stdout.write(`${JSON.stringify({ kind: 'backlog', ...row })}\n`);
          for (const row of failures) process.stdout.write(`${JSON.stringify({ kind: 'failure', ...row })}\n`);
          return;
        }
        process.stdout.write('Backlog\n');
        printTable(
          backlog.map((b) => ({ consumer: b.consumer, pending: b.pending, dead: b.dead, oldestDue: b.oldestPendingAt?.toISOString() ?? '-' })),
        );
        process.stdout.write('\nLatest failures\n');
        printTable(
          failures.map((f) => ({
            job: f.id,
            consumer: f.consumer,
            type: f.type,
            status: f.status,
            attempts: `${f.attempts}/${f.maxAttempts}`,
            at: f.at.toISOString(),
            error: f.lastError.replace(/\s+/g, ' ').slice(0, 120),
          })),
        );
      });
    });
}
