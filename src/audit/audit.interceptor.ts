import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import { requestOf } from '../common/http/request.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { nameWrite } from './audit-naming.js';
import { AuditService } from './audit.service.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes that are not content writes and have no actor: signing in. */
const isLogin = (transport: 'rest' | 'graphql', request: FastifyRequest, fieldName: string | undefined): boolean =>
  transport === 'graphql' ? fieldName === 'login' : request.method === 'POST' && request.routeOptions.url === '/api/v1/auth/login';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** Ids are stored as the pipes hand them to services: UUIDs in lowercase. */
function idOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.length === 0) return null;
  return UUID_PATTERN.test(value) ? value.toLowerCase() : value;
}

/**
 * Global: every successful write, REST (any method but GET/HEAD/OPTIONS) and GraphQL
 * (Mutation fields), gets an audit entry before its answer leaves, so a write the API
 * acknowledged always has its row. Only field names are kept, never values.
 * A failed handler records nothing: refused writes (401/403/400…) are not writes.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transport = context.getType<string>() === 'graphql' ? 'graphql' : context.getType<string>() === 'http' ? 'rest' : null;
    if (!transport) return next.handle();
    const request = requestOf(context);
    let fieldName: string | undefined;
    let args: Record<string, unknown> = {};
    if (transport === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
      if (info.parentType.name !== 'Mutation') return next.handle();
      fieldName = info.fieldName;
      args = gql.getArgs<Record<string, unknown>>();
    } else if (READ_METHODS.has(request.method)) {
      return next.handle();
    }
    if (isLogin(transport, request, fieldName)) return next.handle();

    const { entityType, action } = nameWrite({
      className: context.getClass().name,
      handlerName: context.getHandler().name,
      routePath: transport === 'rest' ? (Reflect.getMetadata(PATH_METADATA, context.getClass()) as string | undefined) : undefined,
    });
    const input = transport === 'graphql' ? args.input : request.body;
    const givenId = transport === 'graphql' ? args.id : (request.params as Record<string, unknown> | undefined)?.id;
    return next.handle().pipe(
      concatMap(async (result: unknown) => {
        try {
          await this.audit.record({
            actor: request.actor ?? null,
            // A write that needs no credential (a future public one) still leaves a trace.
            systemLabel: 'anonymous',
            action,
            entityType,
            entityId: idOf(givenId) ?? (isPlainObject(result) ? idOf(result.id) : null),
            detail: { transport, fields: isPlainObject(input) ? Object.keys(input) : [] },
            requestId: String(request.id),
          });
        } catch (error) {
          // The write itself is committed: answering 500 would invite a retry of something that happened.
          this.logger.error(
            `Could not record ${action} (request ${String(request.id)}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        }
        return result;
      }),
    );
  }
}
