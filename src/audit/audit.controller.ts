import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/page.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { AuditService } from './audit.service.js';
import { AuditListResponse, AuditQuery } from './dto/audit.dto.js';

/** Read-only on purpose: the log has no route that changes or removes an entry. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The audit log, newest first (admins; keyset-paginated)',
    description: 'Every write: who, what, which entity, when, with which credential. `action` takes `article.publish` or a prefix `article.*`.',
  })
  @ApiOkResponse({
    type: AuditListResponse,
    headers: { Link: { description: '<…?cursor=…>; rel="next" when another page follows', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: AuditQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditListResponse> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filter } = query;
    const page = await this.audit.list(filter, limit, cursor);
    if (page.nextCursor) {
      const params = new URLSearchParams(
        Object.entries({ ...filter, limit: String(limit), cursor: page.nextCursor }).filter(([, v]) => v !== undefined) as [string, string][],
      );
      void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/audit?${params.toString()}>; rel="next"`);
    }
    return { data: page.items, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }
}
