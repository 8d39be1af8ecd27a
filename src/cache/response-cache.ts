import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { CACHE_CONFIG, type CacheConfig } from '../config/config.module.js';
import type { CachedAnswer, CacheSnapshot, CacheStore } from './cache-store.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request looked in the response cache and may store its answer. */
    responseCache?: { key: string; snapshot: CacheSnapshot; hit: boolean };
    /** GraphQL: the operation is a query over cache-aware root fields (see graphql-cache.ts). */
    graphqlCacheable?: boolean;
  }
}

/** Never looked up nor stored: operations, docs, credentials in the path, binary files. */
const BYPASS = /^\/(health|metrics|api\/docs|api\/v1\/(preview|auth|users|api-keys|audit|webhooks)\b)|\/file(\?|$)/;
/** Headers a hit must not replay: they belong to the request or the connection. */
const NOT_STORED = new Set(['x-request-id', 'content-length', 'set-cookie', 'date', 'connection', 'x-cache', 'transfer-encoding', 'keep-alive']);

/**
 * The response cache for anonymous reads. A hit is answered from a Fastify hook
 * (Nest, guards and the database are not reached) and still honours If-None-Match;
 * a miss stores the answer with the surrogate keys it collected, unless a purge of
 * one of them happened meanwhile (see CacheStore). Writes purge by key.
 */
@Injectable()
export class ResponseCache implements OnApplicationShutdown {
  private readonly logger = new Logger('ResponseCache');
  readonly store: CacheStore;
  readonly enabled: boolean;
  private readonly ttlMs: number;
  /** After a failed purge, entries may be stale: none is served by this instance until they have all expired. */
  private distrustUntil = 0;
  readonly stats = { hits: 0, nearHits: 0, misses: 0, stored: 0, refused: 0, purges: 0, errors: 0 };

  constructor(
    @Inject(CACHE_CONFIG) readonly config: CacheConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.enabled = config.enabled;
    this.ttlMs = config.ttlSeconds * 1000;
    this.store =
      config.enabled && config.redisUrl ? new RedisStore(config.redisUrl, config.keyPrefix, config.maxBytes) : new MemoryStore(config.maxBytes);
  }

  /** Registers the lookup hooks (after CORS, so a hit carries its headers too). */
  register(app: FastifyInstance): void {
    if (!this.enabled) return;
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const served = await this.lookup(request, reply, this.keyOf(request, request.url));
      if (served) return reply;
    });
    // A GraphQL POST is keyed on its body, known only once parsed.
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST' || request.routeOptions.url !== '/graphql' || !request.body || typeof request.body !== 'object') return;
      const served = await this.lookup(request, reply, this.keyOf(request, `POST /graphql ${JSON.stringify(request.body)}`));
      if (served) return reply;
    });
  }

  /** The key of an anonymous request that may be cached, or null. */
  private keyOf(request: FastifyRequest, target: string): string | null {
    if (request.headers.authorization !== undefined || BYPASS.test(request.url)) return null;
    const query = target.indexOf('?');
    let normal = target;
    if (query >= 0 && !target.startsWith('POST ')) {
      const params = new URLSearchParams(target.slice(query + 1));
      params.sort();
      normal = `${target.slice(0, query)}?${params.toString()}`;
    }
    // The representation varies by these (Vary); HEAD shares GET's entry.
    return `${normal}\n${request.headers['accept-language'] ?? ''}\n${request.headers.accept ?? ''}`;
  }

  private async lookup(request: FastifyRequest, reply: FastifyReply, key: string | null): Promise<boolean> {
    if (key === null) return false;
    const startedAt = Date.now();
    if (startedAt < this.distrustUntil) return false;
    let found;
    try {
      found = await this.store.lookup(key);
    } catch (error) {
      this.failed('lookup', error);
      return false;
    }
    if (found.answer && this.fresh(found.answer)) {
      this.stats.hits += 1;
      if (found.near) this.stats.nearHits += 1;
      request.responseCache = { key, snapshot: { generation: found.generation, startedAt }, hit: true };
      this.send(request, reply, found.answer);
      return true;
    }
    this.stats.misses += 1;
    request.responseCache = { key, snapshot: { generation: found.generation, startedAt }, hit: false };
    void reply.header('X-Cache', 'MISS');
    return false;
  }

  /** Within its lifetime by the application's clock (which tests move, both ways). */
  private fresh(answer: CachedAnswer): boolean {
    const now = this.clock.now().getTime();
    return now < answer.expiresAt && now >= answer.expiresAt - this.ttlMs;
  }

  private send(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer): void {
    void reply.code(answer.status).headers(answer.headers).header('X-Cache', 'HIT');
    const lastModified = answer.headers['last-modified'];
    const since = request.headers['if-modified-since'];
    // As for a fresh answer (syndication/conditional-reply.ts): an unchanged Last-Modified is a 304 too.
    if (lastModified && typeof since === 'string' && request.headers['if-none-match'] === undefined && answer.headers.etag) {
      const sinceTime = Date.parse(since);
      if (!Number.isNaN(sinceTime) && Date.parse(lastModified) <= sinceTime) request.headers['if-none-match'] = answer.headers.etag;
    }
    void reply.send(answer.body);
  }

  /** The onSend side (common/http/http-cache.ts): keeps a complete anonymous 200 of a request that missed. */
  async remember(request: FastifyRequest, reply: FastifyReply, payload: string | Buffer): Promise<void> {
    const state = request.responseCache;
    if (!state || state.hit || reply.statusCode !== 200) return;
    const tags = request.cacheTags;
    if (!tags || tags.size === 0) return;
    if (/private|no-store/.test(String(reply.getHeader('cache-control') ?? ''))) return;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (request.routeOptions.url === '/graphql') {
      // Queries over cache-aware fields only, and answers without errors (Apollo writes `errors` first).
      if (!request.graphqlCacheable || !body.subarray(0, 8).equals(Buffer.from('{"data":'))) return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || NOT_STORED.has(name) || name.startsWith('access-control-')) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    try {
      const stored = await this.store.store(
        state.key,
        { status: 200, headers, body, expiresAt: this.clock.now().getTime() + this.ttlMs },
        [...tags],
        this.ttlMs,
        state.snapshot,
      );
      if (stored) this.stats.stored += 1;
      else this.stats.refused += 1;
    } catch (error) {
      this.failed('store', error);
    }
  }

  /** Drops every answer showing any of these keys, on every instance sharing the store. */
  async purge(tags: Iterable<string>): Promise<void> {
    const list = [...new Set(tags)];
    if (list.length === 0) return;
    this.stats.purges += 1;
    try {
      await this.store.purge(list);
    } catch (error) {
      this.distrustUntil = Date.now() + this.ttlMs;
      this.logger.error(
        `Cache purge of ${list.length} keys failed; this instance serves nothing from the cache for ${this.ttlMs / 1000} s: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private failed(what: string, error: unknown): void {
    this.stats.errors += 1;
    this.logger.warn(`Cache ${what} failed (answering without the cache): ${error instanceof Error ? error.message : String(error)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
