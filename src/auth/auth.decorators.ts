import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { requestOf } from '../common/http/request.js';
import type { Actor, Role } from './roles.js';

export const ROLE_KEY = 'newsroom:requiredRole';
export const PUBLIC_KEY = 'newsroom:public';
export const OWN_CREDENTIAL_KEY = 'newsroom:ownCredential';

/** The least role that may call this handler. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** A route that checks a credential of its own (GET /metrics and METRICS_TOKEN): the guard leaves Authorization alone. */
export const OwnCredential = () => SetMetadata(OWN_CREDENTIAL_KEY, true);

/** A write that anyone may call (login, subscribe). Reads are public unless they say otherwise. */
export const PublicWrite = () => SetMetadata(PUBLIC_KEY, true);

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor | null;
  }
}

/** The actor behind the request's credential, or null for an anonymous reader. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor | null => requestOf(context).actor ?? null);
