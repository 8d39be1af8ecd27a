import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { slugify } from '../../common/util/slugify.js';
import { isLocaleTag, isValidDateTime } from '../../common/validation/decorators.js';
import type { TagKind } from '../../taxonomy/tag.entity.js';
import { toMediaTopicUri } from './media-topics.js';
import type { NinjsDocument } from './ninjs-schemas.js';
import { htmlToParagraphs, htmlToText, isHtml, singleLine, textToParagraphs } from './ninjs-text.js';

/** The limits of the article fields (CreateArticleInput, BodyBlockInput, the tags table). */
const LIMITS = { headline: 300, lead: 2000, dateline: 200, paragraph: 20_000, blocks: 500, tags: 50, tagName: 200, uriBytes: 1000, version: 100 };

/** A tag an ingested item names: a subject, person, organisation, place or event. */
export interface IngestTag {
  name: string;
  kind: TagKind;
  mediaTopicUri: string | null;
}

/** What an ingested ninjs item says about the article it becomes. */
export interface IngestDraft {
  uri: string;
  version: string | null;
  headline: string;
  lead: string | null;
  body: { type: 'paragraph'; text: string }[];
  /** The item's `language`, as a locale (primary subtag lowercase); null when it has none. */
  language: string | null;
  dateline: string | null;
  urgency: number | null;
  embargoUntil: string | null;
  tags: IngestTag[];
}

interface TextEntry {
  role?: string;
  contentType?: string;
  value: string;
}

export const notAnArticle = (detail: string, errors: FieldError[]) => new DomainError('NINJS_NOT_AN_ARTICLE', 422, detail, errors);

const entries = (value: unknown): TextEntry[] => (Array.isArray(value) ? (value as TextEntry[]) : []);
const roleOf = (entry: TextEntry) => (typeof entry.role === 'string' ? entry.role.toLowerCase() : undefined);

/** Roles of a description that is the story's standfirst; captions and credit lines describe pictures. */
const LEAD_ROLES = ['summary', 'abstract', 'lead', 'standfirst', 'teaser', 'description', 'main', 'intro'];

/** The main one: role "main" first, else one without a role, else the first. */
function mainEntry(list: TextEntry[]): { entry: TextEntry; index: number } | null {
  const pick = (test: (e: TextEntry) => boolean) => {
    const index = list.findIndex(test);
    return index >= 0 ? { entry: list[index], index } : null;
  };
  return pick((e) => roleOf(e) === 'main') ?? pick((e) => roleOf(e) === undefined) ?? (list.length ? { entry: list[0], index: 0 } : null);
}

const lineOf = (entry: TextEntry) => singleLine(isHtml(entry.contentType, entry.value) ? htmlToText(entry.value) : entry.value);

/** The body to keep: of the main bodies (alternative forms of one text), the HTML one, else the first. */
function bodyOf(bodies: TextEntry[]): { paragraphs: string[]; index: number } | null {
  const main = bodies.map((entry, index) => ({ entry, index })).filter(({ entry }) => [undefined, 'main'].includes(roleOf(entry)));
  const candidates = main.length ? main : bodies.map((entry, index) => ({ entry, index }));
  const chosen = candidates.find(({ entry }) => isHtml(entry.contentType, entry.value)) ?? candidates[0];
  if (!chosen) return null;
  const { entry, index } = chosen;
  return { paragraphs: isHtml(entry.contentType, entry.value) ? htmlToParagraphs(entry.value) : textToParagraphs(entry.value), index };
}

/** A BCP 47 tag as locales are written here ("EN-us" → "en-us" primary lowercase), or null when it is none. */
function localeOf(language: unknown): string | null | undefined {
  if (typeof language !== 'string' || language.trim() === '') return undefined;
  const [primary, ...rest] = language.trim().replace(/_/g, '-').split('-');
  const locale = [primary.toLowerCase(), ...rest].join('-');
  return isLocaleTag(locale) ? locale : null;
}

const CONCEPT_KINDS: [property: string, kind: TagKind][] = [
  ['subjects', 'topic'],
  ['people', 'person'],
  ['organisations', 'organization'],
  ['places', 'place'],
  ['events', 'event'],
];

/** The item's concepts as tags, in order, without duplicates; those with no usable name are skipped. */
function tagsOf(item: NinjsDocument, labelOf: (uri: string) => string | null): IngestTag[] {
  const tags: IngestTag[] = [];
  const seen = new Set<string>();
  for (const [property, kind] of CONCEPT_KINDS) {
    for (const concept of Array.isArray(item[property]) ? (item[property] as Record<string, unknown>[]) : []) {
      const mediaTopicUri = toMediaTopicUri(concept.uri) ?? toMediaTopicUri(concept.literal);
      const given = typeof concept.name === 'string' ? singleLine(concept.name) : '';
      const name = given || (mediaTopicUri ? (labelOf(mediaTopicUri) ?? '') : '');
      if (!name || name.length > LIMITS.tagName || !slugify(name)) continue;
      const key = mediaTopicUri ?? slugify(name);
      if (seen.has(key)) continue;
      seen.add(key);
      tags.push({ name, kind, mediaTopicUri });
    }
  }
  return tags.slice(0, LIMITS.tags);
}

/**
 * Reads a valid ninjs item (3.x property names) as an article draft. An item this CMS
 * cannot make a story of is a 422 NINJS_NOT_AN_ARTICLE naming the JSON pointer at fault:
 * no headline (nor a title to go with its bodies), a field longer than the article allows.
 */
export function readIngestDraft(item: NinjsDocument, labelOf: (uri: string) => string | null): IngestDraft {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const headlines = entries(item.headlines);
  const bodies = entries(item.bodies);

  const uri = String(item.uri);
  if (Buffer.byteLength(uri) > LIMITS.uriBytes) fail('/uri', `longer than the ${LIMITS.uriBytes} bytes an ingested uri may have`);
  const version = typeof item.version === 'string' ? item.version : null;
  if (version !== null && version.length > LIMITS.version) fail('/version', `longer than ${LIMITS.version} characters`);

  let headline = '';
  const main = mainEntry(headlines.filter((h) => lineOf(h) !== ''));
  if (main) {
    headline = lineOf(main.entry);
    if (headline.length > LIMITS.headline)
      fail(`/headlines/${headlines.indexOf(main.entry)}/value`, `longer than the ${LIMITS.headline} characters a headline may have`);
  } else if (headlines.length === 0 && bodies.length === 0) {
    fail('/headlines', 'no headlines and no bodies: there is no story to make an article of');
  } else if (typeof item.title === 'string' && singleLine(item.title) !== '' && bodies.length > 0) {
    // A story sent without a headline: its title (metadata) stands in, for an editor to rewrite in the draft.
    headline = singleLine(item.title);
    if (headline.length > LIMITS.headline) fail('/title', `longer than the ${LIMITS.headline} characters a headline may have`);
  } else {
    fail('/headlines', 'an article needs a headline: give headlines[] (or a title with the bodies)');
  }

  const leadEntry =
    entries(item.descriptions).find((d) => LEAD_ROLES.includes(roleOf(d) ?? '')) ?? entries(item.descriptions).find((d) => !roleOf(d));
  const lead = leadEntry
    ? (isHtml(leadEntry.contentType, leadEntry.value) ? htmlToText(leadEntry.value) : textToParagraphs(leadEntry.value).join('\n\n')) || null
    : null;
  if (lead && lead.length > LIMITS.lead)
    fail(`/descriptions/${entries(item.descriptions).indexOf(leadEntry!)}/value`, `longer than the ${LIMITS.lead} characters a lead may have`);

  const chosen = bodyOf(bodies);
  const paragraphs = chosen?.paragraphs ?? [];
  if (chosen && paragraphs.length > LIMITS.blocks) fail(`/bodies/${chosen.index}/value`, `more than ${LIMITS.blocks} paragraphs`);
  if (chosen && paragraphs.some((p) => p.length > LIMITS.paragraph))
    fail(`/bodies/${chosen.index}/value`, `a paragraph longer than ${LIMITS.paragraph} characters (separate paragraphs with <p> or a blank line)`);

  const language = localeOf(item.language);
  if (language === null) fail('/language', 'not a BCP 47 language tag such as "en" or "pt-BR"');
  const located = typeof item.located === 'string' ? singleLine(item.located) : '';
  const urgency = typeof item.urgency === 'number' && Number.isInteger(item.urgency) && item.urgency >= 1 && item.urgency <= 9 ? item.urgency : null;
  const embargoUntil = isValidDateTime(item.embargoedUntil) ? item.embargoedUntil : null;

  if (errors.length > 0)
    throw notAnArticle(`This ninjs item cannot become an article: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);
  return {
    uri,
    version,
    headline,
    lead,
    body: paragraphs.map((text) => ({ type: 'paragraph', text })),
    language: language ?? null,
    dateline: located && located.length <= LIMITS.dateline ? located : null,
    urgency,
    embargoUntil,
    tags: tagsOf(item, labelOf),
  };
}
