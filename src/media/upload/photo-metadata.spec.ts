import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { projectRoot } from '../../common/util/project-root.js';
import { readPhotoMetadata } from './photo-metadata.js';
import { writeStrippedCopy } from './strip-metadata.js';

const FIXTURES = join(projectRoot(), 'test', 'fixtures');
const SAMPLE = join(FIXTURES, 'diplomats-meeting.jpg');
const CAPTION = "Russian President Vladimir Putin at a gathering of Russia's top diplomats and foreign representatives";
const NOTHING = {
  creator: null,
  credit: null,
  source: null,
  copyrightNotice: null,
  caption: null,
  headline: null,
  keywords: null,
  city: null,
  country: null,
  dateCreated: null,
};

const xmpPacket = (description: string) =>
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ' +
  'photoshop:City="Saint Petersburg" photoshop:Country="Russia" photoshop:Credit="Sputnik" photoshop:DateCreated="2020-01-02T03:04:05+03:00">' +
  `${description}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

describe('readPhotoMetadata', () => {
  let dir: string;
  const file = (name: string, data: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'photo-metadata-spec-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every credit of the sample news photo (XMP first, then IPTC, then EXIF)', async () => {
    const m = await readPhotoMetadata(SAMPLE);
    assert.deepEqual(
      { ...m, dateCreated: m.dateCreated?.toISOString() },
      {
        creator: 'Mikhail Klementiev',
        credit: 'RIA Novosti',
        source: 'RIA Novosti',
        copyrightNotice: '© RIA Novosti',
        caption: CAPTION, // XMP has "Russia&#39;s": the reference is decoded
        headline: 'Putin meets Russian ambassadors',
        keywords: ['diplomacy', 'Vladimir Putin'],
        city: 'Moscow',
        country: 'Russia',
        dateCreated: '2016-06-30T08:00:00.000Z', // photoshop:DateCreated 11:00+03:00, not EXIF's offset-less time
      },
    );
  });

  it('reads IPTC IIM alone (the served copy keeps only that) and repairs UTF-8 read as Latin-1 ("Â©")', async () => {
    const stripped = join(dir, 'iptc-only.jpg');
    await writeStrippedCopy('image/jpeg', SAMPLE, stripped, undefined);
    const m = await readPhotoMetadata(stripped);
    assert.equal(m.copyrightNotice, '© RIA Novosti');
    assert.equal(m.creator, 'Mikhail Klementiev');
    assert.equal(m.caption, CAPTION);
    assert.equal(m.headline, 'Putin meets Russian ambassadors');
    assert.deepEqual(m.keywords, ['diplomacy', 'Vladimir Putin']);
    assert.equal(m.city, 'Moscow');
    assert.equal(m.country, 'Russia');
    assert.equal(m.credit, 'RIA Novosti');
    assert.equal(m.source, 'RIA Novosti');
  });

  it('falls back to EXIF (Artist, Copyright, ImageDescription)', async () => {
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { Artist: 'EXIF Artist', Copyright: 'EXIF Agency 2024', ImageDescription: 'An EXIF description' } })
      .jpeg()
      .toBuffer();
    const m = await readPhotoMetadata(file('exif.jpg', jpeg));
    assert.equal(m.creator, 'EXIF Artist');
    assert.equal(m.copyrightNotice, 'EXIF Agency 2024');
    assert.equal(m.caption, 'An EXIF description');
    assert.equal(m.credit, null);
    assert.equal(m.keywords, null);
  });

  it('reads XMP: language alternatives, bags, character references, and the offset of photoshop:DateCreated', async () => {
    const description =
      '<dc:creator><rdf:Seq><rdf:li>Anna Photographer</rdf:li><rdf:li>Second Person</rdf:li></rdf:Seq></dc:creator>' +
      '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Fish &amp; chips &#x2014; &quot;quoted&quot; &#39;here&#39;</rdf:li></rdf:Alt></dc:description>' +
      '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Sputnik</rdf:li></rdf:Alt></dc:rights>' +
      '<dc:subject><rdf:Bag><rdf:li>one</rdf:li><rdf:li>two</rdf:li><rdf:li>one</rdf:li></rdf:Bag></dc:subject>';
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } })
      .withXmp(xmpPacket(description))
      .jpeg()
      .toBuffer();
    const m = await readPhotoMetadata(file('xmp.jpg', jpeg));
    assert.equal(m.creator, 'Anna Photographer');
    assert.equal(m.caption, 'Fish & chips — "quoted" \'here\'');
    assert.equal(m.copyrightNotice, '© Sputnik');
    assert.deepEqual(m.keywords, ['one', 'two']);
    assert.equal(m.city, 'Saint Petersburg');
    assert.equal(m.country, 'Russia');
    assert.equal(m.credit, 'Sputnik');
    assert.equal(m.dateCreated?.toISOString(), '2020-01-02T00:04:05.000Z');
  });

  it('is all null for a PNG without metadata, a text file and a missing file (never throws)', async () => {
    assert.deepEqual(await readPhotoMetadata(join(FIXTURES, 'no-metadata.png')), NOTHING);
    assert.deepEqual(await readPhotoMetadata(file('text.jpg', 'not a picture at all\n')), NOTHING);
    assert.deepEqual(await readPhotoMetadata(join(dir, 'missing.jpg')), NOTHING);
  });

  it('drops blank values and control characters', async () => {
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { Artist: '   ', ImageDescription: 'Line one\nline two\t end ' } })
      .jpeg()
      .toBuffer();
    const m = await readPhotoMetadata(file('blank.jpg', jpeg));
    assert.equal(m.creator, null);
    assert.equal(m.caption, 'Line one line two  end');
  });
});
