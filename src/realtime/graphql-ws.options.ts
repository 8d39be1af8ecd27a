import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, specifiedRules, validate, type ExecutionResult } from 'graphql';
import { formatGraphqlError } from '../common/graphql/format-error.js';
import { queryLimitsRule } from '../common/graphql/limits.rule.js';
import type { GqlContext } from '../common/http/request.js';
import type { AppConfig } from '../config/app.config.js';

interface WsContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra?: { request?: IncomingMessage };
}

const isWsContext = (value: unknown): value is WsContext =>
  typeof value === 'object' && value !== null && 'extra' in value && !('raw' in value && 'routeOptions' in value);

/**
 * The GraphQL context for both transports. Over HTTP it is Fastify's request and reply;
 * over graphql-ws a request-like object whose Authorization comes from the connection's
 * `connectionParams` (`{ "authorization": "Bearer …" }`), so the same guard checks it:
 * a bad credential is refused, none is a reader's anonymous view.
 */
export function createGqlContext(reqOrWs: unknown, reply?: unknown): GqlContext {
  if (!isWsContext(reqOrWs)) return { req: reqOrWs as FastifyRequest, reply: reply as FastifyReply, memo: new Map() };
  const params = reqOrWs.connectionParams ?? {};
  const authorization = params.authorization ?? params.Authorization;
  const request = reqOrWs.extra?.request;
  const req = {
    id: randomUUID(),
    method: 'SUBSCRIBE',
    url: request?.url ?? '/graphql',
    ip: request?.socket.remoteAddress ?? '',
    headers: { ...(typeof authorization === 'string' ? { authorization } : {}) },
  } as unknown as FastifyRequest;
  return { req, reply: undefined as unknown as FastifyReply, memo: new Map() };
}

const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => formatGraphqlError(error.toJSON(), error));

/**
 * graphql-ws on the GraphQL path. Operations sent over a socket are held to the same
 * depth, alias and cost limits as over HTTP, and their errors carry the same codes.
 */
export function graphqlWsOptions(config: AppConfig) {
  const rules = [...specifiedRules, queryLimitsRule(config.graphql)];
  return {
    path: '/graphql',
    validate: (schema: Parameters<typeof validate>[0], document: Parameters<typeof validate>[1]) => validate(schema, document, rules),
    onNext: (_ctx: unknown, _id: unknown, _payload: unknown, _args: unknown, result: ExecutionResult) =>
      result.errors ? { ...result, errors: formatAll(result.errors) } : result,
    onError: (_ctx: unknown, _id: unknown, _payload: unknown, errors: readonly GraphQLError[]) => formatAll(errors),
  };
}
