import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addCacheTags, setCacheClass } from '../common/http/cache-tags.js';
import { floorToSecond, httpDate } from './dates.js';

/** A document as sent: its bytes, their type, and when its content last changed (null: unknown). */
export interface Representation {
  body: string;
  contentType: string;
  lastModified: Date | null;
}

/**
 * Sends a feed or sitemap with a strong ETag and Last-Modified, answering a
 * conditional GET with 304. The global caching hook (common/http/http-cache.ts)
 * answers If-None-Match from the ETag set here; a request whose If-Modified-Since
 * is not older than Last-Modified is handed to that same hook as a match of the
 * current ETag, so both kinds of 304 carry the same headers. If-Modified-Since is
 * ignored when If-None-Match is present (RFC 9110 §13.1.3).
 */
export function sendRepresentation(request: FastifyRequest, reply: FastifyReply, representation: Representation, cacheTags: string[]): void {
  // Feeds and sitemaps are purged as a whole by any article change (src/articles/article-cache.ts).
  addCacheTags(request, ...cacheTags);
  setCacheClass(request, 'feed');
  const etag = `"${createHash('sha1').update(representation.body).digest('base64url')}"`;
  void reply.header('Content-Type', representation.contentType).header('ETag', etag);
  if (representation.lastModified) {
    const lastModified = floorToSecond(representation.lastModified);
    void reply.header('Last-Modified', httpDate(lastModified));
    // Assigned whole: Fastify keeps assigned headers beside the raw ones, so this reaches the hook either way.
    if (notModifiedSince(request, lastModified)) request.headers = { ...request.headers, 'if-none-match': etag };
  }
  void reply.code(200).send(representation.body);
}

function notModifiedSince(request: FastifyRequest, lastModified: Date): boolean {
  if (request.headers['if-none-match'] !== undefined) return false;
  const since = request.headers['if-modified-since'];
  if (typeof since !== 'string') return false;
  const sinceTime = Date.parse(since);
  return !Number.isNaN(sinceTime) && lastModified.getTime() <= sinceTime;
}
