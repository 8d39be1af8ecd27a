import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { FieldNode, SelectionNode } from 'graphql';
import { addCacheTags, CacheTag } from '../common/http/cache-tags.js';
import type { GqlContext } from '../common/http/request.js';
import type { ResponseCache } from './response-cache.js';
import { RedisStore } from './redis-store.js';

/**
 * Root query fields whose resolvers (and the loaders under them) record the surrogate
 * keys of everything they return. An anonymous query touching only these may be
 * cached; any other root field (a new one, or an editor's) keeps the answer out.
 */
const CACHE_AWARE_FIELDS = new Set([
  'article',
  'articles',
  'newsfeed',
  'search',
  'section',
  'sections',
  'tag',
  'tags',
  'author',
  'authors',
  'media',
  '__typename',
]);
const INTROSPECTION = new Set(['__schema', '__type']);

const isField = (node: SelectionNode): node is FieldNode => node.kind === 'Field';

/** Marks a request cacheable once Apollo knows it is a query over cache-aware fields only (mutations never are). */
export const graphqlCachePlugin: ApolloServerPlugin<GqlContext> = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation({ operation, contextValue }) {
        if (!operation || operation.operation !== 'query') return Promise.resolve();
        const roots = operation.selectionSet.selections;
        if (!roots.every(isField)) return Promise.resolve();
        const names = roots.map((field) => field.name.value);
        if (names.every((name) => CACHE_AWARE_FIELDS.has(name) || INTROSPECTION.has(name))) {
          contextValue.req.graphqlCacheable = true;
          if (names.some((name) => INTROSPECTION.has(name))) addCacheTags(contextValue.req, CacheTag.schema);
        }
        return Promise.resolve();
      },
    });
  },
};

/** Automatic persisted queries shared by every instance: a hash registered on one is known on all. */
class RedisPersistedQueries implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    // A week unless Apollo asks otherwise: unused hashes go, and a client re-registers on PersistedQueryNotFound.
    const ttl = options?.ttl ?? 7 * 24 * 3600;
    await this.redis.set(this.prefix + key, value, 'EX', ttl);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}

/**
 * The Apollo options the response cache needs: the plugin above, and APQ (on by
 * default in Apollo Server, in memory) kept in Redis when the cache uses Redis.
 */
export function graphqlCacheOptions(cache: ResponseCache): {
  plugins: ApolloServerPlugin<GqlContext>[];
  persistedQueries?: { cache: KeyValueCache<string> };
} {
  const store = cache.store;
  return {
    // Apollo's own cache-control plugin would answer `no-store` to everything without hints: HTTP caching is ours (common/http/http-cache.ts).
    plugins: [graphqlCachePlugin, ApolloServerPluginCacheControlDisabled()],
    ...(store instanceof RedisStore ? { persistedQueries: { cache: new RedisPersistedQueries(store.client, `${cache.config.keyPrefix}apq:`) } } : {}),
  };
}
