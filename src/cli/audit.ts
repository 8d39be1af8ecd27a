import type { INestApplicationContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { cliActor } from './context.js';

/** Writes made from the CLI go into the audit log as the system's, naming the operator. */
export async function auditCli(
  app: INestApplicationContext,
  entry: { action: string; entityType: string; entityId: string | null; detail?: Record<string, unknown> },
  manager?: EntityManager,
): Promise<void> {
  await app.get(AuditService, { strict: false }).record({ actor: null, systemLabel: cliActor().label, ...entry }, manager);
}
