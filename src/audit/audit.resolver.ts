import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditEntryConnection, AuditEntryModel, AuditLogArgs } from './dto/audit.dto.js';

/** Read-only on purpose: no mutation changes or removes an entry. */
@Resolver(() => AuditEntryModel)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, { description: 'The audit log, newest first: every write, who made it and with which credential (admins).' })
  @RequireRole('admin')
  async auditLog(@Args() args: AuditLogArgs): Promise<AuditEntryConnection> {
    const page = await this.audit.list(args.filter ?? {}, args.first, args.after);
    const edges = page.items.map((node) => ({ cursor: page.cursorOf(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasMore,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
