import { createHash } from 'node:crypto';
import { badRequest } from '../common/errors/domain-error.js';
import { parseCursorParts } from '../common/pagination/cursor.js';

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
  const parsed = parseCursorParts(raw, 4, invalid);
  const [kind, print, score, id] = parsed;
  if (kind !== 'search' || print !== fingerprint || typeof score !== 'number' || !Number.isFinite(score)) throw invalid();
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw invalid();
  return { score, id };
}
