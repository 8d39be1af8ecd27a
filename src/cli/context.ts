import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../auth/roles.js';

/**
 * The CLI works through the same services and rules as the API: each command boots
 * the application (without the HTTP server), which also runs pending migrations, does
 * its work and closes it. Background work stays with the servers: the scheduler is
 * off and the outbox records jobs without running them (OUTBOX_WORKER=false), so a
 * command never delivers webhooks or mail itself and exits as soon as it is done.
 */
export async function withApp<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  process.env.SCHEDULER_INTERVAL_MS = '0';
  process.env.OUTBOX_POLL_MS = '0';
  process.env.OUTBOX_WORKER = 'false';
  const [{ NestFactory }, { AppModule }] = await Promise.all([import('@nestjs/core'), import('../app.module.js')]);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Who the CLI acts as: an operator on the machine, with every right (like an admin's API key). */
export function cliActor(): Actor {
  let who = 'operator';
  try {
    who = userInfo().username;
  } catch {
    // No passwd entry (some containers): the generic name will do.
  }
  return { kind: 'user', id: 'cli', role: 'admin', userId: null, label: `cli:${who}` };
}

/** Audit entries for CLI writes name the component, as the scheduler's do. */
export const CLI_SYSTEM_LABEL = 'cli';
