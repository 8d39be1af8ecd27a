import { badRequest } from '../errors/domain-error.js';

/**
 * Keyset cursors: the sort key of the last row, opaque to clients (base64url JSON
 * with a kind tag, so a cursor from one list is not accepted by another).
 */
export interface KeysetCursor {
  kind: string;
  at: string; // ISO 8601 timestamp of the sort column
  id: string;
}

// Exactly what Date.prototype.toISOString writes for years 0000–9999: nothing else came from us.
const ISO_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.kind, cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/**
 * The JSON array inside an opaque base64url cursor, or `invalid()` thrown for anything
 * else (too long, not base64url, not JSON, not an array of `length`). Every cursor
 * codec shares this envelope and checks its own fields.
 */
export function parseCursorParts(raw: string, length: number, invalid: () => Error): unknown[] {
  if (raw.length > 300 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== length) throw invalid();
  return parsed as unknown[];
}

export function decodeCursor(raw: string, kind: string): KeysetCursor {
  const invalid = () => badRequest('INVALID_CURSOR', 'The cursor is not one this list issued; start again without it.');
  const parsed = parseCursorParts(raw, 3, invalid);
  if (parsed.some((p) => typeof p !== 'string')) throw invalid();
  const [k, at, id] = parsed as string[];
  if (k !== kind || !ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid();
  return { kind: k, at, id };
}
