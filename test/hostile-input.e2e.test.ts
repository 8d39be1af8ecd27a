import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type TestApp } from './support/test-app.js';

// Requests a review found answering wrongly: each must be a clear 4xx (or, for ids, simply work) and change nothing.
describe(`hostile input (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let editor: string;
  before(async () => {
    t = await startTestApp();
    editor = await t.token('editor');
  });
  after(async () => t.close());

  const countArticles = async () => (await t.request('GET', '/api/v1/articles?status=draft&limit=100', { token: editor })).body.data.length;

  it('refuses a date whose moment falls after 9999-12-31 UTC (it would wrap round to year 0 and lift an embargo at once)', async () => {
    const before = await countArticles();
    for (const [field, value] of [
      ['embargoUntil', '9999-12-31T23:59:59-05:00'],
      ['embargoUntil', '0000-12-31T23:59:59+00:00'],
    ]) {
      const res = await t.request('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Embargoed scoop', section: 'russia', body: [{ type: 'paragraph', text: 'x' }], [field]: value },
      });
      assertProblem(res, 400, 'VALIDATION_FAILED');
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        res.text,
      );
    }
    const draft = await t.request('POST', '/api/v1/articles', { token: editor, body: { headline: 'Later', section: 'russia', body: [] } });
    const schedule = await t.request('POST', `/api/v1/articles/${draft.body.id}/schedule`, {
      token: editor,
      body: { publishAt: '9999-12-31T23:59:59-05:00' },
    });
    assertProblem(schedule, 400, 'VALIDATION_FAILED');
    assert.equal((await t.request('GET', `/api/v1/articles/${draft.body.id}`, { token: editor })).body.status, 'draft');
    assert.equal(await countArticles(), before + 1);
  });

  it('keeps the code of an error raised in a GraphQL field resolver (Section.articles)', async () => {
    const cases: [string, string][] = [
      ['first: 1000', 'VALIDATION_FAILED'],
      ['first: 0', 'VALIDATION_FAILED'],
      ['after: "garbage"', 'INVALID_CURSOR'],
      ['filter: { tag: "no-such-tag" }', 'NOT_FOUND'],
      ['filter: { status: draft }', 'UNAUTHENTICATED'],
    ];
    for (const [args, code] of cases) {
      const res = await t.gql(`{ section(slug: "russia") { articles(${args}) { edges { node { id } } } } }`);
      assert.equal(res.body.errors?.[0]?.extensions?.code, code, `${args}: ${res.text}`);
    }
  });

  it('answers a broken multipart body with a 400, not a 500', async () => {
    for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=XB']) {
      const res = await t.request('POST', '/api/v1/media', {
        token: editor,
        headers: { 'content-type': contentType },
        rawBody: '--XB\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc',
      });
      assert.ok(res.status >= 400 && res.status < 500, `${contentType}: ${res.status} ${res.text}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }
  });

  it('accepts a media id written in upper case (ids are stored lower-case)', async () => {
    const media = (await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`)).body.mainImage.id as string;
    const res = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: {
        headline: 'Upper-case ids',
        section: 'russia',
        mainImage: media.toUpperCase(),
        body: [{ type: 'image', mediaId: media.toUpperCase() }],
      },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.mainImage.id, media);
    assert.equal(res.body.body[0].mediaId, media);
  });

  it('answers a malformed %-escape in the URL as a problem', async () => {
    for (const url of ['/api/v1/articles/%FF', '/feeds/sections/%FF/rss.xml']) assertProblem(await t.request('GET', url), 400);
  });

  it('refuses text with a lone surrogate instead of serving it changed', async () => {
    const res = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: 'Broken \ud800 text', section: 'russia', body: [{ type: 'paragraph', text: 'ok' }] },
    });
    assertProblem(res, 400, 'VALIDATION_FAILED');
  });
});
