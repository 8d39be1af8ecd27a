import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';

const CACHEABLE = /^(application\/(json|problem\+json|feed\+json|rss\+xml|atom\+xml|xml)|text\/)/;

/** Whether an If-None-Match header names this strong ETag (weak forms compared by value) or is "*". */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}

/** Adds to Vary without dropping what others (CORS: Origin) put there. */
function addVary(reply: FastifyReply, names: string[]): void {
  const current = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const merged = [...current];
  for (const name of names) if (!merged.some((v) => v.toLowerCase() === name.toLowerCase())) merged.push(name);
  void reply.header('Vary', merged.join(', '));
}

/**
 * Strong ETags on every successful GET, computed from the bytes sent, so the tag
 * changes exactly when the representation does; `If-None-Match` gets a 304.
 * Anonymous answers are publicly cacheable for a short while; answers to a
 * credential are private.
 */
export function registerHttpCaching(app: FastifyInstance, publicMaxAge = 30): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!CACHEABLE.test(type) || request.url.startsWith('/api/docs')) return payload;
    // A route may set its own (articles put their version in it); otherwise the bytes decide.
    const etag = String(reply.getHeader('etag') ?? `"${createHash('sha1').update(payload).digest('base64url')}"`);
    void reply.header('ETag', etag);
    if (!reply.hasHeader('Cache-Control')) {
      void reply.header(
        'Cache-Control',
        request.headers.authorization ? 'private, no-cache' : `public, max-age=${publicMaxAge}, stale-while-revalidate=${publicMaxAge * 2}`,
      );
    }
    addVary(reply, ['Authorization', 'Accept-Language']);
    if (etagMatches(request.headers['if-none-match'], etag)) {
      void reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
