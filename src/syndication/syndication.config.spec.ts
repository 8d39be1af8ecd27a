import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/env.js';
import { rfc3339, rfc822 } from './dates.js';
import { fillTemplate, readSyndicationConfig } from '../config/syndication.config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    readSyndicationConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
}

describe('syndication configuration', () => {
  it('has defaults', () => {
    assert.deepEqual(readSyndicationConfig({}), {
      articleUrlTemplate: '{base}/{locale}/{section}/{slug}',
      sectionUrlTemplate: '{base}/{locale}/{section}',
      homeUrlTemplate: '{base}/{locale}',
      feedSize: 50,
      sitemapPageSize: 50_000,
    });
  });

  it('accepts frontend URLs on another host', () => {
    const config = readSyndicationConfig({
      ARTICLE_URL_TEMPLATE: 'https://www.example.com/{locale}/news/{id}',
      HOME_URL_TEMPLATE: 'https://www.example.com/',
    });
    assert.equal(config.articleUrlTemplate, 'https://www.example.com/{locale}/news/{id}');
  });

  it('refuses templates that cannot make an article URL, and sizes out of range, naming each variable', () => {
    const found = problems({
      ARTICLE_URL_TEMPLATE: '{base}/{locale}/{sectoin}',
      SECTION_URL_TEMPLATE: '/relative/{section}',
      SITEMAP_PAGE_SIZE: '50001',
      FEED_SIZE: '0',
    });
    assert.equal(found.length, 5, found.join('\n'));
    assert.ok(found.some((p) => p.includes('ARTICLE_URL_TEMPLATE') && p.includes('{sectoin}')));
    assert.ok(found.some((p) => p.includes('ARTICLE_URL_TEMPLATE') && p.includes('{slug} or {id}')));
    assert.ok(found.some((p) => p.includes('SECTION_URL_TEMPLATE') && p.includes('absolute')));
    assert.ok(found.some((p) => p.startsWith('SITEMAP_PAGE_SIZE')));
    assert.ok(found.some((p) => p.startsWith('FEED_SIZE')));
  });

  it('fills templates, encoding each value as a path segment', () => {
    assert.equal(
      fillTemplate('{base}/{locale}/{section}/{slug}', { base: 'https://x.example/site', locale: 'pt-BR', section: 'a b', slug: 'c/d' }),
      'https://x.example/site/pt-BR/a%20b/c%2Fd',
    );
  });
});

describe('syndication dates', () => {
  it('writes RFC 822 and RFC 3339 in UTC', () => {
    const date = new Date('2026-03-07T05:04:03.999+03:00');
    assert.equal(rfc822(date), 'Sat, 07 Mar 2026 02:04:03 +0000');
    assert.equal(rfc3339(date), '2026-03-07T02:04:03Z');
  });
});
