import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SLUG_LENGTH, slugify } from './slugify.js';

describe('slugify', () => {
  it('transliterates Russian the way a reader would type it', () => {
    assert.equal(slugify('Путин встретился с послами'), 'putin-vstretilsya-s-poslami');
    assert.equal(slugify('Щёлково: Жуковский и Хабаровск'), 'shchelkovo-zhukovskiy-i-khabarovsk');
    assert.equal(slugify('Объявление СВЕРХ Цены'), 'obyavlenie-sverkh-tseny');
  });

  it('gives the same slug for a headline whatever its Unicode normalization form', () => {
    // A headline pasted from macOS or a PDF often arrives decomposed (й = и + U+0306).
    const headline = 'Сергей Лавров: Йемен и Ёлка';
    assert.equal(slugify(headline.normalize('NFC')), 'sergey-lavrov-yemen-i-elka');
    assert.equal(slugify(headline.normalize('NFD')), slugify(headline.normalize('NFC')));
  });

  it('drops diacritics from Latin letters', () => {
    assert.equal(slugify('Crème brûlée à São Paulo'), 'creme-brulee-a-sao-paulo');
    assert.equal(slugify('Zürich, Straße, España, Façade'), 'zurich-strasse-espana-facade');
    assert.equal(slugify('CRÈME BRÛLÉE'), 'creme-brulee');
  });

  it('keeps the base letter of letters with a stroke or ligature (no Unicode decomposition)', () => {
    // NFKD leaves these whole, so stripping combining marks alone would drop them ("Łódź" → "odz").
    assert.equal(slugify('Łódź'), 'lodz');
    assert.equal(slugify('Øresund'), 'oresund');
    assert.equal(slugify('Novak Đoković'), 'novak-dokovic');
    assert.equal(slugify('Ærø'), 'aero');
  });

  it('turns en dashes and quotes into clean separators, and apostrophes into nothing', () => {
    assert.equal(slugify('Proactive Diplomacy Defends State Interests – Putin'), 'proactive-diplomacy-defends-state-interests-putin');
    assert.equal(slugify("Russia’s “new” course — and the West's `reply`"), 'russias-new-course-and-the-wests-reply');
    assert.equal(slugify('"Quoted" «guillemets» „low“'), 'quoted-guillemets-low');
  });

  it('collapses separators and trims them from both ends', () => {
    assert.equal(slugify('  --Hello,   World!!--  '), 'hello-world');
    assert.equal(slugify('A/B\\C_D.E'), 'a-b-c-d-e');
    assert.equal(slugify('2024: 100% up'), '2024-100-up');
  });

  it('caps the length without leaving a trailing hyphen', () => {
    assert.equal(MAX_SLUG_LENGTH, 120);
    assert.equal(slugify('a'.repeat(500)), 'a'.repeat(MAX_SLUG_LENGTH));
    // 24 × "abcd-" is exactly 120 characters: the cut lands on a hyphen.
    const cut = slugify('abcd '.repeat(60));
    assert.ok(cut.length <= MAX_SLUG_LENGTH);
    assert.doesNotMatch(cut, /-$/);
    assert.equal(cut, Array(24).fill('abcd').join('-'));
    const cyrillic = slugify('Щ'.repeat(100));
    assert.ok(cyrillic.length <= MAX_SLUG_LENGTH, 'the cap applies after transliteration');
  });

  it('is empty for text made of symbols only', () => {
    assert.equal(slugify('!!! — ??? ★ ©'), '');
    assert.equal(slugify(''), '');
    assert.equal(slugify('   '), '');
    assert.equal(slugify('ъь'), '');
  });

  it('only ever yields lowercase ASCII letters, digits and single inner hyphens', () => {
    for (const text of ['Путин встретился с послами', 'Ελληνικά 😀 text', '日本語 and 中文', 'Ĳsselmeer ﬁnale', 'x\u0000y\u202ez']) {
      assert.match(slugify(text), /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, text);
    }
  });
});
