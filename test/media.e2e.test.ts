import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { projectRoot } from '../src/common/util/project-root.js';
import { MediaEntity } from '../src/media/media.entity.js';
import { assertGqlError, assertNoLeak, assertProblem } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * The media library end to end, with real files: the sample news photo (IPTC/XMP/EXIF
 * credits), a PNG without metadata, a JPEG with GPS and camera EXIF, a text file named
 * .jpg, a file over the size limit, pixel bombs, a PDF and an MP4 with a recording place.
 * Renditions are decoded with sharp; privacy is checked with exifr (the reader the
 * ingest itself uses).
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const FIXTURES = join(projectRoot(), 'test', 'fixtures');
const SAMPLE = readFileSync(join(FIXTURES, 'diplomats-meeting.jpg'));
const NO_METADATA_PNG = readFileSync(join(FIXTURES, 'no-metadata.png'));
/** 20000×20000 one-bit PNG, all black: 400 megapixels in 48 KB. */
const PIXEL_BOMB = readFileSync(join(FIXTURES, 'pixel-bomb-20000x20000.png'));
const UNKNOWN_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const IMMUTABLE = 'public, max-age=31536000, immutable';
// A rendition asked for without the version the renditions list gives (`v`, the focal point) may change: kept briefly.
const CHANGEABLE = 'public, max-age=0, s-maxage=300, stale-while-revalidate=600';
const isUnversionedRendition = (url: string) => /[?&](width|format|aspect)=/.test(url) && !/[?&]v=/.test(url);
const MEDIA_ENV = {
  SCHEDULER_INTERVAL_MS: '0',
  MEDIA_MAX_BYTES: String(25 * 1024 * 1024),
  MEDIA_MAX_PIXELS: '50000000',
  MEDIA_KEEP_ORIGINALS: 'false',
  MEDIA_CREDIT_TEMPLATE: '{copyrightNotice} . {creator}',
};
/** What the sample photo says about itself. */
const SAMPLE_METADATA = {
  creator: 'Mikhail Klementiev',
  credit: 'RIA Novosti',
  source: 'RIA Novosti',
  copyrightNotice: '© RIA Novosti',
  caption: "Russian President Vladimir Putin at a gathering of Russia's top diplomats and foreign representatives",
  headline: 'Putin meets Russian ambassadors',
  keywords: ['diplomacy', 'Vladimir Putin'],
  city: 'Moscow',
  country: 'Russia',
  dateCreated: '2016-06-30T08:00:00.000Z',
  width: 1600,
  height: 900,
  creditLine: '© RIA Novosti . Mikhail Klementiev',
};
const GPS_EXIF = {
  IFD0: { Make: 'Canon', Model: 'Canon EOS R5 Secret Body' },
  IFD2: { BodySerialNumber: '0123456789', LensSerialNumber: '9876543210' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 0/1' },
};
const CAMERA_STRINGS = ['Canon EOS R5 Secret Body', '0123456789', '9876543210'];
const PRIVATE_TAGS = [
  'Make',
  'Model',
  'SerialNumber',
  'BodySerialNumber',
  'LensSerialNumber',
  'GPSLatitude',
  'GPSLongitude',
  'latitude',
  'longitude',
];
const MP4_LOCATION = '+55.7500+037.6167/';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------------------
// Multipart, built by hand

type Part = { name: string; value: string } | { name: string; data: Buffer; filename?: string; type?: string };

function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----media-e2e-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('data' in part) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename ?? 'upload.bin'}"\r\n` +
            `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.data,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n`), Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const file = (data: Buffer, type: string, filename = 'upload'): Part => ({ name: 'file', data, type, filename });

// ---------------------------------------------------------------------------
// Files made for the tests

/** The sample photo with a JPEG comment in front: other bytes, the same pictures and metadata. */
function sampleCopy(label: string): Buffer {
  const text = Buffer.from(`media-e2e ${label} ${randomBytes(6).toString('hex')}`, 'latin1');
  const com = Buffer.alloc(4);
  com.writeUInt16BE(0xfffe, 0);
  com.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([SAMPLE.subarray(0, 2), com, text, SAMPLE.subarray(2)]);
}

let colourSeq = 0;
/** A PNG of a colour no other test uses (so never a duplicate). */
async function uniquePng(width = 48, height = 32): Promise<Buffer> {
  colourSeq += 1;
  const n = (process.pid * 7919 + colourSeq * 104729 + Date.now()) % 0xffffff;
  return sharp({ create: { width, height, channels: 3, background: { r: n >> 16, g: (n >> 8) & 0xff, b: n & 0xff } } })
    .png()
    .toBuffer();
}

/** A JPEG carrying a GPS position and camera make, model and serial numbers (EXIF), and a GPS position in XMP. */
async function gpsJpeg(width = 1024, height = 768): Promise<Buffer> {
  const xmp =
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ' +
    'exif:GPSLatitude="55,45.0N" exif:GPSLongitude="37,37.0E" photoshop:City="Moscow"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
  colourSeq += 1;
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: (colourSeq * 37) % 256, b: Date.now() % 256 } } })
    .withExif(GPS_EXIF)
    .withXmp(xmp)
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Fills the IHDR of a PNG with other dimensions (and a correct CRC): a small file whose header claims a huge picture. */
function withPngHeaderSize(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  assert.equal(out.subarray(12, 16).toString('latin1'), 'IHDR');
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

/** Rewrites the frame header (SOF0/SOF2) of a JPEG with other dimensions. */
function withJpegHeaderSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  let position = 2;
  while (position < out.length) {
    const marker = out[position + 1];
    if (marker === 0xc0 || marker === 0xc2) {
      out.writeUInt16BE(height, position + 5);
      out.writeUInt16BE(width, position + 7);
      return out;
    }
    position += 2 + out.readUInt16BE(position + 2);
  }
  throw new Error('no SOF segment');
}

/** An ISO BMFF box. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const fullBox = (type: string, ...payload: Buffer[]) => box(type, Buffer.alloc(4), ...payload);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};
const FTYP = box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2mp41', 'latin1'));
const mdat = () => box('mdat', randomBytes(64));

/** ftyp + moov/udta/©xyz (the QuickTime recording place, as phones write it) + mdat. */
function mp4WithXyz(): Buffer {
  const text = Buffer.from(MP4_LOCATION, 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt16BE(text.length, 0);
  head.writeUInt16BE(0x15c7, 2); // language
  return Buffer.concat([FTYP, box('moov', box('udta', box('\u00a9xyz', head, text))), mdat()]);
}

/** ftyp + moov/meta (mdta handler, keys + ilst) naming com.apple.quicktime.location.ISO6709 + mdat. */
function mp4WithAppleLocationKey(): Buffer {
  const key = Buffer.from('com.apple.quicktime.location.ISO6709', 'latin1');
  const keys = fullBox('keys', u32(1), u32(key.length + 8), Buffer.from('mdta', 'latin1'), key);
  const hdlr = fullBox('hdlr', u32(0), Buffer.from('mdta', 'latin1'), Buffer.alloc(12), Buffer.from([0]));
  const value = box('data', u32(1), u32(0), Buffer.from(`${MP4_LOCATION.slice(0, -1)}+000.000/`, 'latin1'));
  const ilst = box('ilst', Buffer.concat([u32(8 + value.length), u32(1), value]));
  return Buffer.concat([FTYP, box('moov', fullBox('meta', hdlr, keys, ilst)), mdat()]);
}

function tinyPdf(label: string): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
      `% ${label}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

// ---------------------------------------------------------------------------
// Reading what is served

interface Served {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  body: Buffer;
}

/** A path below the app for an absolute URL the API handed out. */
const pathOf = (url: string) => {
  const u = new URL(url, 'http://cms.test');
  return `${u.pathname}${u.search}`;
};

/** exifr's view of a file: no GPS, no camera make/model/serial (WebP, which exifr cannot read, is checked chunk by chunk). */
async function assertNoPrivateMetadata(bytes: Buffer, what: string): Promise<void> {
  for (const s of CAMERA_STRINGS) assert.ok(!bytes.includes(Buffer.from(s, 'latin1')), `${what} still carries "${s}"`);
  assert.ok(!bytes.includes(Buffer.from('GPSLatitude', 'latin1')), `${what} still carries XMP GPS`);
  const type = await fileTypeFromBuffer(bytes);
  if (type?.mime === 'image/webp') {
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.exif, undefined, `${what}: EXIF chunk left in the WebP`);
    assert.equal(meta.xmp, undefined, `${what}: XMP chunk left in the WebP`);
    return;
  }
  assert.equal(await exifr.gps(bytes), undefined, `${what}: exifr still finds a GPS position`);
  const tags = ((await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: true, iptc: true, ifd1: true })) ?? {}) as Record<
    string,
    unknown
  >;
  for (const tag of PRIVATE_TAGS) assert.equal(tags[tag], undefined, `${what}: exifr still reads ${tag} = ${String(tags[tag])}`);
}

/** The colour in the middle of a decoded picture. */
async function centrePixel(bytes: Buffer): Promise<{ r: number; g: number; b: number }> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return { r: data[at], g: data[at + 1], b: data[at + 2] };
}
const isRed = (p: { r: number; g: number; b: number }) => p.r > 200 && p.g < 70 && p.b < 70;
const isWhite = (p: { r: number; g: number; b: number }) => p.r > 220 && p.g > 220 && p.b > 220;

// ---------------------------------------------------------------------------

/** What every app in this file shares: uploading, reading files back, counting rows. */
function harness(getApp: () => TestApp) {
  const upload = async (parts: Part[], token?: string): Promise<HttpResponse> => {
    const { body, contentType } = multipart(parts);
    const res = await getApp().request('POST', '/api/v1/media', { token, headers: { 'content-type': contentType }, rawBody: body });
    assertNoLeak(res);
    assert.ok(res.status < 500, `upload answered ${res.status}: ${res.text.slice(0, 600)}`);
    return res;
  };
  const created = async (parts: Part[], token: string): Promise<HttpResponse> => {
    const res = await upload(parts, token);
    assert.equal(res.status, 201, res.text.slice(0, 600));
    assert.equal(res.headers.location, `http://cms.test/api/v1/media/${res.body.id}`);
    return res;
  };
  const served = async (url: string, headers: Record<string, string> = {}): Promise<Served> => {
    const res = await getApp().app.inject({ method: 'GET', url: pathOf(url), headers });
    return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
  };
  const servedOk = async (url: string): Promise<Served> => {
    const res = await served(url);
    assert.equal(res.status, 200, `${url}: ${res.status} ${res.body.toString('utf8').slice(0, 400)}`);
    assert.equal(res.headers['cache-control'], isUnversionedRendition(url) ? CHANGEABLE : IMMUTABLE);
    assert.equal(Number(res.headers['content-length']), res.body.length);
    return res;
  };
  const mediaRows = (where: Partial<Pick<MediaEntity, 'sha256'>> = {}) => getApp().app.get(DataSource).getRepository(MediaEntity).countBy(where);
  const tmpFiles = () => {
    const dir = join(getApp().database.dataDir, 'tmp');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  return { upload, created, served, servedOk, mediaRows, tmpFiles };
}

function assertSampleMetadata(body: Record<string, unknown>): void {
  for (const [field, expected] of Object.entries(SAMPLE_METADATA))
    assert.deepEqual(body[field], expected, `${field}: ${JSON.stringify(body[field])}`);
  assert.equal(body.kind, 'image');
  assert.equal(body.mimeType, 'image/jpeg');
}

describe(`media library (${DIALECT})`, () => {
  describe('with the demo content', () => {
    let t: TestApp;
    const h = harness(() => t);
    const tokens = {} as Record<'admin' | 'editor' | 'author' | 'reader', string>;
    const made = {} as Record<string, { id: string; body: Record<string, unknown> }>;

    before(async () => {
      t = await startTestApp({ env: MEDIA_ENV });
      for (const role of ['admin', 'editor', 'author', 'reader'] as const) tokens[role] = await t.token(role);
    });
    after(async () => {
      await t?.close();
    });

    describe('upload', () => {
      it('the demo registered the sample photo: the same bytes again answer 200 with that record, credits read field by field', async () => {
        const demo = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
        assert.equal(demo.status, 200, demo.text);
        const demoImageId = demo.body.mainImage.id as string;
        const before = await h.mediaRows();

        const res = await h.upload([file(SAMPLE, 'image/jpeg', 'diplomats-meeting.jpg')], tokens.author);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.id, demoImageId);
        assert.equal(res.headers.location, `http://cms.test/api/v1/media/${demoImageId}`);
        assert.equal(res.body.sha256, sha256(SAMPLE));
        assert.equal(res.body.size, SAMPLE.length);
        assertSampleMetadata(res.body);
        assert.equal(await h.mediaRows(), before, 'a duplicate made a row');

        const got = await t.request('GET', `/api/v1/media/${demoImageId}`);
        assert.equal(got.status, 200);
        assertSampleMetadata(got.body);
        assert.equal(got.body.url, `http://cms.test/api/v1/media/${demoImageId}/file`);
      });

      it('a first-time upload of the sample (a copy whose bytes differ) is 201 and reads every credit from the file', async () => {
        const copy = sampleCopy('first-time');
        const res = await h.created([file(copy, 'image/jpeg', 'copy.jpg')], tokens.author);
        assertSampleMetadata(res.body);
        assert.equal(res.body.sha256, sha256(copy));
        assert.equal(res.body.altText, null);
        assert.equal(res.body.mediabankUrl, null);
        assert.equal(res.body.focalPoint, null);
        const got = await t.request('GET', `/api/v1/media/${res.body.id}`);
        assert.deepEqual(got.body, res.body);
        // The served copy keeps the public IPTC credits.
        const bytes = (await h.servedOk(res.body.url)).body;
        const iptc = ((await exifr.parse(bytes, { iptc: true, tiff: false })) ?? {}) as Record<string, unknown>;
        assert.equal(iptc.Byline, 'Mikhail Klementiev');
        assert.equal(iptc.Credit, 'RIA Novosti');
        made.sampleCopy = { id: res.body.id, body: res.body };
      });

      it('a PNG without metadata: every credit is null, keywords empty, dimensions read', async () => {
        const res = await h.created([file(NO_METADATA_PNG, 'image/png', 'no-metadata.png')], tokens.author);
        const b = res.body;
        assert.equal(b.kind, 'image');
        assert.equal(b.mimeType, 'image/png');
        assert.equal(b.width, 640);
        assert.equal(b.height, 480);
        assert.equal(b.size, NO_METADATA_PNG.length);
        for (const field of [
          'caption',
          'altText',
          'creator',
          'source',
          'credit',
          'copyrightNotice',
          'creditLine',
          'headline',
          'city',
          'country',
          'dateCreated',
        ])
          assert.equal(b[field], null, `${field}: ${JSON.stringify(b[field])}`);
        assert.deepEqual(b.keywords, []);
        assert.deepEqual(
          (b.renditions as { width: number; format: string }[]).map((r) => `${r.format}:${r.width}`),
          ['webp:160', 'webp:320', 'webp:480', 'webp:640', 'jpeg:160', 'jpeg:320', 'jpeg:480', 'jpeg:640'],
        );
        const bytes = (await h.servedOk(b.url)).body;
        assert.equal(bytes.length > 0, true);
        const [a, c] = await Promise.all([sharp(NO_METADATA_PNG).raw().toBuffer(), sharp(bytes).raw().toBuffer()]);
        assert.ok(a.equals(c), 'the served PNG does not decode to the uploaded pixels');
      });

      it('a JPEG with GPS and camera EXIF: the file route and every rendition serve none of it (exifr)', async () => {
        const jpeg = await gpsJpeg();
        // The test file does carry what must go.
        assert.deepEqual(await exifr.gps(jpeg), { latitude: 55.75, longitude: 37.61666666666667 });
        const raw = (await exifr.parse(jpeg, { tiff: true, exif: true })) as Record<string, unknown>;
        assert.equal(raw.Make, 'Canon');
        assert.equal(raw.SerialNumber ?? raw.BodySerialNumber, '0123456789');

        const res = await h.created([file(jpeg, 'image/jpeg', 'gps.jpg')], tokens.author);
        assert.equal(res.body.width, 1024);
        assert.equal(res.body.city, 'Moscow', 'XMP photoshop:City is still read at upload');
        const original = await h.servedOk(res.body.url);
        assert.equal(original.headers['content-type'], 'image/jpeg');
        await assertNoPrivateMetadata(original.body, 'the served file');
        const decoded = await sharp(original.body).metadata();
        assert.equal(decoded.width, 1024);
        assert.equal(decoded.height, 768);

        const listed = res.body.renditions as { url: string; width: number; height: number; format: string }[];
        assert.equal(listed.length, 12);
        const extra = ['width=640&format=avif', 'width=480&aspect=1:1', 'width=320&format=webp&aspect=9:16', 'format=jpeg'].map(
          (q) => `${res.body.url}?${q}`,
        );
        for (const url of [...listed.map((r) => r.url), ...extra]) {
          const rendition = await h.servedOk(url);
          await assertNoPrivateMetadata(rendition.body, url);
        }
      });

      it('PNG, WebP and AVIF with GPS EXIF are served without it', async () => {
        for (const format of ['png', 'webp', 'avif'] as const) {
          colourSeq += 1;
          const image = sharp({
            create: { width: 200, height: 100, channels: 3, background: { r: 10, g: colourSeq % 256, b: Date.now() % 256 } },
          }).withExif(GPS_EXIF);
          const bytes = await (format === 'png' ? image.png() : format === 'webp' ? image.webp() : image.avif()).toBuffer();
          assert.ok(bytes.includes(Buffer.from('Canon EOS R5 Secret Body', 'latin1')), `the ${format} test file has no EXIF`);
          const res = await h.created([file(bytes, `image/${format}`, `gps.${format}`)], tokens.author);
          assert.equal(res.body.mimeType, `image/${format}`);
          const original = await h.servedOk(res.body.url);
          await assertNoPrivateMetadata(original.body, `the served ${format}`);
          const meta = await sharp(original.body).metadata();
          assert.equal(meta.format, format === 'avif' ? 'heif' : format);
          assert.equal(meta.width, 200);
          assert.equal(meta.height, 100);
          await assertNoPrivateMetadata((await h.servedOk(`${res.body.url}?width=160&format=webp`)).body, `a rendition of the ${format}`);
        }
      });

      it('an EXIF-rotated JPEG: upright dimensions, orientation kept in the served copy, upright renditions', async () => {
        colourSeq += 1;
        const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 200, g: colourSeq % 256, b: 30 } } })
          .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R5 Secret Body' } })
          .withMetadata({ orientation: 6 })
          .jpeg()
          .toBuffer();
        const res = await h.created([file(jpeg, 'image/jpeg', 'rotated.jpg')], tokens.author);
        assert.equal(res.body.width, 200);
        assert.equal(res.body.height, 400);
        const original = (await h.servedOk(res.body.url)).body;
        assert.equal(await exifr.orientation(original), 6);
        await assertNoPrivateMetadata(original, 'the rotated file');
        const rendition = await sharp((await h.servedOk(`${res.body.url}?width=160&format=jpeg`)).body).metadata();
        assert.equal(rendition.width, 160);
        assert.equal(rendition.height, 320);
      });

      it('a JPEG with data after its end (an MPF second picture, a motion-photo trailer) carrying GPS and camera EXIF is served without it', async () => {
        colourSeq += 1;
        const picture = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 0, g: colourSeq % 256, b: 255 } } })
          .jpeg()
          .toBuffer();
        const second = await gpsJpeg(160, 120);
        const upload = Buffer.concat([picture, second]);
        const res = await h.created([file(upload, 'image/jpeg', 'motion.jpg')], tokens.author);
        assert.equal(res.body.width, 300);
        const served = (await h.servedOk(res.body.url)).body;
        await assertNoPrivateMetadata(served, 'the served file');
        assert.ok(
          !served.includes(Buffer.from('Exif\u0000\u0000', 'latin1')),
          'the served file still holds an EXIF block (after the end of the picture)',
        );
        assert.ok(
          !served.includes(Buffer.from('http://ns.adobe.com/exif/1.0/', 'latin1')),
          'the served file still holds XMP (after the end of the picture)',
        );
      });

      it('a truncated JPEG is refused (422) or, when taken, never makes its renditions answer 500', async () => {
        const truncated = sampleCopy('truncated').subarray(0, 30_000);
        const res = await h.upload([file(truncated, 'image/jpeg', 'truncated.jpg')], tokens.author);
        if (res.status === 422) {
          assertProblem(res, 422);
          return;
        }
        assert.equal(res.status, 201, res.text);
        for (const query of ['width=320&format=jpeg', 'width=160&format=webp', 'width=480&aspect=1:1']) {
          const rendition = await h.served(`${res.body.url}?${query}`);
          assert.ok(rendition.status < 500, `${query} answered ${rendition.status}: ${rendition.body.toString('utf8').slice(0, 300)}`);
        }
      });

      it('the same new bytes uploaded four times at once make one record: one 201, three 200, one id', async () => {
        const png = await uniquePng(64, 64);
        const answers = await Promise.all([0, 1, 2, 3].map(() => h.upload([file(png, 'image/png', 'race.png')], tokens.author)));
        assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 201], answers.map((a) => a.text.slice(0, 200)).join('\n'));
        assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
        assert.equal(await h.mediaRows({ sha256: sha256(png) }), 1);
        const stored = join(t.database.dataDir, 'media', sha256(png).slice(0, 2), `${sha256(png)}.png`);
        assert.equal((await sharp(readFileSync(stored)).metadata()).width, 64);
        assert.ok((await h.servedOk(answers[0].body.url)).body.equals(readFileSync(stored)));
      });

      it('same bytes twice: 201, then 200 with the same id (fields sent along do not change the existing record)', async () => {
        const png = await uniquePng();
        const first = await h.created([file(png, 'image/png', 'a.png')], tokens.author);
        const before = await h.mediaRows();
        const again = await h.upload([{ name: 'caption', value: 'Another caption' }, file(png, 'image/png', 'b.png')], tokens.editor);
        assert.equal(again.status, 200, again.text);
        assert.equal(again.body.id, first.body.id);
        assert.equal(again.body.caption, null);
        assert.equal(again.headers.location, `http://cms.test/api/v1/media/${first.body.id}`);
        assert.equal(await h.mediaRows(), before);
        assert.equal(await h.mediaRows({ sha256: sha256(png) }), 1);
      });

      it('a declared type is optional or an alias; one that differs from the bytes is 415 MEDIA_TYPE_MISMATCH', async () => {
        const png = await uniquePng();
        const before = await h.mediaRows();
        assertProblem(await h.upload([file(png, 'image/jpeg', 'liar.jpg')], tokens.author), 415, 'MEDIA_TYPE_MISMATCH');
        assertProblem(await h.upload([file(tinyPdf('declared png'), 'image/png', 'doc.png')], tokens.author), 415, 'MEDIA_TYPE_MISMATCH');
        assert.equal(await h.mediaRows(), before);
        await h.created([file(png, 'application/octet-stream', 'blob')], tokens.author);
        await h.created([file(sampleCopy('alias'), 'image/jpg', 'alias.jpg')], tokens.author);
      });

      it('a text file renamed .jpg is 415 UNSUPPORTED_MEDIA_TYPE, whatever it is declared as', async () => {
        const text = Buffer.from('This is not a photo.\nJust some text in a file called photo.jpg.\n', 'utf8');
        const before = await h.mediaRows();
        for (const type of ['image/jpeg', 'application/octet-stream', 'text/plain']) {
          assertProblem(await h.upload([file(text, type, 'photo.jpg')], tokens.author), 415, 'UNSUPPORTED_MEDIA_TYPE');
        }
        // A picture type we do not take (BMP) is refused the same way.
        const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)]);
        assertProblem(await h.upload([file(bmp, 'image/bmp', 'x.bmp')], tokens.author), 415, 'UNSUPPORTED_MEDIA_TYPE');
        assert.equal(await h.mediaRows(), before);
        assert.deepEqual(h.tmpFiles(), [], 'a refused upload left a temporary file');
      });

      it('a PNG whose header claims 30000×30000 is 422 IMAGE_TOO_LARGE', async () => {
        const before = await h.mediaRows();
        const png = withPngHeaderSize(await uniquePng(16, 16), 30000, 30000);
        assertProblem(await h.upload([file(png, 'image/png', 'claims-huge.png')], tokens.author), 422, 'IMAGE_TOO_LARGE');
        const jpeg = withJpegHeaderSize(
          await sharp(await uniquePng(16, 16))
            .jpeg()
            .toBuffer(),
          30000,
          30000,
        );
        assertProblem(await h.upload([file(jpeg, 'image/jpeg', 'claims-huge.jpg')], tokens.author), 422, 'IMAGE_TOO_LARGE');
        assert.equal(await h.mediaRows(), before);
      });

      it('a real decompression bomb (a 48 KB PNG of 20000×20000 pixels) is 422 IMAGE_TOO_LARGE, judged from the header', async () => {
        const before = await h.mediaRows();
        const started = performance.now();
        const p = assertProblem(await h.upload([file(PIXEL_BOMB, 'image/png', 'bomb.png')], tokens.author), 422, 'IMAGE_TOO_LARGE');
        const ms = performance.now() - started;
        assert.match(p.detail, /20000×20000/);
        assert.ok(ms < 10_000, `the bomb took ${Math.round(ms)} ms: was it decoded?`);
        assert.equal(await h.mediaRows(), before);
        assert.deepEqual(h.tmpFiles(), []);
      });

      it('an empty file is 400', async () => {
        assertProblem(await h.upload([file(Buffer.alloc(0), 'image/png', 'empty.png')], tokens.author), 400, 'EMPTY_FILE');
      });
    });

    describe('multipart shape', () => {
      it('no file part is 400 naming "file"', async () => {
        const p = assertProblem(await h.upload([{ name: 'caption', value: 'A caption and nothing else' }], tokens.author), 400, 'VALIDATION_FAILED');
        assert.ok(
          p.errors?.some((e) => e.field === 'file'),
          JSON.stringify(p.errors),
        );
        assertProblem(await h.upload([], tokens.author), 400);
      });

      it('a file part with another name is 400, and nothing is stored', async () => {
        const png = await uniquePng();
        const p = assertProblem(await h.upload([{ name: 'photo', data: png, type: 'image/png', filename: 'p.png' }], tokens.author), 400);
        assert.ok(
          p.errors?.some((e) => e.field === 'photo'),
          JSON.stringify(p.errors),
        );
        assert.equal(await h.mediaRows({ sha256: sha256(png) }), 0);
      });

      it('an unknown field before the file is 400 naming it, and nothing is stored', async () => {
        const png = await uniquePng();
        const p = assertProblem(await h.upload([{ name: 'colour', value: 'red' }, file(png, 'image/png')], tokens.author), 400, 'VALIDATION_FAILED');
        assert.ok(
          p.errors?.some((e) => e.field === 'colour'),
          JSON.stringify(p.errors),
        );
        assert.equal(await h.mediaRows({ sha256: sha256(png) }), 0);
      });

      it('an unknown field after the file is 400 naming it, and nothing is stored', async () => {
        const png = await uniquePng();
        const p = assertProblem(await h.upload([file(png, 'image/png'), { name: 'colour', value: 'red' }], tokens.author), 400, 'VALIDATION_FAILED');
        assert.ok(
          p.errors?.some((e) => e.field === 'colour'),
          JSON.stringify(p.errors),
        );
        assert.equal(await h.mediaRows({ sha256: sha256(png) }), 0, 'the 400 left a media record behind');
      });

      it('an invalid field value (a newline in the creator) is 400, before or after the file, and nothing is stored', async () => {
        for (const order of ['before', 'after'] as const) {
          const png = await uniquePng();
          const field = { name: 'creator', value: 'Two\nlines' };
          const parts = order === 'before' ? [field, file(png, 'image/png')] : [file(png, 'image/png'), field];
          const p = assertProblem(await h.upload(parts, tokens.author), 400, 'VALIDATION_FAILED');
          assert.ok(
            p.errors?.some((e) => e.field === 'creator'),
            `${order}: ${JSON.stringify(p.errors)}`,
          );
          assert.equal(await h.mediaRows({ sha256: sha256(png) }), 0, `${order} the file: the 400 left a media record behind`);
        }
      });

      it('two file parts are 400, and nothing is stored', async () => {
        const [a, b] = [await uniquePng(), await uniquePng()];
        assertProblem(await h.upload([file(a, 'image/png', 'a.png'), file(b, 'image/png', 'b.png')], tokens.author), 400);
        assert.equal(await h.mediaRows({ sha256: sha256(a) }), 0, 'the 400 left the first file stored');
        assert.equal(await h.mediaRows({ sha256: sha256(b) }), 0);
      });

      it('a POST that is not multipart is 415', async () => {
        const before = await h.mediaRows();
        assertProblem(await t.request('POST', '/api/v1/media', { token: tokens.author, body: { file: 'x' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
        assertProblem(
          await t.request('POST', '/api/v1/media', { token: tokens.author, headers: { 'content-type': 'image/jpeg' }, rawBody: SAMPLE }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
        assertProblem(
          await t.request('POST', '/api/v1/media', { token: tokens.author, headers: { 'content-type': 'text/plain' }, rawBody: 'hello' }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
        assert.equal(await h.mediaRows(), before);
      });
    });

    describe('overrides', () => {
      it('a caption and creator sent before the file win over the file’s own', async () => {
        const res = await h.created(
          [
            { name: 'caption', value: 'Caption from the form' },
            { name: 'creator', value: 'Form Photographer' },
            file(sampleCopy('before'), 'image/jpeg'),
          ],
          tokens.author,
        );
        assert.equal(res.body.caption, 'Caption from the form');
        assert.equal(res.body.creator, 'Form Photographer');
        assert.equal(res.body.creditLine, '© RIA Novosti . Form Photographer');
        assert.equal(res.body.headline, SAMPLE_METADATA.headline, 'what was not overridden still comes from the file');
        const got = await t.request('GET', `/api/v1/media/${res.body.id}`);
        assert.equal(got.body.caption, 'Caption from the form');
        assert.equal(got.body.creator, 'Form Photographer');
      });

      it('a caption and creator sent after the file win over the file’s own', async () => {
        const res = await h.created(
          [
            file(sampleCopy('after'), 'image/jpeg'),
            { name: 'caption', value: 'Caption after the file' },
            { name: 'creator', value: 'Late Photographer' },
          ],
          tokens.author,
        );
        assert.equal(res.body.caption, 'Caption after the file');
        assert.equal(res.body.creator, 'Late Photographer');
        assert.equal(res.body.creditLine, '© RIA Novosti . Late Photographer');
        assert.equal(res.body.city, 'Moscow');
        const got = await t.request('GET', `/api/v1/media/${res.body.id}`);
        assert.equal(got.body.caption, 'Caption after the file');
        assert.equal(got.body.creator, 'Late Photographer');
      });

      it('every documented field can be given at upload', async () => {
        const fields = {
          altText: 'Alt text',
          source: 'Form Source',
          credit: 'Form Credit',
          copyrightNotice: '© Form',
          creditLine: 'Photo: Form',
          mediabankUrl: 'https://mediabank.example.com/photos/1',
          headline: 'Form headline',
          city: 'Paris',
          country: 'France',
        };
        const res = await h.created(
          [...Object.entries(fields).map(([name, value]) => ({ name, value })), file(sampleCopy('all'), 'image/jpeg')],
          tokens.author,
        );
        for (const [k, v] of Object.entries(fields)) assert.equal(res.body[k], v, k);
      });
    });

    describe('roles', () => {
      it('uploading needs an author or better (401 without a token, 403 for a reader)', async () => {
        const png = await uniquePng();
        assertProblem(await h.upload([file(png, 'image/png')]), 401);
        assertProblem(await h.upload([file(png, 'image/png')], tokens.reader), 403);
        assertProblem(await h.upload([file(png, 'image/png')], 'not-a-token'), 401);
        assert.equal(await h.mediaRows({ sha256: sha256(png) }), 0);
        await h.created([file(png, 'image/png')], tokens.editor);
      });

      it('the library list needs an author; a record and its file are public', async () => {
        assertProblem(await t.request('GET', '/api/v1/media'), 401);
        assertProblem(await t.request('GET', '/api/v1/media', { token: tokens.reader }), 403);
        assert.equal((await t.request('GET', '/api/v1/media', { token: tokens.author })).status, 200);
        const id = made.sampleCopy.id;
        assert.equal((await t.request('GET', `/api/v1/media/${id}`)).status, 200);
        assert.equal((await h.served(`/api/v1/media/${id}/file`)).status, 200);
        assertProblem(await t.request('GET', `/api/v1/media/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
        assertProblem(await t.request('GET', `/api/v1/media/${UNKNOWN_ID}/file`), 404, 'NOT_FOUND');
        assertProblem(await t.request('GET', '/api/v1/media/not-an-id'), 400);
      });

      it('changing needs an author, deleting an editor', async () => {
        const id = (await h.created([file(await uniquePng(), 'image/png')], tokens.author)).body.id;
        assertProblem(await t.request('PATCH', `/api/v1/media/${id}`, { body: { caption: 'x' } }), 401);
        assertProblem(await t.request('PATCH', `/api/v1/media/${id}`, { token: tokens.reader, body: { caption: 'x' } }), 403);
        assertProblem(await t.request('DELETE', `/api/v1/media/${id}`), 401);
        assertProblem(await t.request('DELETE', `/api/v1/media/${id}`, { token: tokens.author }), 403);
        assert.equal((await t.request('GET', `/api/v1/media/${id}`)).body.caption, null);
        assertGqlError(await t.gql('mutation($id: ID!) { deleteMedia(id: $id) }', { id }, tokens.author), 'FORBIDDEN');
        const patched = await t.gql(
          'mutation($id: ID!) { updateMedia(id: $id, input: { caption: "By GraphQL" }) { caption } }',
          { id },
          tokens.author,
        );
        assert.equal(patched.body.data?.updateMedia?.caption, 'By GraphQL', patched.text);
      });
    });

    describe('renditions', () => {
      it('are decoded at the size and in the format asked, never upscaled, from the fixed grid', async () => {
        const { id, body } = made.sampleCopy;
        const listed = body.renditions as { url: string; width: number; height: number; format: string; aspect: string }[];
        assert.equal(listed.length, 16);
        for (const r of listed) {
          assert.match(r.url, new RegExp(`^http://cms\\.test/api/v1/media/${id}/file\\?width=${r.width}&format=${r.format}&aspect=original&v=c$`));
          const res = await h.servedOk(r.url);
          assert.equal(res.headers['content-type'], `image/${r.format}`);
          const meta = await sharp(res.body).metadata();
          assert.deepEqual([meta.format, meta.width, meta.height], [r.format, r.width, r.height], r.url);
        }
        const cases: [string, string, number, number][] = [
          ['width=640&format=webp', 'webp', 640, 360],
          ['width=320&format=avif', 'heif', 320, 180],
          ['width=1024&format=jpeg&aspect=16:9', 'jpeg', 1024, 576],
          ['width=800&aspect=4:3', 'jpeg', 800, 600],
          ['width=480&aspect=3:2', 'jpeg', 480, 320],
          ['width=480&aspect=1:1', 'jpeg', 480, 480],
          ['width=480&aspect=4:5', 'jpeg', 480, 600],
          ['width=320&aspect=9:16', 'jpeg', 320, 569],
          ['width=2560', 'jpeg', 1600, 900],
          ['width=1920&aspect=1:1', 'jpeg', 900, 900],
          ['aspect=1:1', 'jpeg', 900, 900],
          ['format=webp', 'webp', 1024, 576],
        ];
        for (const [query, format, width, height] of cases) {
          const res = await h.servedOk(`/api/v1/media/${id}/file?${query}`);
          const meta = await sharp(res.body).metadata();
          assert.deepEqual([meta.format, meta.width, meta.height], [format, width, height], query);
          if (format === 'heif') assert.equal(res.headers['content-type'], 'image/avif');
        }
      });

      it('an unsupported width, format, aspect or v is 400 naming the parameter', async () => {
        const id = made.sampleCopy.id;
        for (const [query, field] of [
          ['width=1000', 'width'],
          ['width=0', 'width'],
          ['width=abc', 'width'],
          ['width=99999', 'width'],
          ['format=png', 'format'],
          ['format=gif', 'format'],
          ['aspect=2:1', 'aspect'],
          ['aspect=16x9', 'aspect'],
          ['v=../etc', 'v'],
        ]) {
          const p = assertProblem(await t.request('GET', `/api/v1/media/${id}/file?${query}`), 400);
          assert.ok(
            p.errors?.some((e) => e.field === field),
            `${query}: ${JSON.stringify(p.errors)}`,
          );
        }
      });

      it('are cropped around the focal point: a red patch stays in the middle of a 1:1 and a 9:16 crop', async () => {
        const picture = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#ffffff' } })
          .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }, left: 1100, top: 350 }])
          .png()
          .toBuffer();
        const res = await h.created([file(picture, 'image/png', 'patch.png')], tokens.author);
        const url = res.body.url as string;
        const centreOf = async (query: string) => centrePixel((await h.servedOk(`${url}?${query}`)).body);

        assert.ok(isWhite(await centreOf('width=480&aspect=1:1')), 'without a focal point the 1:1 crop is centred (white)');
        assert.ok(isWhite(await centreOf('width=320&aspect=9:16')));

        const patched = await t.request('PATCH', `/api/v1/media/${res.body.id}`, { token: tokens.author, body: { focalX: 0.75, focalY: 0.5 } });
        assert.equal(patched.status, 200, patched.text);
        assert.deepEqual(patched.body.focalPoint, { x: 0.75, y: 0.5 });
        assert.ok(
          (patched.body.renditions as { url: string }[]).every((r) => r.url.endsWith('&v=750x500')),
          'the rendition URLs name the focal point',
        );

        const square = await h.servedOk(`${url}?width=480&aspect=1:1`);
        assert.deepEqual([(await sharp(square.body).metadata()).width, (await sharp(square.body).metadata()).height], [480, 480]);
        assert.ok(isRed(await centrePixel(square.body)), `1:1 around the focal point: ${JSON.stringify(await centrePixel(square.body))}`);
        assert.ok(isRed(await centreOf('width=320&aspect=9:16')), '9:16 around the focal point');
        assert.ok(isRed(await centreOf('width=320&format=webp&aspect=1:1')), 'webp 1:1 around the focal point');

        const cleared = await t.request('PATCH', `/api/v1/media/${res.body.id}`, { token: tokens.author, body: { focalX: null, focalY: null } });
        assert.equal(cleared.status, 200, cleared.text);
        assert.equal(cleared.body.focalPoint, null);
        assert.ok(isWhite(await centreOf('width=480&aspect=1:1')), 'cleared: centred again');
      });

      it('a focal point out of 0..1, or half of one, is 400', async () => {
        const id = made.sampleCopy.id;
        for (const body of [
          { focalX: 1.5, focalY: 0.5 },
          { focalX: 0.5, focalY: -0.1 },
          { focalX: 0.5 },
          { focalY: 0.5 },
          { focalX: 0.5, focalY: null },
          { focalX: '0.5', focalY: 0.5 },
        ]) {
          assertProblem(await t.request('PATCH', `/api/v1/media/${id}`, { token: tokens.author, body }), 400);
        }
        assert.equal((await t.request('GET', `/api/v1/media/${id}`)).body.focalPoint, null);
      });

      it('the file and its renditions are immutable: ETag, 304 on If-None-Match, one year of public cache; a second request comes from the cache', async () => {
        const { id, body } = made.sampleCopy;
        const original = await h.servedOk(body.url as string);
        assert.equal(original.headers.etag, `"${body.sha256 as string}"`);
        for (const inm of [String(original.headers.etag), `W/${String(original.headers.etag)}`, `"nope", ${String(original.headers.etag)}`, '*']) {
          const again = await h.served(body.url as string, { 'if-none-match': inm });
          assert.equal(again.status, 304, inm);
          assert.equal(again.body.length, 0);
          assert.equal(again.headers.etag, original.headers.etag);
          assert.equal(again.headers['cache-control'], IMMUTABLE);
        }
        assert.equal((await h.served(body.url as string, { 'if-none-match': '"something-else"' })).status, 200);

        const version = new URL(String((body.renditions as { url: string }[])[0].url)).searchParams.get('v');
        const url = `/api/v1/media/${id}/file?width=800&format=webp&aspect=4:3&v=${version}`;
        assert.equal((await h.servedOk(url.replace(/&v=.*$/, ''))).headers['cache-control'], CHANGEABLE);
        const dir = join(t.database.dataDir, 'media', 'renditions', id);
        const first = await h.servedOk(url);
        const etag = String(first.headers.etag);
        assert.match(etag, /^"[0-9a-f]{16}-[^"]+\.webp"$/);
        const stored = readdirSync(dir).filter((name) => name.startsWith('800x600-4x3-') && name.endsWith('.webp'));
        assert.equal(stored.length, 1, `renditions on disk: ${readdirSync(dir).join(', ')}`);
        const path = join(dir, stored[0]);
        assert.ok(readFileSync(path).equals(first.body), 'the kept rendition is what was served');
        const mtime = statSync(path).mtimeMs;
        const second = await h.servedOk(url);
        assert.equal(second.headers.etag, etag);
        assert.ok(second.body.equals(first.body));
        assert.equal(statSync(path).mtimeMs, mtime, 'the rendition was made again');
        const notModified = await h.served(url, { 'if-none-match': etag });
        assert.equal(notModified.status, 304);
        assert.equal(notModified.headers['cache-control'], IMMUTABLE);
        assert.notEqual((await h.servedOk(`/api/v1/media/${id}/file?width=800&format=jpeg&aspect=4:3`)).headers.etag, etag);
      });
    });

    describe('documents and video', () => {
      it('a PDF is stored and served as it is, without renditions', async () => {
        const pdf = tinyPdf(`media e2e ${Date.now()}`);
        const res = await h.created([file(pdf, 'application/pdf', 'doc.pdf')], tokens.author);
        assert.equal(res.body.kind, 'document');
        assert.equal(res.body.mimeType, 'application/pdf');
        assert.equal(res.body.width, null);
        assert.equal(res.body.height, null);
        assert.deepEqual(res.body.renditions, []);
        const served = await h.servedOk(res.body.url);
        assert.equal(served.headers['content-type'], 'application/pdf');
        assert.ok(served.body.equals(pdf));
        assert.equal(served.headers.etag, `"${sha256(pdf)}"`);
        assert.equal((await h.served(res.body.url, { 'if-none-match': `"${sha256(pdf)}"` })).status, 304);
        for (const q of ['width=640', 'format=webp', 'aspect=1:1'])
          assertProblem(await t.request('GET', `/api/v1/media/${res.body.id}/file?${q}`), 400, 'NO_RENDITIONS');
        made.pdf = { id: res.body.id, body: res.body };
      });

      it('an MP4 is detected from its bytes, stored without renditions, and served without its ©xyz recording place', async () => {
        const mp4 = mp4WithXyz();
        assert.deepEqual(await fileTypeFromBuffer(mp4), { ext: 'mp4', mime: 'video/mp4' });
        assert.ok(mp4.includes(Buffer.from(MP4_LOCATION, 'latin1')));
        const res = await h.created([file(mp4, 'video/mp4', 'clip.mp4')], tokens.author);
        assert.equal(res.body.kind, 'video');
        assert.equal(res.body.mimeType, 'video/mp4');
        assert.equal(res.body.width, null);
        assert.deepEqual(res.body.renditions, []);
        const served = await h.servedOk(res.body.url);
        assert.equal(served.headers['content-type'], 'video/mp4');
        assert.equal(served.body.length, mp4.length, 'offsets in the file must not move');
        assert.ok(!served.body.includes(Buffer.from(MP4_LOCATION, 'latin1')), 'the served MP4 still names the place');
        assert.ok(!served.body.includes(Buffer.from('\u00a9xyz', 'latin1')));
        assert.deepEqual(await fileTypeFromBuffer(served.body), { ext: 'mp4', mime: 'video/mp4' });
        assert.ok(served.body.subarray(0, FTYP.length).equals(FTYP));
        assertProblem(await t.request('GET', `/api/v1/media/${res.body.id}/file?width=640`), 400, 'NO_RENDITIONS');
      });

      it('an MP4 with its place in QuickTime metadata keys (com.apple.quicktime.location.ISO6709) is served without it', async () => {
        const mp4 = mp4WithAppleLocationKey();
        assert.deepEqual(await fileTypeFromBuffer(mp4), { ext: 'mp4', mime: 'video/mp4' });
        const res = await h.created([file(mp4, 'video/mp4', 'iphone.mp4')], tokens.author);
        const served = await h.servedOk(res.body.url);
        assert.equal(served.body.length, mp4.length);
        assert.ok(!served.body.includes(Buffer.from(MP4_LOCATION.slice(0, -1), 'latin1')), 'the served MP4 still names the place (moov/meta/ilst)');
      });
    });

    describe('library lists', () => {
      const LIST = `query($first: Int, $after: String, $filter: MediaFilter) {
        mediaList(first: $first, after: $after, filter: $filter) { edges { cursor node { id kind mimeType } } pageInfo { hasNextPage endCursor } }
      }`;

      it('GraphQL mediaList needs an author (UNAUTHENTICATED, FORBIDDEN)', async () => {
        assertGqlError(await t.gql(LIST, { first: 2 }), 'UNAUTHENTICATED');
        assertGqlError(await t.gql(LIST, { first: 2 }, tokens.reader), 'FORBIDDEN');
        assertGqlError(await t.gql(LIST, { first: 2 }, 'not-a-token'), ['UNAUTHENTICATED', 'INVALID_CREDENTIALS']);
      });

      it('GraphQL mediaList pages through every record once, newest first, and filters by kind; REST agrees', async () => {
        const rest: { id: string; kind: string }[] = [];
        for (let cursor: string | undefined, pages = 0; ; pages += 1) {
          assert.ok(pages < 50);
          const res = await t.request('GET', `/api/v1/media?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
            token: tokens.author,
          });
          assert.equal(res.status, 200, res.text);
          rest.push(...(res.body.data as { id: string; kind: string }[]));
          if (!res.body.page.hasMore) {
            assert.equal(res.headers.link, undefined);
            break;
          }
          assert.match(String(res.headers.link), /rel="next"/);
          cursor = res.body.page.nextCursor;
        }
        assert.equal(rest.length, await h.mediaRows());
        assert.equal(new Set(rest.map((m) => m.id)).size, rest.length, 'a record came twice');

        const page = async (filter: Record<string, string> | undefined, first: number) => {
          const seen: { id: string; kind: string }[] = [];
          let after: string | null = null;
          for (let pages = 0; ; pages += 1) {
            assert.ok(pages < 50);
            const res = await t.gql(LIST, { first, after, filter }, tokens.author);
            assert.equal(res.body.errors, undefined, res.text);
            const conn = res.body.data.mediaList;
            seen.push(...(conn.edges as { node: { id: string; kind: string } }[]).map((e) => e.node));
            if (!conn.pageInfo.hasNextPage) break;
            after = conn.pageInfo.endCursor;
          }
          return seen;
        };
        const all = await page(undefined, 4);
        assert.deepEqual(
          all.map((m) => m.id),
          rest.map((m) => m.id),
        );
        for (const kind of ['image', 'document', 'video']) {
          const some = await page({ kind }, 2);
          assert.ok(some.length > 0, kind);
          assert.ok(
            some.every((m) => m.kind === kind),
            kind,
          );
          assert.deepEqual(
            some.map((m) => m.id),
            rest.filter((m) => m.kind === kind).map((m) => m.id),
          );
        }
        assert.ok((await page({ kind: 'document' }, 2)).some((m) => m.id === made.pdf.id));
        assertGqlError(await t.gql(LIST, { first: 2, filter: { kind: 'sculpture' } }, tokens.author), [
          'BAD_USER_INPUT',
          'VALIDATION_FAILED',
          'GRAPHQL_VALIDATION_FAILED',
        ]);
        assertGqlError(await t.gql(LIST, { first: 2, after: 'not-a-cursor' }, tokens.author), [
          'INVALID_CURSOR',
          'BAD_USER_INPUT',
          'VALIDATION_FAILED',
        ]);
      });
    });

    describe('usage', () => {
      const USAGE = 'query($id: ID!) { media(id: $id) { id usage { id slug } } }';

      it('lists the articles using a media file (main image and body block); deleting it is 409 MEDIA_IN_USE; GraphQL shows usage to the newsroom only', async () => {
        const media = (await h.created([file(await uniquePng(320, 200), 'image/png', 'used.png')], tokens.author)).body;
        const paragraph = { type: 'paragraph', text: 'A paragraph.' };
        const main = await t.request('POST', '/api/v1/articles', {
          token: tokens.editor,
          body: { headline: 'Media as main image', section: 'russia', body: [paragraph], mainImage: media.id },
        });
        assert.equal(main.status, 201, main.text);
        const inBody = await t.request('POST', '/api/v1/articles', {
          token: tokens.editor,
          body: { headline: 'Media in the body', section: 'russia', body: [paragraph, { type: 'image', mediaId: media.id, caption: 'In the body' }] },
        });
        assert.equal(inBody.status, 201, inBody.text);
        const expected = [main.body.id, inBody.body.id].sort();

        const usage = await t.request('GET', `/api/v1/media/${media.id}/usage`, { token: tokens.author });
        assert.equal(usage.status, 200, usage.text);
        assert.deepEqual((usage.body as { id: string }[]).map((u) => u.id).sort(), expected);
        for (const u of usage.body as { slug: string; headline: string; status: string }[]) {
          assert.equal(typeof u.slug, 'string');
          assert.equal(typeof u.headline, 'string');
          assert.equal(u.status, 'draft');
        }
        assertProblem(await t.request('GET', `/api/v1/media/${media.id}/usage`), 401);
        assertProblem(await t.request('GET', `/api/v1/media/${media.id}/usage`, { token: tokens.reader }), 403);
        assertProblem(await t.request('GET', `/api/v1/media/${UNKNOWN_ID}/usage`, { token: tokens.author }), 404);

        assertProblem(await t.request('DELETE', `/api/v1/media/${media.id}`, { token: tokens.editor }), 409, 'MEDIA_IN_USE');
        assertGqlError(await t.gql('mutation($id: ID!) { deleteMedia(id: $id) }', { id: media.id }, tokens.editor), 'MEDIA_IN_USE');
        assert.equal((await t.request('GET', `/api/v1/media/${media.id}`)).status, 200);
        assert.equal((await h.served(media.url)).status, 200);

        const anonymous = await t.gql(USAGE, { id: media.id });
        assert.equal(anonymous.body.errors, undefined, anonymous.text);
        assert.deepEqual(anonymous.body.data.media.usage, []);
        const reader = await t.gql(USAGE, { id: media.id }, tokens.reader);
        assert.deepEqual(reader.body.data.media.usage, []);
        const editor = await t.gql(USAGE, { id: media.id }, tokens.editor);
        assert.deepEqual((editor.body.data.media.usage as { id: string }[]).map((u) => u.id).sort(), expected);

        // The demo photo is used by the demo article and by its Russian edition.
        const demo = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
        const demoUsage = await t.request('GET', `/api/v1/media/${demo.body.mainImage.id}/usage`, { token: tokens.author });
        assert.deepEqual((demoUsage.body as { slug: string }[]).map((u) => u.slug).sort(), [DEMO_SLUG, demo.body.translations[0].slug].sort());
      });

      it('an unused media file is deleted with its file and renditions (204, then 404)', async () => {
        const media = (await h.created([file(await uniquePng(300, 200), 'image/png', 'unused.png')], tokens.author)).body;
        await h.servedOk(`${media.url}?width=160&format=webp`);
        const dir = join(t.database.dataDir, 'media', 'renditions', media.id);
        const stored = join(t.database.dataDir, 'media', media.sha256.slice(0, 2), `${media.sha256}.png`);
        assert.ok(existsSync(dir));
        assert.ok(existsSync(stored));
        assert.deepEqual((await t.request('GET', `/api/v1/media/${media.id}/usage`, { token: tokens.author })).body, []);
        const res = await t.request('DELETE', `/api/v1/media/${media.id}`, { token: tokens.editor });
        assert.equal(res.status, 204, res.text);
        assertProblem(await t.request('GET', `/api/v1/media/${media.id}`), 404);
        assert.equal((await h.served(media.url)).status, 404);
        assert.ok(!existsSync(dir), 'renditions left on disk');
        assert.ok(!existsSync(stored), 'file left on disk');
        assertProblem(await t.request('DELETE', `/api/v1/media/${media.id}`, { token: tokens.editor }), 404);
      });
    });

    describe('measurements (printed, not asserted)', () => {
      it('upload throughput of the sample photo and rendition latency, first and cached', async () => {
        const copies = Array.from({ length: 20 }, (_, i) => sampleCopy(`throughput ${i}`));
        const started = performance.now();
        for (const copy of copies) await h.created([file(copy, 'image/jpeg', 'sample.jpg')], tokens.author);
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `# [${DIALECT}] upload throughput: ${copies.length} distinct copies of the sample (${SAMPLE.length} B) in ${seconds.toFixed(2)} s = ${(copies.length / seconds).toFixed(1)} uploads/s`,
        );

        const fresh = (await h.created([file(sampleCopy('latency'), 'image/jpeg')], tokens.author)).body;
        const url = `${fresh.url as string}?width=1024&format=webp`;
        const time = async () => {
          const t0 = performance.now();
          await h.servedOk(url);
          return performance.now() - t0;
        };
        const first = await time();
        const cached: number[] = [];
        for (let i = 0; i < 10; i += 1) cached.push(await time());
        cached.sort((a, b) => a - b);
        console.log(
          `# [${DIALECT}] rendition 1024 webp: first ${first.toFixed(1)} ms, cached median ${cached[5].toFixed(1)} ms (min ${cached[0].toFixed(1)}, max ${cached[9].toFixed(1)})`,
        );
      });
    });
  });

  describe('a first start without demo content, keeping originals', () => {
    let t: TestApp;
    const h = harness(() => t);
    let author: string;
    let editor: string;

    before(async () => {
      t = await startTestApp({ demo: false, env: { ...MEDIA_ENV, MEDIA_KEEP_ORIGINALS: 'true' } });
      author = await t.token('author');
      editor = await t.token('editor');
    });
    after(async () => {
      await t?.close();
    });

    it('the sample photo itself is 201 with every credit, then 200 with the same record', async () => {
      assert.equal(await h.mediaRows(), 0);
      const res = await h.created([file(SAMPLE, 'image/jpeg', 'diplomats-meeting.jpg')], author);
      assertSampleMetadata(res.body);
      assert.equal(res.body.sha256, sha256(SAMPLE));
      assert.equal(res.body.size, SAMPLE.length);
      assert.equal(res.body.altText, null);
      const again = await h.upload([file(SAMPLE, 'image/jpeg', 'again.jpg')], author);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, res.body.id);
      assertSampleMetadata(again.body);
      assert.equal(await h.mediaRows(), 1);

      const gql = await t.gql(
        'query($id: ID!) { media(id: $id) { creator credit source copyrightNotice caption headline keywords city country dateCreated width height creditLine } }',
        { id: res.body.id },
      );
      assert.equal(gql.body.errors, undefined, gql.text);
      for (const [field, expected] of Object.entries(SAMPLE_METADATA)) assert.deepEqual(gql.body.data.media[field], expected, `GraphQL ${field}`);
    });

    it('keeps the unstripped upload under originals/ (never served) and serves the stripped copy; DELETE removes both', async () => {
      const jpeg = await gpsJpeg(640, 480);
      const res = await h.created([file(jpeg, 'image/jpeg', 'gps.jpg')], author);
      const sha = res.body.sha256 as string;
      const original = join(t.database.dataDir, 'media', 'originals', sha.slice(0, 2), `${sha}.jpg`);
      const stored = join(t.database.dataDir, 'media', sha.slice(0, 2), `${sha}.jpg`);
      assert.ok(readFileSync(original).equals(jpeg), 'the original is kept byte for byte');
      assert.deepEqual(await exifr.gps(readFileSync(original)), { latitude: 55.75, longitude: 37.61666666666667 });
      const served = await h.servedOk(res.body.url);
      assert.ok(served.body.equals(readFileSync(stored)));
      await assertNoPrivateMetadata(served.body, 'the served file (originals kept)');
      await assertNoPrivateMetadata((await h.servedOk(`${res.body.url}?width=320&format=jpeg`)).body, 'a rendition (originals kept)');
      assert.equal((await t.request('DELETE', `/api/v1/media/${res.body.id}`, { token: editor })).status, 204);
      assert.ok(!existsSync(original), 'the kept original outlived its record');
      assert.ok(!existsSync(stored));
    });
  });

  describe('small limits (MEDIA_MAX_BYTES 100000, MEDIA_MAX_PIXELS 2000000, another credit template)', () => {
    let t: TestApp;
    const h = harness(() => t);
    let author: string;

    before(async () => {
      t = await startTestApp({
        demo: false,
        env: { ...MEDIA_ENV, MEDIA_MAX_BYTES: '100000', MEDIA_MAX_PIXELS: '2000000', MEDIA_CREDIT_TEMPLATE: '{creator} / {source}' },
      });
      author = await t.token('author');
    });
    after(async () => {
      await t?.close();
    });

    it('a file over MEDIA_MAX_BYTES is 413, nothing is stored and no temporary file is left', async () => {
      const big = await sharp({
        create: { width: 600, height: 400, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
      })
        .jpeg({ quality: 100 })
        .toBuffer();
      assert.ok(big.length > 190_000, `the test file is only ${big.length} B`);
      assertProblem(await h.upload([file(big, 'image/jpeg', 'big.jpg')], author), 413, 'PAYLOAD_TOO_LARGE');
      assertProblem(
        await h.upload([{ name: 'caption', value: 'big' }, file(big, 'image/jpeg', 'big.jpg'), { name: 'creator', value: 'x' }], author),
        413,
      );
      assert.equal(await h.mediaRows(), 0);
      assert.deepEqual(h.tmpFiles(), []);
      const stored = join(t.database.dataDir, 'media');
      assert.ok(
        !existsSync(stored) || readdirSync(stored).every((d) => d === 'renditions' || d === 'originals'),
        `files stored: ${existsSync(stored) ? readdirSync(stored).join(', ') : ''}`,
      );
    });

    it('a file under the limit is taken, with the credit line from MEDIA_CREDIT_TEMPLATE', async () => {
      assert.ok(SAMPLE.length < 100_000);
      const res = await h.created([file(SAMPLE, 'image/jpeg')], author);
      assert.equal(res.body.creditLine, 'Mikhail Klementiev / RIA Novosti');
      assert.equal(res.body.width, 1600);
    });

    it('a picture over MEDIA_MAX_PIXELS is 422 IMAGE_TOO_LARGE (a modest 1500×1500 JPEG, a header claiming 30000×30000, the real bomb)', async () => {
      const before = await h.mediaRows();
      const modest = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer();
      const p = assertProblem(await h.upload([file(modest, 'image/jpeg', 'modest.jpg')], author), 422, 'IMAGE_TOO_LARGE');
      assert.match(p.detail, /1500×1500/);
      const claims = withJpegHeaderSize(modest, 30000, 30000);
      assertProblem(await h.upload([file(claims, 'image/jpeg', 'claims.jpg')], author), 422, 'IMAGE_TOO_LARGE');
      assertProblem(await h.upload([file(PIXEL_BOMB, 'image/png', 'bomb.png')], author), 422, 'IMAGE_TOO_LARGE');
      assert.equal(await h.mediaRows(), before);
      // Exactly at the limit is fine.
      const atLimit = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer();
      await h.created([file(atLimit, 'image/jpeg', 'at-limit.jpg')], author);
    });

    it('an animated GIF is judged by all its frames: 3 frames of 1000×1000 (3 megapixels in all) are over 2000000, 422', async () => {
      const frames = [];
      for (let i = 0; i < 3; i += 1) {
        frames.push(
          await sharp({ create: { width: 1000, height: 1000, channels: 3, background: { r: 60 * i, g: 120, b: 30 } } })
            .png()
            .toBuffer(),
        );
      }
      const gif = await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer();
      const meta = await sharp(gif).metadata();
      assert.deepEqual([meta.width, meta.height, meta.pages], [1000, 1000, 3]);
      const before = await h.mediaRows();
      assertProblem(await h.upload([file(gif, 'image/gif', 'frames.gif')], author), 422, 'IMAGE_TOO_LARGE');
      assert.equal(await h.mediaRows(), before, 'the frames were decoded and stored');
      // One frame of the same size is under the limit.
      await h.created([file(await sharp(frames[0]).gif().toBuffer(), 'image/gif', 'one-frame.gif')], author);
    });

    it('the pixel limit does not apply to documents and video', async () => {
      assert.equal((await h.created([file(tinyPdf('small limits'), 'application/pdf')], author)).body.kind, 'document');
      assert.equal((await h.created([file(mp4WithXyz(), 'video/mp4')], author)).body.kind, 'video');
    });
  });
});
