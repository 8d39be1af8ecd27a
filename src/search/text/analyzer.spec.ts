import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, foldWord, words } from './analyzer.js';

describe('search analyzer: folding words as the index keeps them', () => {
  it('lowercases plain ASCII words (the fast path) and leaves digits alone', () => {
    assert.equal(foldWord('Pipeline'), 'pipeline');
    assert.equal(foldWord('NATO'), 'nato');
    assert.equal(foldWord('G20'), 'g20');
  });

  it('strips accents from Latin letters, composed or not', () => {
    assert.equal(foldWord('Café'), 'cafe');
    assert.equal(foldWord('CAFÉ'), 'cafe');
    assert.equal(foldWord('Cafe\u0301'), 'cafe');
    assert.equal(foldWord('Élysée'), 'elysee');
  });

  it('folds ё into е but keeps й, a letter of its own', () => {
    assert.equal(foldWord('Ёлка'), 'елка');
    assert.equal(foldWord('ЙОГУРТ'), 'йогурт');
  });

  it('splits a text into words with their places, and analyzes each by its language', () => {
    const text = 'Putin met the Élysée’s envoys; ёлки.';
    assert.deepEqual(
      words(text).map((w) => [w.text, w.start, w.folded]),
      [
        ['Putin', 0, 'putin'],
        ['met', 6, 'met'],
        ['the', 10, 'the'],
        ['Élysée', 14, 'elysee'],
        ['s', 21, 's'],
        ['envoys', 23, 'envoys'],
        ['ёлки', 31, 'елки'],
      ],
    );
    assert.equal(analyze('Diplomats were meeting', 'en'), 'diplomat were meet');
  });
});
