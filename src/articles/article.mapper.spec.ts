import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArticleEntity } from './article.entity.js';
import { toArticleBase } from './article.mapper.js';
import type { BodyBlock } from './body/blocks.js';

const ID = '5f0c8a0e-7d7b-4c52-9d2e-1d3f0b6a9c11';

function article(body: BodyBlock[], version: number, updatedAt = new Date('2026-11-28T10:00:00Z')): ArticleEntity {
  return Object.assign(new ArticleEntity(), { id: ID, slug: 'a', locale: 'en', headline: 'H', body, version, updatedAt, createdAt: updatedAt });
}

describe('toArticleBase', () => {
  it('gives the body as plain text with its word count and reading time', () => {
    const base = toArticleBase(
      article(
        [
          { type: 'paragraph', text: 'Rain fell on the city’s old harbour.' },
          { type: 'heading', level: 2, text: 'Then' },
        ],
        1,
      ),
    );
    assert.equal(base.bodyText, 'Rain fell on the city’s old harbour.\n\nThen');
    assert.equal(base.wordCount, 8);
    assert.equal(base.readingTimeMinutes, 1);
  });

  it('counts the words of a new version of the same article afresh (the kept count is per version)', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    assert.equal(toArticleBase(article([{ type: 'paragraph', text: words(3) }], 2)).wordCount, 3);
    const edited = toArticleBase(article([{ type: 'paragraph', text: words(500) }], 3, new Date('2026-11-28T11:00:00Z')));
    assert.equal(edited.wordCount, 500);
    assert.equal(edited.readingTimeMinutes, 3);
    assert.equal(edited.bodyText, words(500));
  });

  it('answers the same version twice with the same text and count', () => {
    const body: BodyBlock[] = [{ type: 'list', ordered: false, items: ['one two', 'three'] }];
    const first = toArticleBase(article(body, 4));
    const again = toArticleBase(article(body, 4));
    assert.equal(again.bodyText, '- one two\n- three');
    assert.equal(again.bodyText, first.bodyText);
    assert.equal(again.wordCount, 3);
  });
});
