import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import type { BodyBlockInput } from './block.dto.js';
import { MAX_BLOCKS, mediaIdsOf, toBodyBlocks } from './validate-blocks.js';

const MEDIA_ID = '9b2f4a52-3c1e-4d8a-9a57-0f8e7f1a2b3c';
const blocks = (...input: Record<string, unknown>[]) => input as unknown as BodyBlockInput[];

/** The field errors toBodyBlocks reports for an input it refuses. */
function fieldErrors(input: BodyBlockInput[]): FieldError[] {
  try {
    toBodyBlocks(input);
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.status, 400);
    assert.ok(error.errors && error.errors.length > 0, 'a validation error names its fields');
    return error.errors;
  }
  assert.fail('the body should have been refused');
}

const fields = (input: BodyBlockInput[]) => fieldErrors(input).map((e) => e.field);

describe('body block validation', () => {
  it('returns the stored form, with defaults filled in', () => {
    assert.deepEqual(
      toBodyBlocks(
        blocks(
          { type: 'paragraph', text: 'Text.' },
          { type: 'heading', text: 'Sub' },
          { type: 'heading', text: 'Sub', level: 4 },
          { type: 'quote', text: 'Said.' },
          { type: 'quote', text: 'Said.', attribution: 'Vladimir Putin', context: 'he said.' },
          { type: 'image', mediaId: MEDIA_ID },
          { type: 'embed', url: 'https://www.youtube.com/watch?v=1' },
          { type: 'embed', url: 'http://example.com/' },
          { type: 'list', items: ['a'] },
          { type: 'list', items: ['a', 'b'], ordered: true },
        ),
      ),
      [
        { type: 'paragraph', text: 'Text.' },
        { type: 'heading', text: 'Sub', level: 2 },
        { type: 'heading', text: 'Sub', level: 4 },
        { type: 'quote', text: 'Said.', attribution: null, context: null },
        { type: 'quote', text: 'Said.', attribution: 'Vladimir Putin', context: 'he said.' },
        { type: 'image', mediaId: MEDIA_ID, caption: null },
        { type: 'embed', url: 'https://www.youtube.com/watch?v=1' },
        { type: 'embed', url: 'http://example.com/' },
        { type: 'list', ordered: false, items: ['a'] },
        { type: 'list', ordered: true, items: ['a', 'b'] },
      ],
    );
    assert.deepEqual(toBodyBlocks([]), []);
  });

  it('names each failing field as body[i].field', () => {
    const errors = fieldErrors(blocks({ type: 'paragraph', text: 'fine' }, { type: 'paragraph', text: '   ' }, { type: 'quote' }));
    assert.deepEqual(
      errors.map((e) => e.field),
      ['body[1].text', 'body[2].text'],
    );
    for (const e of errors) assert.ok(e.message.length > 0);
  });

  it('reports every problem at once, in block order', () => {
    assert.deepEqual(
      fields(
        blocks(
          { type: 'image' },
          { type: 'list', items: [] },
          { type: 'embed' },
          { type: 'heading', text: '' },
          { type: 'paragraph', text: 'ok', url: 'https://example.com' },
        ),
      ),
      ['body[0].mediaId', 'body[1].items', 'body[2].url', 'body[3].text', 'body[4].url'],
    );
  });

  it('rejects fields that belong to another block type', () => {
    const errors = fieldErrors(blocks({ type: 'paragraph', text: 'x', level: 2, mediaId: MEDIA_ID }));
    assert.deepEqual(
      errors.map((e) => e.field),
      ['body[0].level', 'body[0].mediaId'],
    );
    assert.match(errors[0].message, /not a field of a paragraph block/);
    assert.deepEqual(fields(blocks({ type: 'embed', url: 'https://example.com', text: 'caption?' })), ['body[0].text']);
    assert.deepEqual(fields(blocks({ type: 'image', mediaId: MEDIA_ID, items: ['x'] })), ['body[0].items']);
    assert.deepEqual(fields(blocks({ type: 'list', items: ['x'], attribution: 'me' })), ['body[0].attribution']);
    assert.deepEqual(fields(blocks({ type: 'quote', text: 'x', caption: 'c' })), ['body[0].caption']);
  });

  it('lets a foreign field through when it is null or absent (GraphQL sends null for unset input fields)', () => {
    assert.deepEqual(toBodyBlocks(blocks({ type: 'paragraph', text: 'x', level: null, url: undefined, items: null })), [
      { type: 'paragraph', text: 'x' },
    ]);
  });

  it('accepts only http(s) URLs in an embed', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.com/x',
      'file:///etc/passwd',
      'example.com/video',
      '//example.com/x',
      '',
      '   ',
    ]) {
      assert.deepEqual(fields(blocks({ type: 'embed', url })), ['body[0].url'], url);
    }
    assert.match(fieldErrors(blocks({ type: 'embed', url: 'javascript:alert(1)' }))[0].message, /http/);
  });

  it('names an unknown block type as a field error, not a crash', () => {
    assert.deepEqual(fields(blocks({ type: 'paragraph', text: 'ok' }, { type: 'video', url: 'https://example.com' })), ['body[1].type']);
  });

  it(`refuses more than ${MAX_BLOCKS} blocks as a whole`, () => {
    const many = blocks(...Array.from({ length: MAX_BLOCKS + 1 }, () => ({ type: 'paragraph', text: 'x' })));
    assert.deepEqual(fields(many), ['body']);
    assert.equal(toBodyBlocks(many.slice(0, MAX_BLOCKS)).length, MAX_BLOCKS);
  });

  it('lists the media a body refers to', () => {
    const body = toBodyBlocks(blocks({ type: 'image', mediaId: MEDIA_ID }, { type: 'paragraph', text: 'x' }, { type: 'image', mediaId: MEDIA_ID }));
    assert.deepEqual(mediaIdsOf(body), [MEDIA_ID, MEDIA_ID]);
  });
});
