import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../common/errors/domain-error.js';
import { readIngestDraft } from './ninjs-in.js';
import { NinjsSchemas } from './ninjs-schemas.js';

const LABELS: Record<string, string> = { 'http://cv.iptc.org/newscodes/mediatopic/11000000': 'politics' };
const labelOf = (uri: string) => LABELS[uri] ?? null;
const read = (item: Record<string, unknown>) => readIngestDraft({ uri: 'urn:x', ...item }, labelOf);

function refusal(item: Record<string, unknown>): DomainError {
  try {
    read(item);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'NINJS_NOT_AN_ARTICLE');
    assert.equal(error.status, 422);
    return error;
  }
  assert.fail('expected NINJS_NOT_AN_ARTICLE');
}

describe('ninjs item → article draft', () => {
  it('takes the main headline, the summary (not a caption) as lead, the HTML body of the alternatives', () => {
    const draft = read({
      version: '3',
      headlines: [
        { role: 'short', value: 'Short' },
        { role: 'main', contentType: 'text/html', value: 'Main &amp;\n <i>full</i>' },
      ],
      descriptions: [
        { role: 'caption', value: 'A caption' },
        { role: 'summary', value: 'The summary.' },
      ],
      bodies: [
        { contentType: 'text/plain', value: 'Plain.' },
        { contentType: 'text/html', value: '<p>A</p><p>B</p>' },
      ],
      language: 'EN-gb',
      located: 'Geneva',
      urgency: 2,
      embargoedUntil: '2030-01-01T00:00:00Z',
    });
    assert.equal(draft.headline, 'Main & full');
    assert.equal(draft.lead, 'The summary.');
    assert.deepEqual(draft.body, [
      { type: 'paragraph', text: 'A' },
      { type: 'paragraph', text: 'B' },
    ]);
    assert.equal(draft.language, 'en-gb');
    assert.equal(draft.dateline, 'Geneva');
    assert.equal(draft.urgency, 2);
    assert.equal(draft.embargoUntil, '2030-01-01T00:00:00Z');
    assert.equal(draft.version, '3');
  });

  it('makes tags of subjects, people, organisations, places and events, keeping Media Topics and naming nameless ones by IPTC’s label', () => {
    const draft = read({
      headlines: [{ value: 'x' }],
      subjects: [
        { name: 'Politics', uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000' },
        { literal: 'medtop:11000000' },
        { uri: 'https://cv.iptc.org/newscodes/mediatopic/20000639', name: 'diplomacy' },
        { uri: 'http://example.com/no-name' },
        { name: '   ' },
      ],
      people: [{ name: 'Jane Envoy' }],
      organisations: [{ name: 'UN' }],
      places: [{ name: 'Geneva' }],
      events: [{ name: 'Summit' }],
    });
    assert.deepEqual(draft.tags, [
      { name: 'Politics', kind: 'topic', mediaTopicUri: 'http://cv.iptc.org/newscodes/mediatopic/11000000' },
      { name: 'diplomacy', kind: 'topic', mediaTopicUri: 'http://cv.iptc.org/newscodes/mediatopic/20000639' },
      { name: 'Jane Envoy', kind: 'person', mediaTopicUri: null },
      { name: 'UN', kind: 'organization', mediaTopicUri: null },
      { name: 'Geneva', kind: 'place', mediaTopicUri: null },
      { name: 'Summit', kind: 'event', mediaTopicUri: null },
    ]);
  });

  it('refuses an item with no story, naming the pointer at fault', () => {
    assert.deepEqual(
      refusal({}).errors?.map((e) => e.field),
      ['/headlines'],
    );
    assert.deepEqual(
      refusal({ bodies: [{ value: 'Text but no headline nor title.' }] }).errors?.map((e) => e.field),
      ['/headlines'],
    );
    assert.deepEqual(
      refusal({ headlines: [{ value: 'x'.repeat(301) }], language: 'not a language' }).errors?.map((e) => e.field),
      ['/headlines/0/value', '/language'],
    );
    assert.equal(read({ title: 'The title', bodies: [{ value: 'Text.' }] }).headline, 'The title');
  });
});

describe('ninjs version detection', () => {
  const schemas = new NinjsSchemas();

  it('follows the declared standard, by version or by schema URI', () => {
    assert.equal(schemas.detect({ uri: 'u', standard: { version: '2.1' } }), '2.2');
    assert.equal(schemas.detect({ uri: 'u', standard: { version: '3.0' }, versioncreated: 'x' }), '3.1');
    assert.equal(schemas.detect({ uri: 'u', standard: { schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json' } }), '2.2');
    assert.throws(
      () => schemas.detect({ uri: 'u', standard: { version: '1.5' } }),
      (e: DomainError) => e.code === 'NINJS_INVALID',
    );
  });

  it('without one, reads 2.x from 2.x-only (lowercase) names', () => {
    assert.equal(schemas.detect({ uri: 'u', versioncreated: 'x' }), '2.2');
    assert.equal(schemas.detect({ uri: 'u', headlines: [] }), '3.1');
    assert.equal(schemas.detect({ uri: 'u', versioncreated: 'x', versionCreated: 'x' }), '3.1');
  });

  it('reads a valid 2.x document with 3.x names, and reports schema errors as JSON pointers', () => {
    const { version, item } = schemas.parse({
      uri: 'urn:u',
      versioncreated: '2026-01-01T00:00:00Z',
      bodies: [{ contenttype: 'text/plain', value: 'x' }],
      embargoed: '2026-01-02T00:00:00Z',
    });
    assert.equal(version, '2.2');
    assert.deepEqual(item, {
      uri: 'urn:u',
      versionCreated: '2026-01-01T00:00:00Z',
      bodies: [{ contentType: 'text/plain', value: 'x' }],
      embargoedUntil: '2026-01-02T00:00:00Z',
    });
    assert.throws(
      () => schemas.parse({ uri: 'urn:u', 'a/b': 1 }),
      (e: DomainError) => e.code === 'NINJS_INVALID' && e.errors?.[0].field === '/a~1b',
    );
  });
});
