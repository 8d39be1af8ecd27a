import { Inject, Injectable, Logger, type ExecutionContext, type OnApplicationShutdown } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface.js';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/errors/domain-error.js';
import type { GqlContext } from '../common/http/request.js';
import { newRedis } from '../common/util/redis.js';
import { REDIS_CONFIG, type RedisConfig } from '../config/config.module.js';

/** The classes of route that have a limit each, per client per minute (RATE_LIMIT_*_PER_MINUTE). */
export type RouteClass = 'reads' | 'writes' | 'login' | 'subscribe';
export const ROUTE_CLASSES: RouteClass[] = ['reads', 'writes', 'login', 'subscribe'];

const LOGIN_MUTATIONS = new Set(['login', 'loginReader']);
const SUBSCRIBE_MUTATIONS = new Set(['subscribe', 'confirmSubscription', 'unsubscribe']);

/** Which class a request falls in: login and reader subscriptions have their own, then reads and writes. */
export function routeClassOf(context: ExecutionContext): RouteClass | null {
  if (context.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<{ parentType: { name: string }; fieldName: string; path: { prev?: unknown } }>();
    // Only the operation's root fields count: field resolvers run inside an operation already counted.
    if (info.path.prev !== undefined) return null;
    const parent = info.parentType.name;
    if (parent === 'Subscription') return null;
    if (parent === 'Query') return 'reads';
    if (LOGIN_MUTATIONS.has(info.fieldName)) return 'login';
    if (SUBSCRIBE_MUTATIONS.has(info.fieldName)) return 'subscribe';
    return 'writes';
  }
  const request = context.switchToHttp().getRequest<{ method: string; routeOptions?: { url?: string } }>();
  const route = request.routeOptions?.url ?? '';
  if (request.method === 'POST' && /\/(auth|readers)\/login$/.test(route)) return 'login';
  if (request.method === 'POST' && /\/subscriptions(\/(confirm|unsubscribe))?$/.test(route)) return 'subscribe';
  return ['GET', 'HEAD', 'OPTIONS'].includes(request.method) ? 'reads' : 'writes';
}

/**
 * @nestjs/throttler, one named limit per route class, counted per client address
 * (behind a proxy set TRUST_PROXY so the address is the client's). Each request
 * counts against its own class only. Over the limit: 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RouteClassThrottlerGuard extends ThrottlerGuard {
  /**
   * Counts the request against its class's limit only. No route overrides limits by decorator,
   * so the base guard's per-request metadata reads (six per limit, four limits) are skipped.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const routeClass = routeClassOf(context);
    const throttler = routeClass && this.throttlers.find((t) => t.name === routeClass);
    if (!throttler) return true;
    const limit = throttler.limit as number;
    if (limit <= 0) return true;
    const ttl = throttler.ttl as number;
    return this.handleRequest({
      context,
      limit,
      ttl,
      throttler,
      blockDuration: (throttler.blockDuration as number | undefined) ?? ttl,
      getTracker: this.commonOptions.getTracker!,
      generateKey: this.commonOptions.generateKey!,
    });
  }

  /** The same count against the same limit for a request answered outside Nest's pipeline (common/http/direct-reads.ts); a 429 past it. */
  async checkDirect(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await this.canActivate(new ExecutionContextHost([request, reply]));
  }

  protected override getRequestResponse(context: ExecutionContext): { req: Record<string, unknown>; res: Record<string, unknown> } {
    if (context.getType<string>() === 'graphql') {
      const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
      return { req: ctx.req as unknown as Record<string, unknown>, res: (ctx.reply ?? {}) as unknown as Record<string, unknown> };
    }
    return super.getRequestResponse(context);
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(String(req.ip ?? 'unknown'));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    throw new DomainError('RATE_LIMITED', 429, `Too many requests of this kind from your address; try again in ${retryAfter} s.`, undefined, {
      retryAfter,
    });
  }
}

/** A fixed one-window counter in Redis, so every instance counts a client's requests together. */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;

  constructor(@Inject(REDIS_CONFIG) private readonly config: RedisConfig) {
    this.redis = newRedis(config.url!, { maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => this.logger.warn(`Redis (rate limits): ${error.message}`));
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, _name: string): Promise<ThrottlerStorageRecord> {
    const redisKey = `${this.config.keyPrefix}rl:${key}`;
    const [[, hits], [, pttl]] = (await this.redis.multi().incr(redisKey).pttl(redisKey).exec()) as [[null, number], [null, number]];
    let remainingMs = pttl;
    if (pttl < 0) {
      await this.redis.pexpire(redisKey, ttl);
      remainingMs = ttl;
    }
    const timeToExpire = Math.ceil(remainingMs / 1000);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
