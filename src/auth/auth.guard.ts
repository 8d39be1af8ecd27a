import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthorized } from '../common/errors/domain-error.js';
import { requestOf } from '../common/http/request.js';
import { OWN_CREDENTIAL_KEY, PUBLIC_KEY, ROLE_KEY } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { roleAtLeast, type Role } from './roles.js';

/** What a route's decorators say, read once per handler (decorators don't change after start). */
interface RouteAccess {
  ownCredential: boolean;
  isPublic: boolean;
  role: Role | undefined;
}

/**
 * Global guard. Resolves the credential once per request (a bad one is a 401 even
 * on public reads), then enforces @RequireRole. A write with no decorator at all
 * is admin-only, so a forgotten annotation fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Per controller class, per handler: a handler inherited by two classes may be read differently by each. */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const access = this.accessOf(context.getHandler(), context.getClass());
    if (access.ownCredential) return true;
    if (request.actor === undefined) {
      request.actor = await this.auth.authenticate(request.headers.authorization);
    }
    if (access.isPublic) return true;
    let required = access.role;
    if (!required && this.isWrite(context)) required = 'admin';
    if (!required) return true;
    if (!request.actor) throw unauthorized();
    if (!roleAtLeast(request.actor.role, required)) {
      throw forbidden(`This needs the ${required} role; your credential has ${request.actor.role}.`);
    }
    return true;
  }

  private accessOf(handler: object, controller: object): RouteAccess {
    let byHandler = this.access.get(controller);
    if (!byHandler) this.access.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler as () => unknown, controller as new () => unknown];
      access = {
        ownCredential: Boolean(this.reflector.getAllAndOverride<boolean>(OWN_CREDENTIAL_KEY, targets)),
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)),
        role: this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }

  private isWrite(context: ExecutionContext): boolean {
    if (context.getType<string>() === 'graphql') {
      const operation = GqlExecutionContext.create(context).getInfo<{ parentType: { name: string } }>().parentType.name;
      return operation === 'Mutation';
    }
    return !['GET', 'HEAD', 'OPTIONS'].includes(requestOf(context).method);
  }
}
