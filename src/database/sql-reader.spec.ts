import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromDbTimestamp } from './sql-reader.js';

describe('fromDbTimestamp: the times SQLite returns, as the instants TypeORM wrote', () => {
  it('reads TypeORM text as UTC, to the millisecond', () => {
    assert.equal(fromDbTimestamp('2026-11-28 09:30:05.123').toISOString(), '2026-11-28T09:30:05.123Z');
    assert.equal(fromDbTimestamp('2024-02-29 23:59:59.999').toISOString(), '2024-02-29T23:59:59.999Z');
    assert.equal(fromDbTimestamp('1999-12-31 00:00:00.000').toISOString(), '1999-12-31T00:00:00.000Z');
  });

  it('gives the same instant as parsing the ISO form, for every month and hour', () => {
    for (let month = 1; month <= 12; month++) {
      for (const hour of [0, 7, 13, 23]) {
        const text = `2025-${String(month).padStart(2, '0')}-15 ${String(hour).padStart(2, '0')}:04:09.870`;
        assert.equal(fromDbTimestamp(text).getTime(), Date.parse(`${text.replace(' ', 'T')}Z`), text);
      }
    }
  });

  it('still reads other shapes: without milliseconds, ISO with a zone, and Dates as they are', () => {
    assert.equal(fromDbTimestamp('2026-11-28 09:30:05').toISOString(), '2026-11-28T09:30:05.000Z');
    assert.equal(fromDbTimestamp('2026-11-28T09:30:05.000+02:00').toISOString(), '2026-11-28T07:30:05.000Z');
    const date = new Date('2026-01-01T00:00:00Z');
    assert.equal(fromDbTimestamp(date), date);
  });
});
