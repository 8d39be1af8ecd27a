import { toConnection } from '../common/pagination/page-params.js';
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
    return toConnection(page, (node) => node);
  }
}
