import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchLocale, parseAcceptLanguage } from './accept-language.js';

describe('Accept-Language', () => {
  it('ranks ranges by q, then by order, leaving out q=0, * and junk', () => {
    assert.deepEqual(parseAcceptLanguage('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7,*;q=0.5'), ['ru-RU', 'ru', 'en-US', 'en']);
    assert.deepEqual(parseAcceptLanguage('en;q=0.2, de, fr;q=0'), ['de', 'en']);
    assert.deepEqual(parseAcceptLanguage('"; DROP TABLE x; --, en'), ['en']);
    assert.deepEqual(parseAcceptLanguage(undefined), []);
    assert.deepEqual(parseAcceptLanguage(''), []);
  });

  it('matches an edition exactly or by language', () => {
    assert.equal(matchLocale(['ru-RU', 'en'], ['en', 'ru']), 'ru');
    assert.equal(matchLocale(['de', 'EN-gb'], ['en', 'ru']), 'en');
    assert.equal(matchLocale(['en'], ['en-GB', 'ru']), 'en-GB');
    assert.equal(matchLocale(['pt-BR'], ['pt-PT', 'pt-BR']), 'pt-BR');
    assert.equal(matchLocale(['de'], ['en', 'ru']), undefined);
  });
});
