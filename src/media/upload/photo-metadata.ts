/** What a news photo says about itself, read from IPTC IIM, XMP and EXIF. */
export interface PhotoMetadata {
  creator: string | null;
  credit: string | null;
  source: string | null;
  copyrightNotice: string | null;
  caption: string | null;
  headline: string | null;
  keywords: string[] | null;
  city: string | null;
  country: string | null;
  dateCreated: Date | null;
}

const EMPTY: PhotoMetadata = {
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

type Segments = Record<string, Record<string, unknown> | undefined>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XMP text may arrive with XML character references still in it ("Russia&#39;s"). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * IIM without a UTF-8 declaration is read as Latin-1, so "©" written as UTF-8 arrives
 * as "Â©". When the text looks like that and re-decodes cleanly as UTF-8, use that.
 */
function repairLatin1(text: string): string {
  if (!/[ÃÂÐÑ][\u0080-\u00bf]/.test(text)) return text;
  const repaired = Buffer.from(text, 'latin1').toString('utf8');
  return repaired.includes('\ufffd') ? text : repaired;
}

/** One text out of the many shapes exifr gives (string, {value, lang}, arrays of them). */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object' && 'value' in (value as object)) return text((value as { value: unknown }).value);
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const cleaned = decodeEntities(repairLatin1(String(value)))
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  return cleaned.length > 0 ? cleaned : null;
}

function list(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const items = (Array.isArray(value) ? value : [value]).map(text).filter((v): v is string => v !== null);
  return items.length > 0 ? [...new Set(items)] : null;
}

const first = (...values: unknown[]): string | null => {
  for (const value of values) {
    const found = text(value);
    if (found) return found;
  }
  return null;
};

/** photoshop:DateCreated carries an offset; IIM and EXIF dates do not, so they are a last resort. */
function dateOf(...values: unknown[]): Date | null {
  for (const value of values) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  }
  return null;
}

/**
 * Reads the credit fields of a photo. XMP is preferred (it is UTF-8 and what
 * current tools write), then IPTC IIM, then EXIF — the order IPTC's own guidelines give.
 */
export async function readPhotoMetadata(path: string): Promise<PhotoMetadata> {
  let segments: Segments | undefined;
  // exifr is loaded on the first upload, not at start-up.
  const { default: exifr } = await import('exifr');
  try {
    segments = (await exifr.parse(path, { iptc: true, xmp: true, tiff: true, exif: true, gps: false, icc: false, mergeOutput: false })) as
      Segments | undefined;
  } catch {
    return { ...EMPTY };
  }
  if (!segments) return { ...EMPTY };
  const iptc = segments.iptc ?? {};
  const dc = segments.dc ?? {};
  const ps = segments.photoshop ?? {};
  const ifd0 = segments.ifd0 ?? {};
  const exif = segments.exif ?? {};
  return {
    creator: first(dc.creator, iptc.Byline, ifd0.Artist),
    credit: first(ps.Credit, iptc.Credit),
    source: first(ps.Source, iptc.Source),
    copyrightNotice: first(dc.rights, iptc.CopyrightNotice, ifd0.Copyright),
    caption: first(dc.description, iptc.Caption, ifd0.ImageDescription),
    headline: first(ps.Headline, iptc.Headline),
    keywords: list(dc.subject) ?? list(iptc.Keywords),
    city: first(ps.City, iptc.City),
    country: first(ps.Country, iptc.Country),
    dateCreated: dateOf(ps.DateCreated, iptc.DateCreated, exif.DateTimeOriginal),
  };
}
