import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, type KeysetCursor } from './cursor.js';

const CURSOR: KeysetCursor = { kind: 'articles.published', at: '2026-03-02T09:15:00.000Z', id: 'e4a1872e-0b9a-4dba-8daf-a1810dae275c' };

/** A cursor as the codec writes it, from any parts (to forge ones the app never issues). */
const forge = (parts: unknown): string => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

function assertInvalid(raw: string, kind = CURSOR.kind): void {
  assert.throws(
    () => decodeCursor(raw, kind),
    (error: unknown) => {
      assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
      assert.equal(error.code, 'INVALID_CURSOR');
      assert.equal(error.status, 400);
      return true;
    },
    `cursor ${JSON.stringify(raw.slice(0, 60))} should be refused`,
  );
}

describe('keyset cursor codec', () => {
  it('round-trips what it encodes', () => {
    const raw = encodeCursor(CURSOR);
    assert.deepEqual(decodeCursor(raw, CURSOR.kind), CURSOR);
  });

  it('is opaque and URL-safe', () => {
    const raw = encodeCursor({ ...CURSOR, kind: 'a/b+c=d?' });
    assert.match(raw, /^[A-Za-z0-9_-]+$/);
    assert.doesNotMatch(raw, /2026|e4a1872e/, 'the sort key is not readable as is');
    assert.equal(encodeURIComponent(raw), raw);
  });

  it('refuses a cursor issued by another list', () => {
    assertInvalid(encodeCursor(CURSOR), 'articles.drafts');
    assertInvalid(encodeCursor({ ...CURSOR, kind: 'ARTICLES.PUBLISHED' }));
  });

  it('refuses a tampered cursor', () => {
    const raw = encodeCursor(CURSOR);
    assertInvalid(raw.slice(0, -4)); // truncated: no longer JSON
    assertInvalid(`${raw}AAAA`); // trailing bytes: no longer JSON
    assertInvalid(raw.slice(0, 10) + '.' + raw.slice(11)); // a character outside base64url
    assertInvalid(forge([CURSOR.kind, CURSOR.at, 'not-a-uuid']));
    assertInvalid(forge([CURSOR.kind, CURSOR.at, "e4a1872e' OR 1=1 --"]));
    assertInvalid(forge([CURSOR.kind, 'yesterday', CURSOR.id]));
    assertInvalid(forge([CURSOR.kind, CURSOR.at, CURSOR.id, 'extra']));
    assertInvalid(forge([CURSOR.kind, CURSOR.at]));
  });

  it('refuses a timestamp that is not an ISO 8601 instant the database can hold', () => {
    // Date.parse is lenient: "1" is the year 2001 and "-200000-01-01" parses too; PostgreSQL
    // then fails on the out-of-range timestamp and the request becomes a 500 instead of a 400.
    assertInvalid(forge([CURSOR.kind, '1', CURSOR.id]));
    assertInvalid(forge([CURSOR.kind, '-200000-01-01T00:00:00Z', CURSOR.id]));
    assertInvalid(forge([CURSOR.kind, 'March 7, 2026', CURSOR.id]));
  });

  it('refuses garbage', () => {
    for (const raw of ['', ' ', 'not a cursor', '%%%', '🙂', 'null', 'AAAA', 'e30', forge(null), forge({ kind: 'x' }), forge('str')]) {
      assertInvalid(raw);
    }
    assertInvalid(forge([1, 2, 3]));
    assertInvalid(forge([CURSOR.kind, 0, CURSOR.id]));
    assertInvalid(forge([null, CURSOR.at, CURSOR.id]));
  });

  it('refuses an overlong cursor before decoding it', () => {
    assertInvalid('A'.repeat(301));
    assertInvalid(forge([CURSOR.kind, CURSOR.at, CURSOR.id, 'x'.repeat(10_000)]));
    assertInvalid(encodeCursor({ ...CURSOR, kind: 'k'.repeat(400) }), 'k'.repeat(400));
  });
});
