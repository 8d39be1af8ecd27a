import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { projectRoot } from '../../common/util/project-root.js';
import { writeStrippedCopy } from './strip-metadata.js';

const SAMPLE = join(projectRoot(), 'test', 'fixtures', 'diplomats-meeting.jpg');
const GPS_EXIF = {
  IFD0: { Make: 'Canon', Model: 'Canon EOS R5 Secret Body' },
  IFD2: { BodySerialNumber: '0123456789' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 0/1' },
};
const XMP =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="55,45.0N" exif:GPSLongitude="37,37.0E"/>' +
  '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
const SECRETS = ['Canon EOS R5 Secret Body', '0123456789', 'GPSLatitude'];
const PLACE = '+55.7500+037.6167/';

const picture = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 20 } } }).composite([
    { input: { create: { width: 8, height: 8, channels: 3, background: '#0000ff' } }, left: 3, top: 5 },
  ]);

async function assertClean(bytes: Buffer, what: string): Promise<void> {
  for (const secret of SECRETS) assert.ok(!bytes.includes(Buffer.from(secret, 'latin1')), `${what} still holds "${secret}"`);
  const type = await fileTypeFromBuffer(bytes);
  if (type?.mime === 'image/webp') return; // exifr cannot read WebP; the chunks are checked by the caller
  assert.equal(await exifr.gps(bytes), undefined, `${what}: GPS`);
  const tags = ((await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: true })) ?? {}) as Record<string, unknown>;
  for (const tag of ['Make', 'Model', 'SerialNumber', 'BodySerialNumber', 'GPSLatitude', 'latitude'])
    assert.equal(tags[tag], undefined, `${what}: ${tag}`);
}

/** Where the scan (SOS and the picture data after it) begins. */
function scanStart(jpeg: Buffer): number {
  let at = 2;
  while (jpeg[at + 1] !== 0xda) at += 2 + jpeg.readUInt16BE(at + 2);
  return at;
}

const pixels = (bytes: Buffer) => sharp(bytes).removeAlpha().raw().toBuffer();

/** A PNG chunk with its CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}
function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at + 8 <= png.length; at += 12 + png.readUInt32BE(at)) types.push(png.subarray(at + 4, at + 8).toString('latin1'));
  return types;
}
function riffChunkTypes(webp: Buffer): string[] {
  const types: string[] = [];
  for (let at = 12; at + 8 <= webp.length;) {
    const size = webp.readUInt32LE(at + 4);
    types.push(webp.subarray(at, at + 4).toString('latin1'));
    at += 8 + size + (size % 2);
  }
  return types;
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};
const FTYP = box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2mp41', 'latin1'));
const xyz = () => {
  const text = Buffer.from(PLACE, 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt16BE(text.length, 0);
  head.writeUInt16BE(0x15c7, 2);
  return box('\u00a9xyz', head, text);
};
const loci = () => box('loci', Buffer.alloc(6), Buffer.from(`Red Square ${PLACE}\u0000`, 'latin1'));

describe('writeStrippedCopy', () => {
  let dir: string;
  let n = 0;
  const strip = async (mime: string, input: Buffer, orientation?: number): Promise<Buffer> => {
    n += 1;
    const from = join(dir, `in-${n}`);
    const to = join(dir, `out-${n}`);
    writeFileSync(from, input);
    await writeStrippedCopy(mime, from, to, orientation);
    return readFileSync(to);
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'strip-metadata-spec-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('JPEG', () => {
    it('drops EXIF (GPS, make, model, serial) and XMP; the picture data is copied byte for byte', async () => {
      const jpeg = await picture(200, 100).withExif(GPS_EXIF).withXmp(XMP).jpeg({ quality: 90 }).toBuffer();
      assert.ok(await exifr.gps(jpeg), 'the test file has GPS');
      const out = await strip('image/jpeg', jpeg);
      await assertClean(out, 'stripped JPEG');
      assert.ok((await pixels(out)).equals(await pixels(jpeg)), 'the pixels changed');
      assert.ok(out.subarray(scanStart(out)).equals(jpeg.subarray(scanStart(jpeg))), 'the entropy-coded data is not copied as it was');
      assert.ok(out.length < jpeg.length);
      assert.deepEqual([...out.subarray(0, 2)], [0xff, 0xd8]);
    });

    it('keeps the IPTC IIM block (public credits) of the sample photo, drops its EXIF and XMP', async () => {
      const sample = readFileSync(SAMPLE);
      const out = await strip('image/jpeg', sample);
      const iptc = ((await exifr.parse(out, { iptc: true })) ?? {}) as Record<string, unknown>;
      assert.equal(iptc.Byline, 'Mikhail Klementiev');
      assert.equal(iptc.Credit, 'RIA Novosti');
      assert.deepEqual(iptc.Keywords, ['diplomacy', 'Vladimir Putin']);
      const all = (await exifr.parse(out, { tiff: true, exif: true, xmp: true, mergeOutput: false })) as Record<string, unknown> | undefined;
      assert.equal(all?.ifd0, undefined);
      assert.equal(all?.exif, undefined);
      assert.equal(all?.dc, undefined);
      assert.ok(!out.includes(Buffer.from('http://ns.adobe.com/xap/1.0/', 'latin1')));
      assert.ok((await pixels(out)).equals(await pixels(sample)));
    });

    it('keeps the orientation (and only it) so a rotated photo still displays upright', async () => {
      const jpeg = await picture(80, 40).withExif(GPS_EXIF).withMetadata({ orientation: 6 }).jpeg().toBuffer();
      const out = await strip('image/jpeg', jpeg, 6);
      await assertClean(out, 'rotated JPEG');
      assert.equal(await exifr.orientation(out), 6);
      const meta = await sharp(out).metadata();
      assert.equal(meta.orientation, 6);
      assert.deepEqual([meta.autoOrient?.width, meta.autoOrient?.height], [40, 80]);
      const tags = (await exifr.parse(out, { tiff: true, exif: true, gps: true, translateValues: false })) as Record<string, unknown>;
      assert.deepEqual(Object.keys(tags), ['Orientation']);
      // Orientation 1 (or none) adds nothing.
      const upright = await strip('image/jpeg', await picture().withExif(GPS_EXIF).jpeg().toBuffer(), 1);
      assert.equal(await exifr.parse(upright, { tiff: true }), undefined);
    });

    it('keeps the ICC profile, drops comments and the MPF index', async () => {
      const jpeg = await picture().withIccProfile('p3').jpeg().toBuffer();
      const com = Buffer.from([0xff, 0xfe, 0x00, 0x0d, ...Buffer.from('secret note', 'latin1')]);
      const mpfPayload = Buffer.concat([Buffer.from('MPF\u0000', 'latin1'), Buffer.alloc(16)]);
      const mpf = Buffer.concat([Buffer.from([0xff, 0xe2, 0, mpfPayload.length + 2]), mpfPayload]);
      const input = Buffer.concat([jpeg.subarray(0, 2), com, mpf, jpeg.subarray(2)]);
      const out = await strip('image/jpeg', input);
      assert.ok(!out.includes(Buffer.from('secret note', 'latin1')), 'the comment is still there');
      assert.ok(!out.includes(Buffer.from('MPF\u0000', 'latin1')), 'the MPF index is still there');
      assert.ok((await sharp(out).metadata()).icc, 'the ICC profile was dropped');
      assert.ok((await pixels(out)).equals(await pixels(jpeg)));
    });

    it('serves nothing that follows the end of the picture (an MPF second image or a motion-photo trailer with its own EXIF)', async () => {
      const main = await picture(120, 80).jpeg().toBuffer();
      const second = await picture(32, 24).withExif(GPS_EXIF).withXmp(XMP).jpeg().toBuffer();
      const out = await strip('image/jpeg', Buffer.concat([main, second]));
      await assertClean(out, 'JPEG with a trailing image');
      assert.ok(!out.includes(Buffer.from('Exif\u0000\u0000', 'latin1')), 'an EXIF block survives after the end of the picture');
    });

    it('refuses a file that is not a JPEG segment stream', async () => {
      await assert.rejects(strip('image/jpeg', Buffer.from([0xff, 0xd8, 0x00, 0x01, 0x02, 0x03])), /corrupt JPEG/);
    });
  });

  describe('PNG', () => {
    it('drops eXIf, tEXt, zTXt, iTXt and tIME chunks; keeps the rest byte for byte', async () => {
      const png = await picture().withExif(GPS_EXIF).png().toBuffer();
      const iend = png.length - 12;
      const extra = Buffer.concat([
        pngChunk('tEXt', Buffer.from('Comment\u0000Canon EOS R5 Secret Body', 'latin1')),
        pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\u0000\u0000\u0000\u0000\u0000', 'latin1'), Buffer.from(XMP, 'utf8')])),
        pngChunk('tIME', Buffer.from([0x07, 0xe4, 1, 2, 3, 4, 5])),
      ]);
      const input = Buffer.concat([png.subarray(0, iend), extra, png.subarray(iend)]);
      assert.ok(pngChunkTypes(input).includes('tEXt'));
      const out = await strip('image/png', input);
      await assertClean(out, 'stripped PNG');
      const types = pngChunkTypes(out);
      for (const dropped of ['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']) assert.ok(!types.includes(dropped), `${dropped} kept: ${types.join(',')}`);
      assert.equal(types[0], 'IHDR');
      assert.equal(types.at(-1), 'IEND');
      assert.ok(types.includes('IDAT'));
      assert.ok((await pixels(out)).equals(await pixels(png)));
    });

    it('keeps the colour chunks of a PNG (gAMA, cHRM, bKGD) and drops only its text', async () => {
      const png = readFileSync(join(projectRoot(), 'test', 'fixtures', 'no-metadata.png'));
      const out = await strip('image/png', png);
      assert.ok((await pixels(out)).equals(await pixels(png)));
      assert.deepEqual(
        pngChunkTypes(out),
        pngChunkTypes(png).filter((t) => t !== 'tEXt'),
      );
    });
  });

  describe('WebP', () => {
    it('drops the EXIF and XMP chunks, clears their flags and rewrites the RIFF size', async () => {
      const webp = await picture().withExif(GPS_EXIF).withXmp(XMP).webp({ lossless: true }).toBuffer();
      assert.ok(riffChunkTypes(webp).includes('EXIF'));
      const out = await strip('image/webp', webp);
      await assertClean(out, 'stripped WebP');
      assert.deepEqual(
        riffChunkTypes(out).filter((t) => t === 'EXIF' || t === 'XMP '),
        [],
      );
      assert.equal(out.subarray(0, 4).toString('latin1'), 'RIFF');
      assert.equal(out.subarray(8, 12).toString('latin1'), 'WEBP');
      assert.equal(out.readUInt32LE(4), out.length - 8);
      if (riffChunkTypes(out)[0] === 'VP8X') assert.equal(out[20] & 0x0c, 0, 'the EXIF/XMP flags of VP8X are still set');
      const meta = await sharp(out).metadata();
      assert.equal(meta.exif, undefined);
      assert.equal(meta.xmp, undefined);
      assert.ok((await pixels(out)).equals(await pixels(webp)));
    });
  });

  describe('GIF and AVIF (re-encoded)', () => {
    it('a GIF comes out a GIF of the same size, every frame kept', async () => {
      const frames = [
        await picture(40, 30).png().toBuffer(),
        await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00ff00' } })
          .png()
          .toBuffer(),
      ];
      const gif = await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer();
      const out = await strip('image/gif', gif);
      const meta = await sharp(out).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.pages], ['gif', 40, 30, 2]);
    });

    it('an AVIF loses its EXIF', async () => {
      const avif = await picture().withExif(GPS_EXIF).avif().toBuffer();
      assert.ok(avif.includes(Buffer.from('Canon EOS R5 Secret Body', 'latin1')));
      const out = await strip('image/avif', avif);
      await assertClean(out, 'stripped AVIF');
      const meta = await sharp(out).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['heif', 64, 48]);
    });
  });

  describe('MP4', () => {
    it('blanks ©xyz and loci boxes (moov/udta, trak/udta, udta/meta) in place: same size, same offsets, same type', async () => {
      const meta = Buffer.concat([Buffer.alloc(4), box('hdlr', Buffer.alloc(4), u32(0), Buffer.from('mdir', 'latin1'), Buffer.alloc(13)), loci()]);
      const mp4 = Buffer.concat([
        FTYP,
        box('moov', box('mvhd', Buffer.alloc(100)), box('trak', box('udta', loci())), box('udta', xyz(), box('meta', meta))),
        box('mdat', Buffer.from('the media data stays exactly as it was', 'latin1')),
      ]);
      const out = await strip('video/mp4', mp4);
      assert.equal(out.length, mp4.length);
      assert.ok(!out.includes(Buffer.from(PLACE, 'latin1')), 'the place is still in the file');
      assert.ok(!out.includes(Buffer.from('\u00a9xyz', 'latin1')));
      assert.ok(!out.includes(Buffer.from('loci', 'latin1')));
      assert.ok(out.subarray(0, FTYP.length).equals(FTYP));
      assert.ok(out.subarray(-46).equals(mp4.subarray(-46)), 'mdat changed');
      assert.deepEqual(await fileTypeFromBuffer(out), { ext: 'mp4', mime: 'video/mp4' });
    });

    it('leaves an MP4 without a place byte for byte', async () => {
      const mp4 = Buffer.concat([FTYP, box('moov', box('mvhd', Buffer.alloc(100))), box('mdat', Buffer.alloc(32, 7))]);
      assert.ok((await strip('video/mp4', mp4)).equals(mp4));
    });

    it('blanks the place kept in QuickTime metadata keys (moov/meta keys + ilst: com.apple.quicktime.location.ISO6709)', async () => {
      const key = Buffer.from('com.apple.quicktime.location.ISO6709', 'latin1');
      const keys = box('keys', Buffer.alloc(4), u32(1), u32(key.length + 8), Buffer.from('mdta', 'latin1'), key);
      const hdlr = box('hdlr', Buffer.alloc(4), u32(0), Buffer.from('mdta', 'latin1'), Buffer.alloc(13));
      const value = box('data', u32(1), u32(0), Buffer.from(PLACE, 'latin1'));
      const ilst = box('ilst', u32(8 + value.length), u32(1), value);
      const mp4 = Buffer.concat([FTYP, box('moov', box('meta', Buffer.alloc(4), hdlr, keys, ilst)), box('mdat', Buffer.alloc(16))]);
      const out = await strip('video/mp4', mp4);
      assert.equal(out.length, mp4.length);
      assert.ok(!out.includes(Buffer.from(PLACE, 'latin1')), 'the place is still in the file (moov/meta/ilst)');
    });
  });

  describe('other types', () => {
    it('copies a PDF byte for byte', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');
      assert.ok((await strip('application/pdf', pdf)).equals(pdf));
    });
  });
});
