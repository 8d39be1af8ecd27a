import { createHash } from 'node:crypto';
import { badRequest } from '../common/errors/domain-error.js';

/**
 * Search cursors: the score and id of the last hit, tagged with a fingerprint of the query and
 * filters, so a cursor of one search is refused by another (its scores mean nothing there).
 */
export interface SearchCursor {
  score: number;
  id: string;
}

export function searchFingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeSearchCursor(fingerprint: string, cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(['search', fingerprint, cursor.score, cursor.id]), 'utf8').toString('base64url');
}

export function decodeSearchCursor(raw: string, fingerprint: string): SearchCursor {
  const invalid = () => badRequest('INVALID_CURSOR', 'The cursor is not one this search issued; start again without it.');
  if (raw.length > 300 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [kind, print, score, id] = parsed as unknown[];
  if (kind !== 'search' || print !== fingerprint || typeof score !== 'number' || !Number.isFinite(score)) throw invalid();
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw invalid();
  return { score, id };
}
