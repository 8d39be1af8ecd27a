import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthorized } from '../common/errors/domain-error.js';
import { requestOf } from '../common/http/request.js';
import { OWN_CREDENTIAL_KEY, PUBLIC_KEY, ROLE_KEY } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { roleAtLeast, type Role } from './roles.js';

/**
 * Global guard. Resolves the credential once per request (a bad one is a 401 even
 * on public reads), then enforces @RequireRole. A write with no decorator at all
 * is admin-only, so a forgotten annotation fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OWN_CREDENTIAL_KEY, targets)) return true;
    if (request.actor === undefined) {
      request.actor = await this.auth.authenticate(request.headers.authorization);
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    let required = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
    if (!required && this.isWrite(context)) required = 'admin';
    if (!required) return true;
    if (!request.actor) throw unauthorized();
    if (!roleAtLeast(request.actor.role, required)) {
      throw forbidden(`This needs the ${required} role; your credential has ${request.actor.role}.`);
    }
    return true;
  }

  private isWrite(context: ExecutionContext): boolean {
    if (context.getType<string>() === 'graphql') {
      const operation = GqlExecutionContext.create(context).getInfo<{ parentType: { name: string } }>().parentType.name;
      return operation === 'Mutation';
    }
    return !['GET', 'HEAD', 'OPTIONS'].includes(requestOf(context).method);
  }
}
