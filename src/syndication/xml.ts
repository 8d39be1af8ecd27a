import { createRequire } from 'node:module';
import type * as XmlBuilder2 from 'xmlbuilder2';

export type XMLBuilder = ReturnType<typeof XmlBuilder2.create>;

const require = createRequire(import.meta.url);
let loaded: typeof XmlBuilder2 | undefined;
/** xmlbuilder2 (CommonJS, ~130 modules) is loaded with the first feed or sitemap written, not at start-up. */
const xmlbuilder2 = () => (loaded ??= require('xmlbuilder2') as typeof XmlBuilder2);

/** Namespaces the feeds and sitemaps write. */
export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  media: 'http://search.yahoo.com/mrss/',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
// dropped rather than written: a feed reader rejects the whole document for one of them.
const OPTIONS = { invalidCharReplacement: '' } as const;

/** A new XML document (UTF-8); every text and attribute value goes through the builder's escaping. */
export function xmlDocument(): XMLBuilder {
  return xmlbuilder2().create({ version: '1.0', encoding: 'UTF-8', ...OPTIONS });
}

/** A run of elements to be placed inside a root written separately (see `xmlEnvelope`). */
export function xmlFragment(): XMLBuilder {
  return xmlbuilder2().fragment(OPTIONS);
}

/**
 * The XML declaration and root start tag, and the root end tag, of a document whose
 * children are serialized in parts (a 50,000-URL sitemap as one DOM costs seconds of
 * CPU and a large heap; fragments of a few thousand elements do not). Both halves
 * come from the builder itself, so nothing is escaped by hand.
 */
export function xmlEnvelope(root: string, attributes: Record<string, string>): { head: string; tail: string } {
  const marker = 'ENVELOPE-CONTENT-MARKER';
  const [head, tail] = xmlDocument().ele(root, attributes).txt(marker).doc().end({ prettyPrint: false }).split(marker);
  return { head, tail };
}

/**
 * Text for the builder. xmlbuilder2 writes "&" as "&amp;" except where it looks like
 * an entity already ("&lt;", "&amp;", "&#60;", even an undeclared "&nbsp;"), which it
 * passes through; an HTML body or a headline with "AT&T;" would then be decoded once
 * more by every reader (or not parse at all). Giving it every "&" as "&amp;" makes
 * its escaping exact.
 */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;');
}

/** Adds `<name …attributes>text</name>` under `parent`; null attributes are left out, every value escaped. */
export function el(
  parent: XMLBuilder,
  name: string,
  text?: string | null,
  attributes: Record<string, string | number | null | undefined> = {},
): XMLBuilder {
  const escaped: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== null && value !== undefined) escaped[key] = xmlText(String(value));
  const node = parent.ele(name, escaped);
  if (text !== null && text !== undefined) node.txt(xmlText(text));
  return node;
}

/** `el`, left out when there is no text. */
export function elIf(
  parent: XMLBuilder,
  name: string,
  text: string | null | undefined,
  attributes: Record<string, string | number | null | undefined> = {},
): void {
  if (text) el(parent, name, text, attributes);
}
