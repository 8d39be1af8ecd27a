/**
 * Wire text into plain paragraphs. The body stores structured text, never markup,
 * so HTML from a wire is reduced to its text here: tags stripped, entities decoded,
 * one paragraph per block element (`<p>`, headings, list items, quotes…).
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  times: '×',
  divide: '÷',
  shy: '',
  zwnj: '\u200c',
  zwj: '\u200d',
};

// What no text field accepts: C0/C1 controls other than tab and newline.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function fromCodePoint(code: number, original: string): string {
  if (!Number.isInteger(code) || code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return original;
  return String.fromCodePoint(code);
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (entity, name: string) => {
    if (name[0] === '#') return fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10), entity);
    return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

const BLOCK_ELEMENTS = 'p|div|h[1-6]|blockquote|li|ul|ol|dl|dt|dd|figure|figcaption|table|thead|tbody|tr|section|article|aside|header|footer|pre|hr';

/** HTML as paragraphs of plain text: block elements end a paragraph, `<br>` is a line break inside one. */
export function htmlToParagraphs(html: string): string[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    // Whitespace in HTML is not layout; only elements are.
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`</?(?:${BLOCK_ELEMENTS})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return splitParagraphs(decodeEntities(text));
}

/** HTML as one line of text (headlines, descriptions). */
export function htmlToText(html: string): string {
  return htmlToParagraphs(html).join(' ');
}

/** Plain text as paragraphs: a blank line ends one; the line breaks inside one (hard wraps of wire copy) become spaces. */
export function textToParagraphs(text: string): string[] {
  return splitParagraphs(text.replace(/\r\n?/g, '\n')).map((paragraph) => paragraph.replace(/[ \t]*\n[ \t]*/g, ' '));
}

function splitParagraphs(text: string): string[] {
  return text
    .replace(CONTROL, '')
    .split(/\n[ \t\u00a0]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
        .filter((line) => line.length > 0)
        .join('\n'),
    )
    .filter((paragraph) => paragraph.length > 0);
}

/** One line: every run of whitespace (line breaks included) a single space, controls dropped. */
export function singleLine(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim();
}

/** Text that may be HTML (by its content type, or by looking like markup when none is given). */
export const isHtml = (contentType: unknown, value: string): boolean =>
  typeof contentType === 'string' ? /html/i.test(contentType) : /<\/?[a-z][a-z0-9]*\b[^>]*>/i.test(value);
