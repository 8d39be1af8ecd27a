import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { DataSource } from 'typeorm';
import { assertNoLeak, assertProblem } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type RequestOptions, type TestApp } from './support/test-app.js';

/**
 * IPTC ninjs: articles out as news items valid against IPTC's own schemas (3.1, and 2.2
 * on request), wire items in as draft articles (idempotent by uri + version), and IPTC's
 * conformance suite through the ingest endpoint.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const NINJS_DIR = new URL('../../assets/standards/ninjs/', import.meta.url).pathname;
const SUITE_VERSIONS = ['2.1', '2.2', '3.0', '3.1'];
const MEDIA_TOPIC = (code: string) => `http://cv.iptc.org/newscodes/mediatopic/${code}`;
const DIPLOMACY = MEDIA_TOPIC('20000639');
const POLITICS = MEDIA_TOPIC('11000000');
const INGEST = '/api/v1/ingest/ninjs?section=russia';

// An independent validator, as a partner would run it: IPTC's schemas with GeoJSON preloaded (never fetched).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(readJson(join(NINJS_DIR, 'GeoJSON-schema.json')));
const SCHEMA_31 = readJson(join(NINJS_DIR, 'ninjs-schema_3.1.json'));
const SCHEMA_22 = readJson(join(NINJS_DIR, 'ninjs-schema_2.2.json'));
const validate31 = ajv.compile(SCHEMA_31);
const validate22 = ajv.compile(SCHEMA_22);

function assertValid(validate: ValidateFunction, document: unknown, what: string): void {
  const ok = validate(document);
  assert.ok(ok, `${what} is not valid: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

/** IPTC's fixtures, per version and expectation. */
const suite = (version: string, kind: 'should_pass' | 'should_fail') => {
  const dir = join(NINJS_DIR, 'test_suite', version, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ name: `${version}/${kind}/${file}`, document: readJson(join(dir, file)) }));
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- ninjs documents of any shape; tests assert on them

/** Every property name in a document, at any depth. */
function keysOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((value) => keysOf(value, into));
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      into.add(key);
      keysOf(value, into);
    }
  return into;
}

describe(`IPTC ninjs (${DIALECT})`, () => {
  let t: TestApp;
  const tokens = {} as Record<'admin' | 'editor' | 'author' | 'reader', string>;
  let seq = 0;
  const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;

  const req = async (method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> => {
    const res = await t.request(method, url, options);
    assertNoLeak(res);
    assert.ok(res.status < 500, `${method} ${url} answered ${res.status}: ${res.text.slice(0, 600)}`);
    return res;
  };
  const ninjs = (idOrSlug: string, query = '', token?: string) => req('GET', `/api/v1/articles/${idOrSlug}/ninjs${query}`, { token });
  const ingest = (document: unknown, token = tokens.editor, url = INGEST) => req('POST', url, { token, body: document });
  const revisionCount = async (id: string): Promise<number> => {
    const res = await req('GET', `/api/v1/articles/${id}/revisions`, { token: tokens.editor });
    assert.equal(res.status, 200, res.text);
    return (res.body as unknown[]).length;
  };
  const articleRows = async (): Promise<number> => Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM articles'))[0].n);

  /** A ninjs 3.1 text item with everything ingest reads. */
  const item = (uri: string, version: string, extra: Json = {}): Json => ({
    standard: { name: 'ninjs', version: '3.1', schema: String(SCHEMA_31.$id) },
    uri,
    version,
    type: 'text',
    language: 'en',
    headlines: [{ role: 'main', value: `Talks resume in Geneva (v${version})` }],
    descriptions: [
      { role: 'caption', value: 'Not the lead: a caption.' },
      { role: 'summary', value: 'Delegations met for a second day.' },
    ],
    bodies: [
      { role: 'main', contentType: 'text/plain', value: 'The plain form.' },
      {
        role: 'main',
        contentType: 'text/html',
        value: '<p>Delegations &amp; observers met <b>again</b>.</p>\n<p>Talks go&nbsp;on&#8230;</p><script>alert(1)</script><h2>Next</h2>',
      },
    ],
    subjects: [{ name: 'diplomacy', uri: DIPLOMACY }, { uri: POLITICS }, { name: `Wire topic ${uri.slice(-6)}` }],
    people: [{ name: 'Jane Envoy' }],
    places: [{ name: 'Geneva' }],
    ...extra,
  });

  before(async () => {
    t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
    for (const role of ['admin', 'editor', 'author', 'reader'] as const) tokens[role] = await t.token(role);
  });
  after(async () => t.close());

  describe('out: GET /api/v1/articles/{idOrSlug}/ninjs', () => {
    it('the demo article is valid ninjs 3.1 and declares it', async () => {
      const res = await ninjs(DEMO_SLUG);
      assert.equal(res.status, 200, res.text);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assertValid(validate31, res.body, 'the 3.1 item');
      const doc = res.body as Json;
      const article = (await req('GET', `/api/v1/articles/${DEMO_SLUG}`)).body as Json;
      assert.deepEqual(doc.standard, { name: 'ninjs', version: '3.1', schema: SCHEMA_31.$id });
      assert.equal(doc.uri, `urn:newsroom:article:${article.id}`);
      assert.equal(doc.type, 'text');
      assert.equal(doc.version, String(article.version));
      assert.equal(doc.pubStatus, 'usable');
      assert.equal(doc.language, 'en');
      assert.equal(doc.firstCreated, article.createdAt);
      assert.equal(doc.versionCreated, article.updatedAt);
      assert.equal(doc.contentCreated, article.createdAt);
      assert.deepEqual(doc.headlines, [{ role: 'main', contentType: 'text/plain', value: article.headline }]);
      assert.deepEqual(
        doc.descriptions.map((d: Json) => d.value),
        [article.lead],
      );
      const bodies = Object.fromEntries(doc.bodies.map((b: Json) => [b.contentType, b.value]));
      assert.equal(bodies['text/html'], article.bodyHtml);
      assert.equal(bodies['text/plain'], article.bodyText);
      assert.equal(doc.located, 'Moscow');
      assert.match(doc.copyrightNotice, /^© \d{4} Sputnik International$/);
    });

    it('?version=2.2 is the same item as valid ninjs 2.2, in its lowercase form', async () => {
      const [v31, v22] = [(await ninjs(DEMO_SLUG)).body as Json, await ninjs(DEMO_SLUG, '?version=2.2')];
      assert.equal(v22.status, 200, v22.text);
      assertValid(validate22, v22.body, 'the 2.2 item');
      const doc = v22.body as Json;
      assert.deepEqual(doc.standard, { name: 'ninjs', version: '2.2', schema: SCHEMA_22.$id });
      assert.deepEqual(
        [...keysOf(doc)].filter((key) => key !== key.toLowerCase()),
        [],
        '2.2 spells every property in lowercase',
      );
      assert.equal(doc.uri, v31.uri);
      assert.equal(doc.versioncreated, v31.versionCreated);
      assert.equal(doc.pubstatus, 'usable');
      assert.equal(doc.headlines[0].value, v31.headlines[0].value);
      assert.equal(doc.associations[0].renditions[0].contenttype, 'image/jpeg');
      assert.equal(validate31(doc), false, 'a 2.2 item is not a 3.1 one');
    });

    it('tags: Media Topics as subjects (by label, or the tag’s own URI), people, organisations and places by kind', async () => {
      let doc = (await ninjs(DEMO_SLUG)).body as Json;
      assert.deepEqual(doc.subjects, [{ name: 'Diplomacy', uri: DIPLOMACY }], '"Diplomacy" is IPTC’s "diplomacy" by its label');
      assert.deepEqual(doc.people, [{ name: 'Vladimir Putin', literal: 'vladimir-putin' }]);
      assert.deepEqual(doc.organisations, [{ name: 'UN Security Council', literal: 'un-security-council' }]);
      assert.deepEqual(doc.places, [{ name: 'Moscow', literal: 'moscow' }]);

      // A tag's own Media Topic wins over the label match; a place can be a subject too.
      const tags = (await req('GET', '/api/v1/tags')).body as Json;
      const list = (Array.isArray(tags) ? tags : tags.data) as Json[];
      const byslug = (slug: string) => list.find((tag) => tag.slug === slug)!;
      for (const [slug, uri] of [
        ['diplomacy', POLITICS],
        ['moscow', MEDIA_TOPIC('20000638')],
      ]) {
        const res = await req('PATCH', `/api/v1/tags/${byslug(slug).id}`, { token: tokens.editor, body: { mediaTopicUri: uri } });
        assert.equal(res.status, 200, res.text);
      }
      doc = (await ninjs(DEMO_SLUG)).body as Json;
      assertValid(validate31, doc, 'the 3.1 item with Media Topics');
      assert.deepEqual(doc.subjects, [
        { name: 'Diplomacy', uri: POLITICS },
        { name: 'Moscow', uri: MEDIA_TOPIC('20000638') },
      ]);
      assert.deepEqual(doc.places, [{ name: 'Moscow', literal: 'moscow' }]);
      assertValid(validate22, (await ninjs(DEMO_SLUG, '?version=2.2')).body, 'the 2.2 item with Media Topics');
      for (const slug of ['diplomacy', 'moscow']) {
        const res = await req('PATCH', `/api/v1/tags/${byslug(slug).id}`, { token: tokens.editor, body: { mediaTopicUri: null } });
        assert.equal(res.status, 200, res.text);
      }
    });

    it('the main photo is an associated picture: its file as a rendition, with credit and copyright', async () => {
      const article = (await req('GET', `/api/v1/articles/${DEMO_SLUG}`)).body as Json;
      const image = article.mainImage as Json;
      const doc = (await ninjs(DEMO_SLUG)).body as Json;
      assert.equal(doc.associations.length, 1);
      const picture = doc.associations[0] as Json;
      assert.equal(picture.type, 'picture');
      assert.equal(picture.uri, `urn:newsroom:media:${image.id}`);
      assert.equal(picture.name, 'mainpicture');
      assert.equal(picture.by, 'Mikhail Klementiev');
      assert.equal(picture.copyrightNotice, '© RIA Novosti');
      assert.deepEqual(picture.infoSources, [{ name: 'RIA Novosti', role: 'source' }]);
      const roles = Object.fromEntries(picture.descriptions.map((d: Json) => [d.role, d.value]));
      assert.equal(roles.creditline, '© RIA Novosti . Mikhail Klementiev');
      assert.equal(roles.caption, image.caption);
      assert.deepEqual(picture.rightsInfo, { linkedRights: image.mediabankUrl });
      assert.deepEqual(picture.renditions, [
        { name: 'original', href: image.url, contentType: 'image/jpeg', width: image.width, height: image.height, sizeInBytes: image.size },
      ]);
      const file = await req('GET', new URL(image.url).pathname);
      assert.equal(file.status, 200, 'the rendition is served');

      const v22 = (await ninjs(DEMO_SLUG, '?version=2.2')).body as Json;
      assert.equal(v22.associations[0].by, 'Mikhail Klementiev');
      assert.equal(v22.associations[0].copyrightnotice, '© RIA Novosti');
      assert.equal(v22.associations[0].rel, undefined, '2.2 associations have no rel');
    });

    it('?version= other than 3.1 or 2.2 is a 400 naming version', async () => {
      for (const version of ['9', '3.0', '2.1', '', 'latest']) {
        const p = assertProblem(await ninjs(DEMO_SLUG, `?version=${version}`), 400, 'VALIDATION_FAILED');
        assert.ok(
          p.errors?.some((e) => e.field === 'version'),
          JSON.stringify(p),
        );
      }
    });

    it('has the visibility of the article: a draft is a 404 to readers, staff see it withheld', async () => {
      const created = await req('POST', '/api/v1/articles', {
        token: tokens.author,
        body: { headline: 'Not out yet', section: 'russia', body: [{ type: 'paragraph', text: 'Draft text.' }] },
      });
      assert.equal(created.status, 201, created.text);
      const { id, slug } = created.body as Json;
      for (const key of [id, slug]) {
        assertProblem(await ninjs(key), 404, 'NOT_FOUND');
        assertProblem(await ninjs(key, '', tokens.reader), 404, 'NOT_FOUND');
      }
      for (const token of [tokens.author, tokens.editor]) {
        const res = await ninjs(id, '', token);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.pubStatus, 'withheld');
        assertValid(validate31, res.body, 'a draft’s item');
      }
      assertProblem(await ninjs('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      assertProblem(await ninjs('Not_A_Slug'), 400);
      assertProblem(await t.request('GET', `/api/v1/articles/${DEMO_SLUG}/ninjs`, { headers: { authorization: 'Bearer forged' } }), 401);
    });
  });

  describe('in: POST /api/v1/ingest/ninjs', () => {
    it('is for editors: anonymous 401, reader and author 403, and a refused call writes nothing', async () => {
      const before = await articleRows();
      assertProblem(await ingest(item(uniq('urn:roles'), '1'), ''), 401);
      assertProblem(await ingest(item(uniq('urn:roles'), '1'), tokens.reader), 403, 'FORBIDDEN');
      assertProblem(await ingest(item(uniq('urn:roles'), '1'), tokens.author), 403, 'FORBIDDEN');
      assert.equal(await articleRows(), before);
      assert.equal((await ingest(item(uniq('urn:roles'), '1'), tokens.admin)).status, 201);
    });

    it('needs ?section= (a slug of a section in the item’s language)', async () => {
      const p = assertProblem(await ingest(item(uniq('urn:sec'), '1'), tokens.editor, '/api/v1/ingest/ninjs'), 400, 'VALIDATION_FAILED');
      assert.ok(p.errors?.some((e) => e.field === 'section'));
      assertProblem(await ingest(item(uniq('urn:sec'), '1'), tokens.editor, '/api/v1/ingest/ninjs?section=nowhere'), 400, 'UNKNOWN_REFERENCE');
      assertProblem(await ingest(item(uniq('urn:sec'), '1', { language: 'de' })), 400, 'UNKNOWN_REFERENCE');
      // A regional tag files the story under its language's section: en-GB → en.
      const res = await ingest(item(uniq('urn:sec'), '1', { language: 'en-GB' }));
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.locale, 'en');
    });

    it('makes a draft article: headline, lead, body paragraphs from HTML, locale, section, tags with Media Topics', async () => {
      const uri = uniq('urn:agency.example:story');
      const res = await ingest(item(uri, '1'));
      assert.equal(res.status, 201, res.text);
      const article = res.body as Json;
      assert.equal(article.status, 'draft');
      assert.equal(article.version, 1);
      assert.equal(article.headline, 'Talks resume in Geneva (v1)');
      assert.equal(article.lead, 'Delegations met for a second day.');
      assert.deepEqual(article.body, [
        { type: 'paragraph', text: 'Delegations & observers met again.' },
        { type: 'paragraph', text: 'Talks go on…' },
        { type: 'paragraph', text: 'Next' },
      ]);
      assert.equal(article.locale, 'en');
      assert.equal(article.section.slug, 'russia');
      assert.ok(article.jsonLd, 'the full article shape, JSON-LD included');
      assert.ok(res.headers.etag, 'with its ETag, as GET answers');
      const tags = Object.fromEntries((article.tags as Json[]).map((tag) => [tag.name, tag]));
      assert.equal(tags.Diplomacy?.slug, 'diplomacy', 'an existing tag is found by slug, not made again');
      assert.equal(tags.politics?.mediaTopicUri, POLITICS, 'a new tag keeps its Media Topic URI (named by IPTC’s label)');
      assert.equal(tags[`Wire topic ${uri.slice(-6)}`]?.kind, 'topic');
      assert.equal(tags['Jane Envoy']?.kind, 'person');
      assert.equal(tags.Geneva?.kind, 'place');

      // What came in goes out again as valid ninjs, to staff (it is a draft).
      const out = await ninjs(article.id, '', tokens.editor);
      assertValid(validate31, out.body, 'the ingested article’s item');
      assert.equal(out.body.pubStatus, 'withheld');
      assert.deepEqual(
        (out.body.subjects as Json[]).filter((s) => s.uri).map((s) => s.uri),
        [DIPLOMACY, POLITICS],
      );
    });

    it('is idempotent on uri + version: a repeat changes nothing, a new version updates the same article', async () => {
      const uri = uniq('urn:agency.example:idem');
      const first = await ingest(item(uri, '1'));
      assert.equal(first.status, 201, first.text);
      const id = first.body.id as string;
      const rows = await articleRows();

      const repeat = await ingest(item(uri, '1', { headlines: [{ value: 'A repeat never changes anything' }] }));
      assert.equal(repeat.status, 200, repeat.text);
      assert.equal(repeat.body.id, id);
      assert.equal(repeat.body.version, 1);
      assert.equal(repeat.body.headline, 'Talks resume in Geneva (v1)');
      assert.equal(await revisionCount(id), 1, 'no new revision');
      assert.equal(await articleRows(), rows);

      const second = await ingest(item(uri, '2', { descriptions: [], people: [] }));
      assert.equal(second.status, 200, second.text);
      assert.equal(second.body.id, id);
      assert.equal(second.body.version, 2);
      assert.equal(second.body.status, 'draft');
      assert.equal(second.body.headline, 'Talks resume in Geneva (v2)');
      assert.equal(second.body.lead, null, 'the new version has no lead');
      assert.ok(!(second.body.tags as Json[]).some((tag) => tag.name === 'Jane Envoy'), 'tags are the new version’s');
      assert.equal(await revisionCount(id), 2, 'one new revision');
      const revisions = (await req('GET', `/api/v1/articles/${id}/revisions`, { token: tokens.editor })).body as Json[];
      assert.ok(
        revisions.some((r) => String(r.note).includes(`${uri} version 2`)),
        JSON.stringify(revisions.map((r) => r.note)),
      );
      assert.equal(await articleRows(), rows);

      assert.equal((await ingest(item(uri, '2'))).body.version, 2, 'version 2 again: unchanged');
      const stale = assertProblem(await ingest(item(uri, '1')), 409, 'NINJS_STALE_VERSION');
      assert.match(stale.detail, /older/);
      assert.equal(await revisionCount(id), 2);
    });

    it('updates a published article too, which stays published', async () => {
      const uri = uniq('urn:agency.example:live');
      const { id } = (await ingest(item(uri, '1'))).body as Json;
      const published = await req('POST', `/api/v1/articles/${id}/publish`, { token: tokens.editor });
      assert.equal(published.status, 200, published.text);
      const res = await ingest(item(uri, '2'));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'published');
      assert.equal(res.body.version, published.body.version + 1);
      const pub = await req('GET', `/api/v1/articles/${id}`);
      assert.equal(pub.status, 200);
      assert.equal(pub.body.headline, 'Talks resume in Geneva (v2)');
      assert.equal((await ninjs(id)).body.pubStatus, 'usable');
    });

    it('reads ninjs 2.x (lowercase names): text bodies become paragraphs at blank lines', async () => {
      const uri = uniq('urn:agency.example:v2');
      const res = await ingest({
        uri,
        version: '7',
        versioncreated: '2026-01-02T03:04:05Z',
        language: 'en',
        headlines: [{ role: 'main', value: 'Old wire, old keys' }],
        descriptions: [{ role: 'summary', contenttype: 'text/plain', value: 'A 2.x item.' }],
        bodies: [{ contenttype: 'text/plain', value: 'First paragraph,\nhard-wrapped.\n\n  Second paragraph.  \n\n\n\nThird.' }],
        subjects: [{ name: 'Diplomacy', uri: DIPLOMACY }],
        embargoed: '2030-01-01T00:00:00+01:00',
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.headline, 'Old wire, old keys');
      assert.equal(res.body.lead, 'A 2.x item.');
      assert.deepEqual(
        (res.body.body as Json[]).map((b) => b.text),
        ['First paragraph, hard-wrapped.', 'Second paragraph.', 'Third.'],
      );
      assert.equal(res.body.embargoUntil, '2029-12-31T23:00:00.000Z');
      // 2.x declared by standard, without 2.x-only names, is checked against 2.2: a 3.x name is not in it.
      const declared = { standard: { name: 'ninjs', version: '2.2' }, uri: uniq('urn:v2'), headlines: [{ value: 'x' }] };
      assert.equal((await ingest(declared)).status, 201);
      const mixed = assertProblem(await ingest({ ...declared, versionCreated: '2026-01-02T03:04:05Z' }), 422, 'NINJS_INVALID');
      assert.ok(mixed.errors?.some((e) => e.field === '/versionCreated'));
      assertProblem(await ingest({ standard: { version: '1.5' }, uri: uniq('urn:v1'), headlines: [{ value: 'x' }] }), 422, 'NINJS_INVALID');
    });

    it('invalid ninjs is a 422 NINJS_INVALID with each schema error at its JSON pointer, and writes nothing', async () => {
      const before = await articleRows();
      const p = assertProblem(
        await ingest({ uri: 'urn:bad', random: 'x', urgency: 12, headlines: [{ value: 3 }], associations: [{ uri: 'urn:a' }] }),
        422,
        'NINJS_INVALID',
      );
      const fields = (p.errors ?? []).map((e) => e.field);
      for (const field of ['/random', '/urgency', '/headlines/0/value', '/associations/0/name'])
        assert.ok(fields.includes(field), `${field} in ${fields}`);
      for (const e of p.errors ?? []) assert.equal(typeof e.message, 'string');
      assertProblem(await ingest({ headlines: [{ value: 'no uri' }] }), 422, 'NINJS_INVALID');
      assertProblem(await ingest([{ uri: 'urn:array' }]), 422, 'NINJS_INVALID');
      assertProblem(await ingest('just a string'), 422, 'NINJS_INVALID');
      assert.equal(await articleRows(), before);
    });

    it('valid ninjs with no story in it is a 422 NINJS_NOT_AN_ARTICLE', async () => {
      assertProblem(await ingest({ uri: uniq('urn:empty') }), 422, 'NINJS_NOT_AN_ARTICLE');
      const long = assertProblem(await ingest(item(uniq('urn:long'), '1', { headlines: [{ value: 'x'.repeat(301) }] })), 422, 'NINJS_NOT_AN_ARTICLE');
      assert.deepEqual(
        long.errors?.map((e) => e.field),
        ['/headlines/0/value'],
      );
      assertProblem(await ingest(item(uniq('urn:lang'), '1', { language: '12' })), 422, 'NINJS_NOT_AN_ARTICLE');
      // Bodies without a headline: the title stands in.
      const titled = await ingest({ uri: uniq('urn:title'), title: 'A title', bodies: [{ value: 'Text.' }] });
      assert.equal(titled.status, 201, titled.text);
      assert.equal(titled.body.headline, 'A title');
    });

    it('the same new item sent twice at once makes one article', async () => {
      const uri = uniq('urn:agency.example:race');
      const rows = await articleRows();
      const answers = await Promise.all([ingest(item(uri, '1')), ingest(item(uri, '1')), ingest(item(uri, '1'))]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 201], answers.map((a) => a.text.slice(0, 200)).join('\n'));
      assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
      assert.equal(await articleRows(), rows + 1);
    });

    it('two instances on one database make one article of an item sent to both at once', async () => {
      const other = await startTestApp({ shareDatabaseWith: t, env: { SCHEDULER_INTERVAL_MS: '0' } });
      try {
        for (let round = 0; round < 3; round += 1) {
          const uri = uniq('urn:agency.example:two-instances');
          const rows = await articleRows();
          const answers = await Promise.all([ingest(item(uri, '1')), other.request('POST', INGEST, { token: tokens.editor, body: item(uri, '1') })]);
          assert.deepEqual(answers.map((a) => a.status).sort(), [200, 201], answers.map((a) => a.text.slice(0, 300)).join('\n'));
          assert.equal(answers[0].body.id, answers[1].body.id);
          assert.equal(await articleRows(), rows + 1);
        }
      } finally {
        await other.close();
      }
    });

    describe('IPTC’s conformance suite (assets/standards/ninjs/test_suite)', () => {
      const notAnArticle: string[] = [];
      for (const version of SUITE_VERSIONS) {
        for (const { name, document } of suite(version, 'should_pass')) {
          // The only thing an article needs that the schema does not: a story (headlines, or bodies with a title).
          const hasStory =
            (Array.isArray(document.headlines) && document.headlines.length > 0) ||
            (Array.isArray(document.bodies) && document.bodies.length > 0 && typeof document.title === 'string');
          it(`${name} is accepted${hasStory ? '' : ' as valid ninjs, though not an article'}`, async () => {
            const res = await ingest(document);
            if (hasStory) assert.ok([200, 201].includes(res.status), `${name}: ${res.status} ${res.text.slice(0, 600)}`);
            else {
              assertProblem(res, 422, 'NINJS_NOT_AN_ARTICLE');
              notAnArticle.push(name);
            }
          });
        }
        for (const { name, document } of suite(version, 'should_fail')) {
          it(`${name} is refused as invalid`, async () => {
            assertProblem(await ingest(document), 422, 'NINJS_INVALID');
          });
        }
      }
      after(() => {
        process.stdout.write(`# ${notAnArticle.length} valid fixtures are not articles (no story): ${notAnArticle.join(', ')}\n`);
      });
    });
  });
});
