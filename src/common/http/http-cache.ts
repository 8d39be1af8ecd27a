import { hash as digestOf } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CACHE_CONTROL, headerKeys, PRIVATE_CACHE_CONTROL } from './cache-tags.js';

const CACHEABLE = /^(application\/(json|problem\+json|feed\+json|rss\+xml|atom\+xml|xml|graphql-response\+json)|text\/)/;

/** Whether an If-None-Match header names this strong ETag (weak forms compared by value) or is "*". */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}

/** A strong ETag from the bytes sent: `"<hash>"`, or `"<prefix>-<hash>"` (articles: `"<version>-<hash>"`, which If-Match reads back). */
function etagOf(payload: Buffer, prefix?: string): string {
  // One call, no Hash object: for a small answer making the object cost more than hashing the bytes.
  const hash = digestOf('sha1', payload, 'base64url');
  return prefix === undefined ? `"${hash}"` : `"${prefix}-${hash.slice(0, 16)}"`;
}

/** Adds to Vary without dropping what others (CORS: Origin) put there. */
function addVary(reply: FastifyReply, names: string[]): void {
  const given = reply.getHeader('vary');
  if (given === undefined || given === '') {
    void reply.header('Vary', names.join(', '));
    return;
  }
  const current = String(given)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const merged = [...current];
  for (const name of names) if (!merged.some((v) => v.toLowerCase() === name.toLowerCase())) merged.push(name);
  void reply.header('Vary', merged.join(', '));
}

/** Called with a complete anonymous 200 answer, before a conditional GET turns it into a 304 (the response cache stores it). */
export type CacheableAnswerHook = (request: FastifyRequest, reply: FastifyReply, payload: string | Buffer) => Promise<void>;

/**
 * Strong ETags on every successful GET, computed from the bytes sent, so the tag
 * changes exactly when the representation does; `If-None-Match` gets a 304.
 * Anonymous answers are publicly cacheable by route class (common/http/cache-tags.ts)
 * and name what they show in Surrogate-Key and Cache-Tag; answers to a credential are private.
 */
export function registerHttpCaching(app: FastifyInstance, onCacheable?: CacheableAnswerHook): void {
  app.addHook('onSend', async (request, reply, given) => {
    // Encoded to UTF-8 once, here: the ETag's hash, the response cache and the socket then take the same
    // bytes, where each encoded the string again (a 17 KB article three times).
    const payload = typeof given === 'string' ? Buffer.from(given) : given;
    // An article answers every method with its ETag (a write's answer carries the one its next If-Match sends).
    if (request.etagPrefix !== undefined && reply.statusCode < 300 && !reply.hasHeader('etag') && Buffer.isBuffer(payload))
      void reply.header('ETag', etagOf(payload, request.etagPrefix));
    const isGraphqlPost = request.method === 'POST' && request.routeOptions.url === '/graphql';
    if ((request.method !== 'GET' && request.method !== 'HEAD' && !isGraphqlPost) || reply.statusCode !== 200) return payload;
    if (!Buffer.isBuffer(payload)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!CACHEABLE.test(type) || request.url.startsWith('/api/docs')) return payload;
    // A route may set its own; otherwise the bytes decide, after the route's prefix (an article's version) if it gave one.
    const etag = String(reply.getHeader('etag') ?? etagOf(payload, request.etagPrefix));
    void reply.header('ETag', etag);
    const anonymous = !request.headers.authorization;
    if (!reply.hasHeader('Cache-Control')) {
      void reply.header('Cache-Control', anonymous ? CACHE_CONTROL[request.cacheClass ?? 'list'] : PRIVATE_CACHE_CONTROL);
    }
    if (anonymous && request.cacheTags?.size && !reply.hasHeader('Surrogate-Key')) {
      const tags = headerKeys(request.cacheTags);
      // Fastly reads Surrogate-Key (space-separated), Cloudflare and others Cache-Tag (comma-separated).
      void reply.header('Surrogate-Key', tags.join(' ')).header('Cache-Tag', tags.join(','));
    }
    addVary(reply, ['Authorization', 'Accept-Language']);
    if (anonymous && onCacheable) await onCacheable(request, reply, payload);
    if (etagMatches(request.headers['if-none-match'], etag)) {
      void reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
