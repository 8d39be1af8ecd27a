import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { assertGqlError, assertProblem, servedBy } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * Bad input gets a clear 4xx (never a 500), as problem+json naming the failing
 * field, and changes nothing: no row appears, no row changes.
 */

const UNKNOWN_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const TABLES = ['sections', 'tags', 'authors', 'media', 'articles', 'article_tags', 'article_authors', 'api_keys', 'users'];
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };

function assertFieldNamed(res: HttpResponse, field: string): void {
  const fields = ((res.body?.errors ?? []) as { field: string; message: string }[]).map((e) => e.field);
  assert.ok(fields.includes(field), `expected errors[].field to name ${field}, got ${JSON.stringify(fields)}: ${res.text.slice(0, 600)}`);
  for (const e of res.body.errors as { field: string; message: string }[]) assert.equal(typeof e.message, 'string');
}

type Who = 'admin' | 'editor' | 'author' | 'none';

interface BadCase {
  /** What is wrong, for the test name. */
  what: string;
  body: unknown;
  /** The field errors[] must name. */
  field?: string;
  /** The problem code; VALIDATION_FAILED when a field is named, null for "any code". */
  code?: string | null;
  /** Another 4xx than 400 (a conflict, say). */
  status?: number;
}

interface Route {
  method: string;
  path: string;
  who: Who;
  url: () => string;
  headers?: () => Promise<Record<string, string>>;
  /** A resource the write would change (fetched before and after). */
  target?: () => string;
  cases: BadCase[];
}

describe(`bad input is a clear 4xx and changes nothing (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let tmpDir: string;
  const tokens = {} as Record<Exclude<Who, 'none'>, string>;
  let seq = 0;
  const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;
  // Fixtures made in before().
  const fx = {} as Record<string, string>;

  const { req, gql } = servedBy(() => t);

  /** Row counts of every table a write could touch. */
  const counts = async (): Promise<Record<string, number>> => {
    const ds = t.app.get(DataSource);
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return out;
  };
  const snapshot = async (target?: string) => ({
    counts: await counts(),
    target: target ? (await req('GET', target, { token: tokens.editor })).body : undefined,
  });

  const mkMedia = async (): Promise<string> => {
    seq += 1;
    const png = await sharp({
      create: { width: 10, height: 8, channels: 3, background: { r: (seq * 37) % 256, g: (seq * 11) % 256, b: Date.now() % 256 } },
    })
      .png()
      .toBuffer();
    const path = join(tmpDir, `${uniq('media')}.png`);
    writeFileSync(path, png);
    const { MediaIngestService } = await import('../src/media/upload/media-ingest.service.js');
    return (await t.app.get(MediaIngestService).registerFromFile(path)).entity.id;
  };
  const mkArticle = async (extra: Record<string, unknown> = {}, token = tokens.editor): Promise<HttpResponse> => {
    const res = await req('POST', '/api/v1/articles', {
      token,
      body: { headline: `Headline ${uniq('a')}`, section: 'russia', body: [PARAGRAPH], ...extra },
    });
    assert.equal(res.status, 201, res.text);
    return res;
  };
  const getArticle = (idOrSlug: string, token?: string) => req('GET', `/api/v1/articles/${idOrSlug}`, { token });
  const ifMatchOf = (id: string) => async () => ({ 'if-match': `"${(await getArticle(id, tokens.editor)).body.version}"` });
  const future = () => new Date(Date.now() + 24 * 3600 * 1000).toISOString();

  before(async () => {
    tmpDir = mkdtempSync(join(tmpdir(), 'bad-input-media-'));
    t = await startTestApp();
    tokens.admin = await t.token('admin');
    tokens.editor = await t.token('editor');
    tokens.author = await t.token('author');
    const post = async (url: string, body: unknown) => {
      const res = await req('POST', url, { token: tokens.editor, body });
      assert.equal(res.status, 201, `${url}: ${res.text}`);
      return res.body;
    };
    fx.sectionId = (await post('/api/v1/sections', { name: 'Bad Input Desk', slug: 'bad-input-desk' })).id;
    fx.deSectionId = (await post('/api/v1/sections', { name: 'Deutschland', slug: 'deutschland', locale: 'de' })).id;
    fx.tagId = (await post('/api/v1/tags', { name: 'Bad input tag', slug: 'bad-input-tag', kind: 'topic' })).id;
    fx.authorId = (await post('/api/v1/authors', { name: 'Bad Input Author', slug: 'bad-input-author' })).id;
    fx.mediaId = await mkMedia();
    fx.articleId = (await mkArticle({ slug: 'bad-input-article', tags: ['bad-input-tag'], authors: ['bad-input-author'] })).body.id;
    fx.publishId = (await mkArticle({ slug: 'bad-input-publish' })).body.id;
  });
  after(async () => {
    await t.close();
    rmSync(tmpDir, { recursive: true, force: true });
  });

  const long = (n: number) => 'x'.repeat(n);
  const article = (extra: Record<string, unknown>) => ({ headline: 'A fine headline', section: 'russia', body: [PARAGRAPH], ...extra });
  const without = (key: string) => {
    const copy: Record<string, unknown> = article({});
    delete copy[key];
    return copy;
  };

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/sections',
      who: 'editor',
      url: () => '/api/v1/sections',
      cases: [
        { what: 'an unknown field', body: { name: 'Colourful', colour: 'red' }, field: 'colour' },
        { what: 'a number for the name', body: { name: 5 }, field: 'name' },
        { what: 'a string for the position', body: { name: 'Positioned', position: '1' }, field: 'position' },
        { what: 'no name', body: { slug: 'no-name' }, field: 'name' },
        { what: 'a bell in the name', body: { name: 'Ring\u0007ring' }, field: 'name' },
        { what: 'a newline in the name', body: { name: 'Two\nlines' }, field: 'name' },
        { what: 'an invalid slug', body: { name: 'Slugged', slug: 'Bad Slug' }, field: 'slug' },
        { what: 'an invalid locale', body: { name: 'Localised', locale: 'english!' }, field: 'locale' },
        { what: 'an over-long name', body: { name: long(201) }, field: 'name' },
        { what: 'an over-long slug', body: { name: 'Long slug', slug: long(161) }, field: 'slug' },
        { what: 'a newline in the SEO title', body: { name: 'Seo', seoTitle: 'a\nb' }, field: 'seoTitle' },
        { what: 'a control character in the description', body: { name: 'Described', description: 'a\u0000b' }, field: 'description' },
        { what: 'a parent that does not exist', body: { name: 'Orphan', parent: 'no-such-section' }, field: 'parent', code: 'UNKNOWN_REFERENCE' },
      ],
    },
    {
      method: 'PATCH',
      path: '/sections/{id}',
      who: 'editor',
      url: () => `/api/v1/sections/${fx.sectionId}`,
      target: () => '/api/v1/sections/bad-input-desk',
      cases: [
        { what: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
        { what: 'a field that cannot change (locale)', body: { locale: 'de' }, field: 'locale' },
        { what: 'a number for the name', body: { name: 5 }, field: 'name' },
        { what: 'a bell in the name', body: { name: 'Ring\u0007ring' }, field: 'name' },
        { what: 'a newline in the name', body: { name: 'Two\nlines' }, field: 'name' },
        { what: 'an invalid slug', body: { slug: 'Bad Slug' }, field: 'slug' },
        { what: 'a string for moveToTop', body: { moveToTop: 'yes' }, field: 'moveToTop' },
        { what: 'a negative position', body: { position: -1 }, field: 'position' },
        { what: 'a parent that does not exist', body: { parent: 'no-such-section' }, field: 'parent', code: 'UNKNOWN_REFERENCE' },
      ],
    },
    {
      method: 'POST',
      path: '/tags',
      who: 'editor',
      url: () => '/api/v1/tags',
      cases: [
        { what: 'an unknown field', body: { name: 'Colourful', kind: 'topic', colour: 'red' }, field: 'colour' },
        { what: 'no kind', body: { name: 'Kindless' }, field: 'kind' },
        { what: 'no name', body: { kind: 'topic' }, field: 'name' },
        { what: 'an unknown kind', body: { name: 'Animal', kind: 'animal' }, field: 'kind' },
        { what: 'a number for the kind', body: { name: 'Numbered', kind: 5 }, field: 'kind' },
        { what: 'a bell in the name', body: { name: 'Ring\u0007ring', kind: 'topic' }, field: 'name' },
        { what: 'a newline in the name', body: { name: 'Two\nlines', kind: 'topic' }, field: 'name' },
        { what: 'an invalid slug', body: { name: 'Slugged', slug: 'Bad Slug', kind: 'topic' }, field: 'slug' },
        { what: 'an over-long name', body: { name: long(201), kind: 'topic' }, field: 'name' },
        {
          what: 'a media topic that is not an IPTC URI',
          body: { name: 'Topical', kind: 'topic', mediaTopicUri: 'http://example.com/x' },
          field: 'mediaTopicUri',
        },
      ],
    },
    {
      method: 'PATCH',
      path: '/tags/{id}',
      who: 'editor',
      url: () => `/api/v1/tags/${fx.tagId}`,
      target: () => '/api/v1/tags/bad-input-tag',
      cases: [
        { what: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
        { what: 'a number for the name', body: { name: 5 }, field: 'name' },
        { what: 'a newline in the name', body: { name: 'Two\nlines' }, field: 'name' },
        { what: 'an invalid slug', body: { slug: 'Bad Slug' }, field: 'slug' },
        { what: 'an unknown kind', body: { kind: 'animal' }, field: 'kind' },
      ],
    },
    {
      method: 'POST',
      path: '/authors',
      who: 'editor',
      url: () => '/api/v1/authors',
      cases: [
        { what: 'an unknown field', body: { name: 'Colourful', colour: 'red' }, field: 'colour' },
        { what: 'no name', body: { bio: 'Nameless' }, field: 'name' },
        { what: 'a bell in the name', body: { name: 'Ring\u0007ring' }, field: 'name' },
        { what: 'a newline in the name', body: { name: 'Two\nlines' }, field: 'name' },
        { what: 'an over-long name', body: { name: long(201) }, field: 'name' },
        { what: 'a number for the bio', body: { name: 'Bio', bio: 5 }, field: 'bio' },
        { what: 'an invalid slug', body: { name: 'Slugged', slug: 'Bad Slug' }, field: 'slug' },
        { what: 'a photo id that is not an id', body: { name: 'Photographed', photo: 'not-a-uuid' }, field: 'photo' },
        { what: 'a photo that does not exist', body: { name: 'Photographed', photo: UNKNOWN_ID }, field: 'photo', code: 'UNKNOWN_REFERENCE' },
      ],
    },
    {
      method: 'PATCH',
      path: '/authors/{id}',
      who: 'editor',
      url: () => `/api/v1/authors/${fx.authorId}`,
      target: () => '/api/v1/authors/bad-input-author',
      cases: [
        { what: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
        { what: 'a newline in the name', body: { name: 'Two\nlines' }, field: 'name' },
        { what: 'a bell in the bio', body: { bio: 'Ring\u0007ring' }, field: 'bio' },
        { what: 'a photo that does not exist', body: { photo: UNKNOWN_ID }, field: 'photo', code: 'UNKNOWN_REFERENCE' },
      ],
    },
    {
      method: 'PATCH',
      path: '/media/{id}',
      who: 'editor',
      url: () => `/api/v1/media/${fx.mediaId}`,
      target: () => `/api/v1/media/${fx.mediaId}`,
      cases: [
        { what: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
        { what: 'a field that cannot change (width)', body: { width: 10 }, field: 'width' },
        { what: 'a number for the caption', body: { caption: 5 }, field: 'caption' },
        { what: 'a newline in the creator', body: { creator: 'Two\nlines' }, field: 'creator' },
        { what: 'a bell in the caption', body: { caption: 'Ring\u0007ring' }, field: 'caption' },
        { what: 'an over-long creator', body: { creator: long(201) }, field: 'creator' },
        { what: 'a javascript: media bank URL', body: { mediabankUrl: 'javascript:alert(1)' }, field: 'mediabankUrl' },
        { what: 'a focal point outside the picture', body: { focalX: 2, focalY: 0.5 }, field: 'focalX' },
        { what: 'a string for the focal point', body: { focalX: '0.5', focalY: 0.5 }, field: 'focalX' },
        { what: 'half a focal point', body: { focalX: 0.5 }, field: 'focalY' },
      ],
    },
    {
      method: 'POST',
      path: '/articles',
      who: 'editor',
      url: () => '/api/v1/articles',
      cases: [
        { what: 'an unknown field', body: article({ colour: 'red' }), field: 'colour' },
        { what: 'a status (set only by the workflow)', body: article({ status: 'published' }), field: 'status' },
        { what: 'no headline', body: without('headline'), field: 'headline' },
        { what: 'no section', body: without('section'), field: 'section' },
        { what: 'no body', body: without('body'), field: 'body' },
        { what: 'a number for the headline', body: article({ headline: 5 }), field: 'headline' },
        { what: 'a bell in the headline', body: article({ headline: 'Ring\u0007ring' }), field: 'headline' },
        { what: 'a newline in the headline', body: article({ headline: 'Two\nlines' }), field: 'headline' },
        { what: 'a tab in the headline', body: article({ headline: 'Tab\there' }), field: 'headline' },
        { what: 'a line separator in the headline', body: article({ headline: 'Line\u2028separator' }), field: 'headline' },
        { what: 'an over-long headline', body: article({ headline: long(301) }), field: 'headline' },
        { what: 'a newline in the dateline', body: article({ dateline: 'Mos\ncow' }), field: 'dateline' },
        { what: 'a bell in the lead', body: article({ lead: 'Ring\u0007ring' }), field: 'lead' },
        { what: 'an invalid slug', body: article({ slug: 'Bad Slug' }), field: 'slug' },
        { what: 'an invalid locale', body: article({ locale: 'english!' }), field: 'locale' },
        { what: 'a string for the urgency', body: article({ urgency: '5' }), field: 'urgency' },
        { what: 'an urgency out of range', body: article({ urgency: 10 }), field: 'urgency' },
        { what: 'a string for isBreaking', body: article({ isBreaking: 'yes' }), field: 'isBreaking' },
        { what: 'a string for the tags', body: article({ tags: 'bad-input-tag' }), field: 'tags' },
        { what: 'a body that is not a list', body: article({ body: { type: 'paragraph', text: 'x' } }), field: 'body' },
        { what: 'a quote without text', body: article({ body: [PARAGRAPH, { type: 'quote', attribution: 'Someone' }] }), field: 'body[1].text' },
        { what: 'an image without mediaId', body: article({ body: [PARAGRAPH, { type: 'image', caption: 'A picture' }] }), field: 'body[1].mediaId' },
        {
          what: 'an embed with a javascript: URL',
          body: article({ body: [PARAGRAPH, { type: 'embed', url: 'javascript:alert(1)' }] }),
          field: 'body[1].url',
        },
        { what: 'an unknown block type', body: article({ body: [PARAGRAPH, { type: 'marquee', text: 'Hi' }] }), field: 'body[1].type' },
        {
          what: 'a block field of another type',
          body: article({ body: [PARAGRAPH, { type: 'paragraph', text: 'x', url: 'https://example.com' }] }),
          field: 'body[1].url',
        },
        {
          what: 'an unknown field in a block',
          body: article({ body: [PARAGRAPH, { type: 'paragraph', text: 'x', colour: 'red' }] }),
          field: 'body[1].colour',
        },
        { what: 'a list without items', body: article({ body: [{ type: 'list', items: [] }] }), field: 'body[0].items' },
        { what: 'a bell in a paragraph', body: article({ body: [{ type: 'paragraph', text: 'Ring\u0007ring' }] }), field: 'body[0].text' },
        { what: 'a section that does not exist', body: article({ section: 'no-such-section' }), field: 'section', code: 'UNKNOWN_REFERENCE' },
        { what: 'a section of another locale', body: article({ section: '{deSection}' }), field: 'section', code: 'UNKNOWN_REFERENCE' },
        { what: 'a tag that does not exist', body: article({ tags: ['no-such-tag'] }), field: 'tags[0]', code: 'UNKNOWN_REFERENCE' },
        {
          what: 'an author that does not exist',
          body: article({ authors: ['bad-input-author', 'no-such-author'] }),
          field: 'authors[1]',
          code: 'UNKNOWN_REFERENCE',
        },
        { what: 'a main image that does not exist', body: article({ mainImage: UNKNOWN_ID }), field: 'mainImage', code: 'UNKNOWN_REFERENCE' },
        { what: 'a main image that is not an id', body: article({ mainImage: 'not-a-uuid' }), field: 'mainImage' },
        { what: 'an image block with media that does not exist', body: article({ body: [{ type: 'image', mediaId: UNKNOWN_ID }] }) },
        { what: 'an embargo without an offset', body: article({ embargoUntil: '2026-12-01T06:00:00' }), field: 'embargoUntil' },
        { what: 'an embargo on a day that does not exist', body: article({ embargoUntil: '2026-13-45T10:00:00Z' }), field: 'embargoUntil' },
        { what: 'a javascript: canonical URL', body: article({ canonicalUrl: 'javascript:alert(1)' }), field: 'canonicalUrl' },
      ],
    },
    {
      method: 'PATCH',
      path: '/articles/{id}',
      who: 'editor',
      url: () => `/api/v1/articles/${fx.articleId}`,
      headers: () => ifMatchOf(fx.articleId)(),
      target: () => `/api/v1/articles/${fx.articleId}`,
      cases: [
        { what: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
        { what: 'a status (set only by the workflow)', body: { status: 'published' }, field: 'status' },
        { what: 'a field that cannot change (locale)', body: { locale: 'de' }, field: 'locale' },
        { what: 'a number for the headline', body: { headline: 5 }, field: 'headline' },
        { what: 'a bell in the headline', body: { headline: 'Ring\u0007ring' }, field: 'headline' },
        { what: 'a newline in the headline', body: { headline: 'Two\nlines' }, field: 'headline' },
        { what: 'an over-long headline', body: { headline: long(301) }, field: 'headline' },
        { what: 'an invalid slug', body: { slug: 'Bad Slug' }, field: 'slug' },
        { what: 'a string for the version', body: { headline: 'Versioned', version: '1' }, field: 'version' },
        { what: 'an urgency out of range', body: { urgency: 0 }, field: 'urgency' },
        { what: 'a quote without text', body: { body: [{ type: 'quote' }] }, field: 'body[0].text' },
        { what: 'an embed with a javascript: URL', body: { body: [PARAGRAPH, { type: 'embed', url: 'javascript:alert(1)' }] }, field: 'body[1].url' },
        { what: 'an unknown block type', body: { body: [{ type: 'marquee' }] }, field: 'body[0].type' },
        { what: 'a section that does not exist', body: { section: 'no-such-section' }, field: 'section', code: 'UNKNOWN_REFERENCE' },
        { what: 'a tag that does not exist', body: { tags: ['bad-input-tag', 'no-such-tag'] }, field: 'tags[1]', code: 'UNKNOWN_REFERENCE' },
        { what: 'an author that does not exist', body: { authors: ['no-such-author'] }, field: 'authors[0]', code: 'UNKNOWN_REFERENCE' },
        { what: 'a main image that does not exist', body: { mainImage: UNKNOWN_ID }, field: 'mainImage', code: 'UNKNOWN_REFERENCE' },
        { what: 'an embargo on a day that does not exist', body: { embargoUntil: '2026-02-31T25:61:00+03:00' }, field: 'embargoUntil' },
      ],
    },
    {
      method: 'POST',
      path: '/articles/{id}/publish',
      who: 'editor',
      url: () => `/api/v1/articles/${fx.publishId}/publish`,
      target: () => `/api/v1/articles/${fx.publishId}`,
      cases: [
        { what: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
        { what: 'a publishedAt without an offset', body: { publishedAt: '2026-01-01T10:00:00' }, field: 'publishedAt' },
        { what: 'a publishedAt in the future', body: { publishedAt: '{future}' }, field: 'publishedAt', code: null },
        { what: 'a number for publishedAt', body: { publishedAt: 1735725600 }, field: 'publishedAt' },
        { what: 'a publishedAt on a day that does not exist', body: { publishedAt: '2025-13-45T10:00:00Z' }, field: 'publishedAt' },
      ],
    },
    {
      method: 'POST',
      path: '/api-keys',
      who: 'admin',
      url: () => '/api/v1/api-keys',
      cases: [
        { what: 'an unknown field', body: { name: 'k', role: 'reader', colour: 'red' }, field: 'colour' },
        { what: 'no role', body: { name: 'k' }, field: 'role' },
        { what: 'an unknown role', body: { name: 'k', role: 'god' }, field: 'role' },
        { what: 'a number for the name', body: { name: 5, role: 'reader' }, field: 'name' },
        { what: 'a newline in the name', body: { name: 'Two\nlines', role: 'reader' }, field: 'name' },
        { what: 'an over-long name', body: { name: long(101), role: 'reader' }, field: 'name' },
      ],
    },
    {
      method: 'POST',
      path: '/users',
      who: 'admin',
      url: () => '/api/v1/users',
      cases: [
        { what: 'an unknown field', body: { email: 'u1@example.test', password: 'long-password', role: 'reader', colour: 'red' }, field: 'colour' },
        { what: 'no email', body: { password: 'long-password', role: 'reader' }, field: 'email' },
        { what: 'an email that is not one', body: { email: 'nope', password: 'long-password', role: 'reader' }, field: 'email' },
        { what: 'a short password', body: { email: 'u2@example.test', password: 'short', role: 'reader' }, field: 'password' },
        { what: 'a number for the password', body: { email: 'u3@example.test', password: 123456789, role: 'reader' }, field: 'password' },
        { what: 'an unknown role', body: { email: 'u4@example.test', password: 'long-password', role: 'god' }, field: 'role' },
        {
          what: 'a newline in the display name',
          body: { email: 'u5@example.test', password: 'long-password', role: 'reader', displayName: 'Two\nlines' },
          field: 'displayName',
        },
      ],
    },
    {
      method: 'POST',
      path: '/auth/login',
      who: 'none',
      url: () => '/api/v1/auth/login',
      cases: [
        { what: 'an unknown field', body: { email: 'admin@example.test', password: 'x', remember: true }, field: 'remember' },
        { what: 'no password', body: { email: 'admin@example.test' }, field: 'password' },
        { what: 'an email that is not one', body: { email: 'admin', password: 'whatever' }, field: 'email' },
      ],
    },
  ];

  describe('field validation on every write route', () => {
    for (const route of routes) {
      for (const c of route.cases) {
        const status = c.status ?? 400;
        const code = c.code === null ? undefined : (c.code ?? (c.field ? 'VALIDATION_FAILED' : undefined));
        it(`${route.method} ${route.path} with ${c.what} → ${status}${code ? ` ${code}` : ''}${c.field ? ` at ${c.field}` : ''}`, async () => {
          const body = JSON.parse(
            JSON.stringify(c.body).replace('"{deSection}"', JSON.stringify(fx.deSectionId)).replace('"{future}"', JSON.stringify(future())),
          );
          const headers = route.headers ? await route.headers() : undefined;
          const before = await snapshot(route.target?.());
          const token = route.who === 'none' ? undefined : tokens[route.who];
          const res = await req(route.method, route.url(), { token, headers, body });
          assertProblem(res, status, code);
          if (c.field) assertFieldNamed(res, c.field);
          assert.deepEqual(await snapshot(route.target?.()), before, 'nothing changed');
        });
      }
    }
  });

  describe('bad ids in paths', () => {
    const badIds: [string, string, Who, string][] = [
      ['PATCH', '/api/v1/articles/not-a-uuid', 'editor', 'INVALID_ID'],
      ['DELETE', '/api/v1/articles/not-a-uuid', 'editor', 'INVALID_ID'],
      ['POST', '/api/v1/articles/not-a-uuid/publish', 'editor', 'INVALID_ID'],
      ['POST', '/api/v1/articles/not-a-uuid/submit', 'editor', 'INVALID_ID'],
      ['PATCH', '/api/v1/sections/not-a-uuid', 'editor', 'INVALID_ID'],
      ['DELETE', '/api/v1/sections/not-a-uuid', 'editor', 'INVALID_ID'],
      ['PATCH', '/api/v1/tags/not-a-uuid', 'editor', 'INVALID_ID'],
      ['DELETE', '/api/v1/tags/not-a-uuid', 'editor', 'INVALID_ID'],
      ['PATCH', '/api/v1/authors/not-a-uuid', 'editor', 'INVALID_ID'],
      ['DELETE', '/api/v1/authors/not-a-uuid', 'editor', 'INVALID_ID'],
      ['PATCH', '/api/v1/media/not-a-uuid', 'editor', 'INVALID_ID'],
      ['DELETE', '/api/v1/media/not-a-uuid', 'editor', 'INVALID_ID'],
      ['GET', '/api/v1/media/not-a-uuid', 'none', 'INVALID_ID'],
      ['DELETE', '/api/v1/api-keys/not-a-uuid', 'admin', 'INVALID_ID'],
      ['DELETE', "/api/v1/articles/1'%20OR%20'1'='1", 'editor', 'INVALID_ID'],
      ['GET', '/api/v1/articles/Bad_Slug!', 'none', 'INVALID_SLUG'],
      ['GET', '/api/v1/articles/Bad_Slug!', 'editor', 'INVALID_SLUG'],
      ['GET', '/api/v1/sections/Bad_Slug!', 'none', 'INVALID_SLUG'],
      ['GET', '/api/v1/tags/Bad_Slug!', 'none', 'INVALID_SLUG'],
      ['GET', '/api/v1/authors/Bad_Slug!', 'none', 'INVALID_SLUG'],
    ];
    for (const [method, url, who, code] of badIds) {
      it(`${method} ${url} (${who}) → 400 ${code}`, async () => {
        const before = await counts();
        const res = await req(method, url, {
          token: who === 'none' ? undefined : tokens[who],
          headers: method === 'PATCH' ? { 'if-match': '"1"' } : undefined,
          body:
            method !== 'PATCH'
              ? undefined
              : url.includes('/articles/')
                ? { headline: 'x' }
                : url.includes('/media/')
                  ? { caption: 'x' }
                  : { name: 'x' },
        });
        assertProblem(res, 400, code);
        assert.deepEqual(await counts(), before);
      });
    }

    const unknownIds: [string, string, unknown?][] = [
      ['GET', `/api/v1/articles/${UNKNOWN_ID}`],
      ['GET', '/api/v1/articles/no-such-article'],
      ['PATCH', `/api/v1/articles/${UNKNOWN_ID}`, { headline: 'x' }],
      ['DELETE', `/api/v1/articles/${UNKNOWN_ID}`],
      ['POST', `/api/v1/articles/${UNKNOWN_ID}/publish`],
      ['POST', `/api/v1/articles/${UNKNOWN_ID}/unpublish`],
      ['PATCH', `/api/v1/sections/${UNKNOWN_ID}`, { name: 'x' }],
      ['DELETE', `/api/v1/sections/${UNKNOWN_ID}`],
      ['PATCH', `/api/v1/tags/${UNKNOWN_ID}`, { name: 'x' }],
      ['DELETE', `/api/v1/tags/${UNKNOWN_ID}`],
      ['PATCH', `/api/v1/authors/${UNKNOWN_ID}`, { name: 'x' }],
      ['DELETE', `/api/v1/authors/${UNKNOWN_ID}`],
      ['GET', `/api/v1/media/${UNKNOWN_ID}`],
      ['PATCH', `/api/v1/media/${UNKNOWN_ID}`, { caption: 'x' }],
      ['DELETE', `/api/v1/media/${UNKNOWN_ID}`],
    ];
    for (const [method, url, body] of unknownIds) {
      it(`${method} ${url} → 404 NOT_FOUND`, async () => {
        const before = await counts();
        const res = await req(method, url, { token: tokens.editor, headers: method === 'PATCH' ? { 'if-match': '"1"' } : undefined, body });
        assertProblem(res, 404, 'NOT_FOUND');
        assert.deepEqual(await counts(), before);
      });
    }
    it('DELETE /api-keys/{unknown uuid} → 404', async () => {
      assertProblem(await req('DELETE', `/api/v1/api-keys/${UNKNOWN_ID}`, { token: tokens.admin }), 404, 'NOT_FOUND');
    });

    it('GraphQL: a bad id is a 400-class error, an unknown one NOT_FOUND', async () => {
      assertGqlError(await gql('{ article(id: "not-a-uuid") { id } }'), ['INVALID_ID', 'VALIDATION_FAILED']);
      assertGqlError(await gql('mutation { deleteSection(id: "not-a-uuid") }', {}, tokens.editor), 'INVALID_ID');
      assertGqlError(await gql(`mutation { deleteTag(id: "${UNKNOWN_ID}") }`, {}, tokens.editor), 'NOT_FOUND');
      assertGqlError(await gql(`{ article(id: "${UNKNOWN_ID}") { id } }`), 'NOT_FOUND');
      assertGqlError(await gql(`{ media(id: "${UNKNOWN_ID}") { id } }`), 'NOT_FOUND');
    });
  });

  describe('raw bodies', () => {
    const raw = async (url: string, payload: string | Buffer, type: string, who: Who = 'editor', extra: Record<string, string> = {}) => {
      const before = await counts();
      const res = await req(url.startsWith('/api/v1/articles/') ? 'PATCH' : 'POST', url, {
        token: who === 'none' ? undefined : tokens[who],
        rawBody: payload,
        headers: { 'content-type': type, ...extra },
      });
      assert.deepEqual(await counts(), before);
      return res;
    };

    it('invalid JSON → 400 INVALID_JSON', async () => {
      assertProblem(await raw('/api/v1/sections', '{"name": "Broken",', 'application/json'), 400, 'INVALID_JSON');
      assertProblem(await raw('/api/v1/sections', "{name: 'single quotes'}", 'application/json'), 400, 'INVALID_JSON');
      const target = `/api/v1/articles/${fx.articleId}`;
      const before = (await getArticle(fx.articleId, tokens.editor)).body;
      assertProblem(await raw(target, '{"headline": ', 'application/json', 'editor', { 'if-match': `"${before.version}"` }), 400, 'INVALID_JSON');
      assert.deepEqual((await getArticle(fx.articleId, tokens.editor)).body, before);
    });

    it('invalid UTF-8 → 400 INVALID_UTF8', async () => {
      assertProblem(await raw('/api/v1/sections', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'application/json'), 400, 'INVALID_UTF8');
      // An overlong encoding of "/" and a lone surrogate, inside an otherwise fine body.
      const overlong = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
      assertProblem(await raw('/api/v1/sections', overlong, 'application/json'), 400, 'INVALID_UTF8');
      const surrogate = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
      assertProblem(await raw('/api/v1/sections', surrogate, 'application/json'), 400, 'INVALID_UTF8');
    });

    it('a JSON body over 1 MB → 413 problem+json', async () => {
      const big = JSON.stringify({ name: 'Big', description: 'x'.repeat(1_100_000) });
      assertProblem(await raw('/api/v1/sections', big, 'application/json'), 413);
      const bigArticle = JSON.stringify(article({ body: Array.from({ length: 400 }, () => ({ type: 'paragraph', text: 'y'.repeat(3000) })) }));
      assert.ok(bigArticle.length > 1_048_576);
      assertProblem(await raw('/api/v1/articles', bigArticle, 'application/json'), 413);
    });

    it('an unsupported content type (text/plain) → 415', async () => {
      assertProblem(await raw('/api/v1/sections', '{"name":"Plain"}', 'text/plain'), 415);
    });

    it('an unsupported content type (application/xml) → 415', async () => {
      assertProblem(await raw('/api/v1/sections', '<section><name>X</name></section>', 'application/xml'), 415);
    });

    it('invalid JSON to /graphql is a 400 too', async () => {
      const res = await raw('/graphql', '{"query": "{ sections { id } ', 'application/json', 'none');
      assert.equal(res.status, 400, res.text);
    });
  });

  describe('slugs', () => {
    const HEADLINE = 'Путин встретился с послами';
    let ruSectionId: string;
    before(async () => {
      const res = await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: 'Россия', slug: 'rossiya', locale: 'ru' } });
      assert.equal(res.status, 201, res.text);
      ruSectionId = res.body.id;
    });

    it('a Cyrillic headline gives a transliterated ASCII slug; the same headline again gets "-2"', async () => {
      const first = await mkArticle({ headline: HEADLINE });
      assert.equal(first.body.slug, 'putin-vstretilsya-s-poslami');
      assert.equal(first.body.headline, HEADLINE);
      const second = await mkArticle({ headline: HEADLINE });
      assert.equal(second.body.slug, 'putin-vstretilsya-s-poslami-2');
      assert.notEqual(second.body.id, first.body.id);
      assert.equal((await getArticle('putin-vstretilsya-s-poslami', tokens.editor)).body.id, first.body.id);
    });

    it('an explicit slug already used in the locale → 409 SLUG_TAKEN, nothing created', async () => {
      await mkArticle({ slug: 'taken-slug' });
      const before = await counts();
      const res = await req('POST', '/api/v1/articles', { token: tokens.editor, body: article({ slug: 'taken-slug' }) });
      assertProblem(res, 409, 'SLUG_TAKEN');
      assert.deepEqual(await counts(), before);
    });

    it('the same slug in another locale is fine', async () => {
      const res = await req('POST', '/api/v1/articles', {
        token: tokens.editor,
        body: { headline: HEADLINE, slug: 'taken-slug', locale: 'ru', section: ruSectionId, body: [PARAGRAPH] },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.slug, 'taken-slug');
      assert.equal(res.body.locale, 'ru');
      const ruAuto = await req('POST', '/api/v1/articles', {
        token: tokens.editor,
        body: { headline: HEADLINE, locale: 'ru', section: 'rossiya', body: [PARAGRAPH] },
      });
      assert.equal(ruAuto.status, 201, ruAuto.text);
      assert.equal(ruAuto.body.slug, 'putin-vstretilsya-s-poslami', 'slugs are unique per locale, so ru starts afresh');
    });

    it("changing an article's slug to a taken one → 409 SLUG_TAKEN, article unchanged", async () => {
      const other = await mkArticle({ slug: 'will-collide' });
      const before = (await getArticle(other.body.id, tokens.editor)).body;
      const res = await req('PATCH', `/api/v1/articles/${other.body.id}`, {
        token: tokens.editor,
        headers: { 'if-match': `"${before.version}"` },
        body: { slug: 'taken-slug' },
      });
      assertProblem(res, 409, 'SLUG_TAKEN');
      assert.deepEqual((await getArticle(other.body.id, tokens.editor)).body, before);
    });

    it('a section, tag or author slug taken → 409, nothing created', async () => {
      const before = await counts();
      assertProblem(
        await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: 'Russia again', slug: 'russia' } }),
        409,
        'SLUG_TAKEN',
      );
      assertProblem(await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: 'Russia' } }), 409, 'SLUG_TAKEN');
      assertProblem(
        await req('POST', '/api/v1/tags', { token: tokens.editor, body: { name: 'Again', slug: 'bad-input-tag', kind: 'topic' } }),
        409,
        'SLUG_TAKEN',
      );
      assertProblem(await req('POST', '/api/v1/authors', { token: tokens.editor, body: { name: 'Bad Input Author' } }), 409, 'SLUG_TAKEN');
      assert.deepEqual(await counts(), before);
      const sectionBefore = (await req('GET', '/api/v1/sections/bad-input-desk')).body;
      assertProblem(await req('PATCH', `/api/v1/sections/${fx.sectionId}`, { token: tokens.editor, body: { slug: 'russia' } }), 409, 'SLUG_TAKEN');
      assert.deepEqual((await req('GET', '/api/v1/sections/bad-input-desk')).body, sectionBefore);
    });

    it('the same section slug in another locale is fine', async () => {
      const res = await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: 'Russland', slug: 'russia', locale: 'de' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.locale, 'de');
    });
  });

  describe('no lost updates', () => {
    it('PATCH needs a version (428), a stale one is 412, the ETag works, and refused updates change nothing', async () => {
      const created = await mkArticle({ headline: 'Versioned story' });
      const id = created.body.id;
      const url = `/api/v1/articles/${id}`;
      const v1 = (await getArticle(id, tokens.editor)).body;
      assert.equal(v1.version, 1);

      const none = await req('PATCH', url, { token: tokens.editor, body: { headline: 'No version given' } });
      assertProblem(none, 428, 'VERSION_REQUIRED');
      assert.deepEqual((await getArticle(id, tokens.editor)).body, v1);

      const second = await req('PATCH', url, { token: tokens.editor, headers: { 'if-match': '"1"' }, body: { headline: 'Second version' } });
      assert.equal(second.status, 200, second.text);
      assert.equal(second.body.version, 2);
      const v2 = (await getArticle(id, tokens.editor)).body;

      const stale = await req('PATCH', url, { token: tokens.editor, headers: { 'if-match': '"1"' }, body: { headline: 'Lost update' } });
      assertProblem(stale, 412, 'VERSION_CONFLICT');
      assert.equal(stale.body.currentVersion, 2);
      assert.deepEqual((await getArticle(id, tokens.editor)).body, v2);

      const staleBody = await req('PATCH', url, { token: tokens.editor, body: { headline: 'Lost update', version: 1 } });
      assertProblem(staleBody, 412, 'VERSION_CONFLICT');
      assert.equal(staleBody.body.currentVersion, 2);
      assert.deepEqual((await getArticle(id, tokens.editor)).body, v2);

      const got = await getArticle(id, tokens.editor);
      const etag = String(got.headers.etag);
      assert.ok(etag.length > 2, 'GET sends an ETag');
      const third = await req('PATCH', url, { token: tokens.editor, headers: { 'if-match': etag }, body: { headline: 'Third version' } });
      assert.equal(third.status, 200, third.text);
      assert.equal(third.body.version, 3);
      assert.equal(third.body.headline, 'Third version');
      assert.notEqual(String(third.headers.etag), etag, 'the ETag changes with the article');

      const staleEtag = await req('PATCH', url, { token: tokens.editor, headers: { 'if-match': etag }, body: { headline: 'Lost update' } });
      assertProblem(staleEtag, 412, 'VERSION_CONFLICT');
      assert.equal(staleEtag.body.currentVersion, 3);

      const byBody = await req('PATCH', url, { token: tokens.editor, body: { headline: 'Fourth version', version: 3 } });
      assert.equal(byBody.status, 200, byBody.text);
      assert.equal(byBody.body.version, 4);
      const v4 = (await getArticle(id, tokens.editor)).body;

      assertProblem(await req('PATCH', url, { token: tokens.editor, headers: { 'if-match': 'not a version' }, body: { headline: 'x' } }), 400);
      assert.deepEqual((await getArticle(id, tokens.editor)).body, v4);

      const gqlStale = await gql(
        'mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: 2, input: $input) { version } }',
        { id, input: { headline: 'Lost over GraphQL' } },
        tokens.editor,
      );
      assertGqlError(gqlStale, 'VERSION_CONFLICT');
      assert.equal(gqlStale.body.errors[0].extensions.currentVersion, 4);
      assert.deepEqual((await getArticle(id, tokens.editor)).body, v4);

      const gqlOk = await gql(
        'mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: 4, input: $input) { version headline } }',
        { id, input: { headline: 'Fifth version' } },
        tokens.editor,
      );
      assert.equal(gqlOk.body.errors, undefined, gqlOk.text);
      assert.deepEqual(gqlOk.body.data.updateArticle, { version: 5, headline: 'Fifth version' });
    });

    it('a transition with a stale If-Match is 412 and leaves the article as it was', async () => {
      const created = await mkArticle();
      const id = created.body.id;
      const patched = await req('PATCH', `/api/v1/articles/${id}`, {
        token: tokens.editor,
        headers: { 'if-match': '"1"' },
        body: { lead: 'A lead.' },
      });
      assert.equal(patched.status, 200, patched.text);
      const before = (await getArticle(id, tokens.editor)).body;
      assertProblem(
        await req('POST', `/api/v1/articles/${id}/publish`, { token: tokens.editor, headers: { 'if-match': '"1"' } }),
        412,
        'VERSION_CONFLICT',
      );
      assert.deepEqual((await getArticle(id, tokens.editor)).body, before);
      assert.equal((await getArticle(id)).status, 404);
    });
  });

  describe('transitions', () => {
    it('publishing a published article or unpublishing a draft → 409 INVALID_TRANSITION, nothing changes', async () => {
      const pub = await mkArticle();
      const published = await req('POST', `/api/v1/articles/${pub.body.id}/publish`, { token: tokens.editor });
      assert.equal(published.status, 200, published.text);
      const before = (await getArticle(pub.body.id, tokens.editor)).body;
      assertProblem(await req('POST', `/api/v1/articles/${pub.body.id}/publish`, { token: tokens.editor }), 409, 'INVALID_TRANSITION');
      assertGqlError(await gql('mutation($id: ID!) { publishArticle(id: $id) { id } }', { id: pub.body.id }, tokens.editor), 'INVALID_TRANSITION');
      assertProblem(await req('POST', `/api/v1/articles/${pub.body.id}/submit`, { token: tokens.editor }), 409, 'INVALID_TRANSITION');
      assert.deepEqual((await getArticle(pub.body.id, tokens.editor)).body, before);

      const draft = await mkArticle();
      const draftBefore = (await getArticle(draft.body.id, tokens.editor)).body;
      assertProblem(await req('POST', `/api/v1/articles/${draft.body.id}/unpublish`, { token: tokens.editor }), 409, 'INVALID_TRANSITION');
      assertGqlError(
        await gql('mutation($id: ID!) { unpublishArticle(id: $id) { id } }', { id: draft.body.id }, tokens.editor),
        'INVALID_TRANSITION',
      );
      assert.deepEqual((await getArticle(draft.body.id, tokens.editor)).body, draftBefore);

      const archived = await req('POST', `/api/v1/articles/${draft.body.id}/archive`, { token: tokens.editor });
      assert.equal(archived.status, 200, archived.text);
      const archivedBefore = (await getArticle(draft.body.id, tokens.editor)).body;
      assertProblem(await req('POST', `/api/v1/articles/${draft.body.id}/archive`, { token: tokens.editor }), 409, 'INVALID_TRANSITION');
      assert.deepEqual((await getArticle(draft.body.id, tokens.editor)).body, archivedBefore);
    });

    it('publish with a past publishedAt (with offset) is fine and kept', async () => {
      const a = await mkArticle();
      const res = await req('POST', `/api/v1/articles/${a.body.id}/publish`, {
        token: tokens.editor,
        body: { publishedAt: '2024-03-01T09:30:00+03:00' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(new Date(res.body.publishedAt).toISOString(), '2024-03-01T06:30:00.000Z');
    });

    it('GraphQL publish with a future or offset-less publishedAt is refused', async () => {
      const a = await mkArticle();
      const before = (await getArticle(a.body.id, tokens.editor)).body;
      const query = 'mutation($id: ID!, $at: String) { publishArticle(id: $id, input: { publishedAt: $at }) { id } }';
      const fut = await gql(query, { id: a.body.id, at: future() }, tokens.editor);
      assertGqlError(fut, ['PUBLISHED_AT_IN_FUTURE', 'VALIDATION_FAILED', 'BAD_USER_INPUT']);
      const bare = await gql(query, { id: a.body.id, at: '2026-01-01T10:00:00' }, tokens.editor);
      assertGqlError(bare, ['VALIDATION_FAILED', 'BAD_USER_INPUT']);
      assert.deepEqual((await getArticle(a.body.id, tokens.editor)).body, before);
    });

    it('after unpublish the article is 404 to anonymous readers (REST and GraphQL) but 200 to an editor', async () => {
      const a = await mkArticle({ headline: 'Soon to vanish' });
      const { id, slug } = a.body;
      assert.equal((await req('POST', `/api/v1/articles/${id}/publish`, { token: tokens.editor })).status, 200);
      assert.equal((await getArticle(slug)).status, 200);
      const down = await req('POST', `/api/v1/articles/${id}/unpublish`, { token: tokens.editor });
      assert.equal(down.status, 200, down.text);
      assert.equal(down.body.status, 'draft');

      assertProblem(await getArticle(slug), 404, 'NOT_FOUND');
      assertProblem(await getArticle(id), 404, 'NOT_FOUND');
      const reader = await t.token('reader');
      assertProblem(await getArticle(slug, reader), 404, 'NOT_FOUND');
      const list = await req('GET', '/api/v1/articles?limit=100');
      assert.equal(
        (list.body.data as { id: string }[]).some((x) => x.id === id),
        false,
      );
      assertGqlError(await gql('query($slug: String!) { article(slug: $slug) { id } }', { slug }), 'NOT_FOUND');
      assertGqlError(await gql('query($id: ID!) { article(id: $id) { id } }', { id }), 'NOT_FOUND');

      const editorView = await getArticle(slug, tokens.editor);
      assert.equal(editorView.status, 200, editorView.text);
      assert.equal(editorView.body.status, 'draft');
      const gqlEditor = await gql('query($id: ID!) { article(id: $id) { id status } }', { id }, tokens.editor);
      assert.equal(gqlEditor.body.errors, undefined, gqlEditor.text);
      assert.equal(gqlEditor.body.data.article.status, 'draft');
    });
  });

  describe('deleting what is still in use', () => {
    it('a section that still has articles → 409 SECTION_IN_USE, both unchanged', async () => {
      const section = await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: 'Busy desk', slug: 'busy-desk' } });
      assert.equal(section.status, 201, section.text);
      const a = await mkArticle({ section: 'busy-desk' });
      const sectionBefore = (await req('GET', '/api/v1/sections/busy-desk')).body;
      const articleBefore = (await getArticle(a.body.id, tokens.editor)).body;
      assertProblem(await req('DELETE', `/api/v1/sections/${section.body.id}`, { token: tokens.editor }), 409, 'SECTION_IN_USE');
      assertGqlError(await gql('mutation($id: ID!) { deleteSection(id: $id) }', { id: section.body.id }, tokens.editor), 'SECTION_IN_USE');
      assert.deepEqual((await req('GET', '/api/v1/sections/busy-desk')).body, sectionBefore);
      assert.deepEqual((await getArticle(a.body.id, tokens.editor)).body, articleBefore);
    });

    it('a section with child sections → 409 SECTION_IN_USE', async () => {
      const parent = await req('POST', '/api/v1/sections', { token: tokens.editor, body: { name: 'Parent desk', slug: 'parent-desk' } });
      const child = await req('POST', '/api/v1/sections', {
        token: tokens.editor,
        body: { name: 'Child desk', slug: 'child-desk', parent: 'parent-desk' },
      });
      assert.equal(child.status, 201, child.text);
      assertProblem(await req('DELETE', `/api/v1/sections/${parent.body.id}`, { token: tokens.editor }), 409, 'SECTION_IN_USE');
      assert.equal((await req('GET', '/api/v1/sections/parent-desk')).status, 200);
      assert.equal((await req('GET', '/api/v1/sections/child-desk')).body.parentId, parent.body.id);
    });

    it('the media used as a main image → 409 MEDIA_IN_USE, media and article unchanged', async () => {
      const mediaId = await mkMedia();
      const a = await mkArticle({ mainImage: mediaId });
      const mediaBefore = (await req('GET', `/api/v1/media/${mediaId}`)).body;
      const articleBefore = (await getArticle(a.body.id, tokens.editor)).body;
      assertProblem(await req('DELETE', `/api/v1/media/${mediaId}`, { token: tokens.editor }), 409, 'MEDIA_IN_USE');
      assertGqlError(await gql('mutation($id: ID!) { deleteMedia(id: $id) }', { id: mediaId }, tokens.editor), 'MEDIA_IN_USE');
      assert.deepEqual((await req('GET', `/api/v1/media/${mediaId}`)).body, mediaBefore);
      assert.deepEqual((await getArticle(a.body.id, tokens.editor)).body, articleBefore);
      const file = await t.request('GET', `/api/v1/media/${mediaId}/file`);
      assert.equal(file.status, 200, 'the file is still there');

      const demo = (await getArticle(DEMO_SLUG)).body;
      assertProblem(await req('DELETE', `/api/v1/media/${demo.mainImage.id}`, { token: tokens.editor }), 409, 'MEDIA_IN_USE');
      assert.equal((await getArticle(DEMO_SLUG)).body.mainImage.id, demo.mainImage.id);
    });

    it('the media used in an article body → 409 MEDIA_IN_USE (the API says: "unless an article uses it")', async () => {
      const mediaId = await mkMedia();
      const a = await mkArticle({ body: [PARAGRAPH, { type: 'image', mediaId, caption: 'In the body' }] });
      const res = await req('DELETE', `/api/v1/media/${mediaId}`, { token: tokens.editor });
      assertProblem(res, 409, 'MEDIA_IN_USE');
      assert.equal((await req('GET', `/api/v1/media/${mediaId}`)).status, 200);
      assert.equal((await getArticle(a.body.id, tokens.editor)).body.body[1].mediaId, mediaId);
    });
  });

  describe('GraphQL bad input', () => {
    const create = 'mutation($input: CreateArticleInput!) { createArticle(input: $input) { id slug } }';

    it('an unknown input field → GRAPHQL_VALIDATION_FAILED or BAD_USER_INPUT, nothing created', async () => {
      const before = await counts();
      const inline = await gql('mutation { createSection(input: { name: "Inline", colour: "red" }) { id } }', {}, tokens.editor);
      assertGqlError(inline, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
      const viaVariables = await gql(create, { input: article({ colour: 'red' }) }, tokens.editor);
      assertGqlError(viaVariables, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
      const status = await gql(create, { input: article({ status: 'published' }) }, tokens.editor);
      assertGqlError(status, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
      const wrongType = await gql(create, { input: article({ headline: 5 }) }, tokens.editor);
      assertGqlError(wrongType, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
      const missing = await gql(create, { input: without('section') }, tokens.editor);
      assertGqlError(missing, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
      assert.deepEqual(await counts(), before);
    });

    it('a control character in a headline → VALIDATION_FAILED naming the field, nothing created', async () => {
      const before = await counts();
      for (const headline of ['Ring\u0007ring', 'Two\nlines']) {
        const res = await gql(create, { input: article({ headline }) }, tokens.editor);
        assertGqlError(res, 'VALIDATION_FAILED');
        assert.ok(
          (res.body.errors[0].extensions.errors as { field: string }[]).some((e) => e.field === 'headline'),
          `names headline: ${res.text}`,
        );
      }
      const update = await gql(
        'mutation($id: ID!, $v: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, expectedVersion: $v, input: $input) { id } }',
        { id: fx.articleId, v: 1, input: { headline: 'Ring\u0007ring' } },
        tokens.editor,
      );
      assertGqlError(update, 'VALIDATION_FAILED');
      const section = await gql(
        'mutation($input: CreateSectionInput!) { createSection(input: $input) { id } }',
        { input: { name: 'Two\nlines' } },
        tokens.editor,
      );
      assertGqlError(section, 'VALIDATION_FAILED');
      assert.deepEqual(await counts(), before);
    });

    it('body blocks, references and slugs are checked as in REST', async () => {
      const before = await counts();
      const quote = await gql(create, { input: article({ body: [PARAGRAPH, { type: 'quote' }] }) }, tokens.editor);
      assertGqlError(quote, 'VALIDATION_FAILED');
      assert.ok(
        (quote.body.errors[0].extensions.errors as { field: string }[]).some((e) => e.field === 'body[1].text'),
        quote.text,
      );
      const embed = await gql(create, { input: article({ body: [{ type: 'embed', url: 'javascript:alert(1)' }] }) }, tokens.editor);
      assertGqlError(embed, 'VALIDATION_FAILED');
      const unknownType = await gql(create, { input: article({ body: [{ type: 'marquee', text: 'x' }] }) }, tokens.editor);
      assertGqlError(unknownType, ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'VALIDATION_FAILED']);
      assertGqlError(await gql(create, { input: article({ section: 'no-such-section' }) }, tokens.editor), 'UNKNOWN_REFERENCE');
      assertGqlError(await gql(create, { input: article({ tags: ['no-such-tag'] }) }, tokens.editor), 'UNKNOWN_REFERENCE');
      assertGqlError(await gql(create, { input: article({ mainImage: UNKNOWN_ID }) }, tokens.editor), 'UNKNOWN_REFERENCE');
      assertGqlError(await gql(create, { input: article({ slug: 'Bad Slug' }) }, tokens.editor), 'VALIDATION_FAILED');
      assertGqlError(await gql(create, { input: article({ locale: 'english!' }) }, tokens.editor), 'VALIDATION_FAILED');
      assertGqlError(await gql(create, { input: article({ slug: 'bad-input-article' }) }, tokens.editor), 'SLUG_TAKEN');
      assert.deepEqual(await counts(), before);
    });
  });

  describe('every REST error is a problem', () => {
    it('an unknown route is a 404 problem', async () => {
      assertProblem(await req('GET', '/api/v1/no-such-thing'), 404);
      assertProblem(await req('POST', '/api/v1/no-such-thing', { token: tokens.editor, body: {} }), 404);
    });

    it('bad query parameters are a 400 problem', async () => {
      assertProblem(await req('GET', '/api/v1/articles?limit=1000'), 400);
      assertProblem(await req('GET', '/api/v1/articles?limit=abc'), 400);
      assertProblem(await req('GET', '/api/v1/articles?cursor=garbage'), 400);
      assertProblem(await req('GET', '/api/v1/articles?locale=english!'), 400);
      assertProblem(await req('GET', '/api/v1/articles?colour=red'), 400);
      assertProblem(await req('GET', '/api/v1/articles?status=draft'), 401);
    });
  });
});
