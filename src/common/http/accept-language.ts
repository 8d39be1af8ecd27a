import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestOf } from './request.js';

/**
 * The language ranges of an Accept-Language header (RFC 9110 §12.5.4), best first: q=0 and
 * `*` left out, malformed entries ignored, at most 20 read (a header is client input).
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  const ranges = header
    .slice(0, 1000)
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(r.tag) && r.q > 0);
  ranges.sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((r) => r.tag);
}

/**
 * The first of `available` locales a client's ranges name: an exact match (case-insensitive),
 * else one of the same language ("ru-RU" → "ru", "en" → "en-GB"). undefined: none.
 */
export function matchLocale(preferred: string[], available: string[]): string | undefined {
  for (const range of preferred) {
    const wanted = range.toLowerCase();
    const exact = available.find((l) => l.toLowerCase() === wanted);
    if (exact) return exact;
    const language = wanted.split('-')[0];
    const same = available.find((l) => l.toLowerCase().split('-')[0] === language);
    if (same) return same;
  }
  return undefined;
}

/** A request's Accept-Language ranges, best first ([] when absent). */
export function acceptLanguageOf(request: FastifyRequest): string[] {
  const header = request.headers['accept-language'];
  return parseAcceptLanguage(Array.isArray(header) ? header.join(',') : header);
}

/** A REST request's Accept-Language ranges, best first ([] when absent). */
export const AcceptLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): string[] => acceptLanguageOf(requestOf(context)));

/** The OpenAPI description of the header, for the reads that honour it. */
export const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  required: false,
  description: 'Picks the edition (locale) when `locale` is left out; FALLBACK_LOCALE when it names none the site has.',
  example: 'ru-RU,ru;q=0.9,en;q=0.5',
};
