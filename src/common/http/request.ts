import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The GraphQL context: the Fastify request and reply, as for REST. */
export interface GqlContext {
  req: FastifyRequest;
  reply: FastifyReply;
  /** Per-request DataLoaders and other memos, created lazily by the features. */
  memo: Map<unknown, unknown>;
}

export function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<GqlContext>().req;
  }
  return context.switchToHttp().getRequest<FastifyRequest>();
}

/** The client address as the server sees it (Fastify honours trustProxy when configured). */
export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext) => requestOf(context).ip);
