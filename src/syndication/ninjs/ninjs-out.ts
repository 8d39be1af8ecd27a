import type { ArticleModel } from '../../articles/dto/article.model.js';
import type { MediaModel } from '../../media/dto/media.dto.js';
import type { TagModel } from '../../taxonomy/dto/tag.dto.js';
import type { NinjsDocument } from './ninjs-schemas.js';

/** What the ninjs writer needs besides the article. */
export interface NinjsOutContext {
  siteName: string;
  /** `$id` of the ninjs 3.1 schema, declared in `standard.schema`. */
  schemaId: string;
  /** The Media Topic of a tag: its own, else one whose label is the tag's name; null when none. */
  mediaTopicOf(tag: TagModel): string | null;
}

type Entry = Record<string, unknown>;

/** Stable identifiers that do not move with PUBLIC_BASE_URL or a changed slug. */
export const articleUri = (id: string) => `urn:newsroom:article:${id}`;
export const mediaUri = (id: string) => `urn:newsroom:media:${id}`;

const isKnown = (value: unknown) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** ninjs has no nulls: an unknown property is left out. */
function compact(entry: Entry): Entry {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => isKnown(value)));
}

const TAG_PROPERTY: Record<TagModel['kind'], 'subjects' | 'people' | 'organisations' | 'places' | 'events'> = {
  topic: 'subjects',
  person: 'people',
  organization: 'organisations',
  place: 'places',
  event: 'events',
};

/**
 * Tags as ninjs concepts: people, organisations, places and events by kind (our slug as
 * `literal`), topics as subjects. A tag with a Media Topic (its own, or by label) is a
 * subject with the topic's URI, whatever its kind.
 */
function concepts(tags: TagModel[], context: NinjsOutContext): Record<string, Entry[]> {
  const out: Record<string, Entry[]> = { subjects: [], people: [], organisations: [], places: [], events: [] };
  for (const tag of tags) {
    const topic = context.mediaTopicOf(tag);
    if (tag.kind !== 'topic') out[TAG_PROPERTY[tag.kind]].push({ name: tag.name, literal: tag.slug });
    if (topic) out.subjects.push({ name: tag.name, uri: topic });
    else if (tag.kind === 'topic') out.subjects.push({ name: tag.name, literal: tag.slug });
  }
  return out;
}

/** The main photo as an associated picture item: its file as the original rendition, and its credit and rights. */
function pictureAssociation(image: MediaModel): Entry {
  return compact({
    name: 'mainpicture',
    rel: 'mainpicture',
    uri: mediaUri(image.id),
    type: 'picture',
    versionCreated: image.updatedAt.toISOString(),
    contentCreated: image.dateCreated?.toISOString(),
    by: image.creator,
    copyrightNotice: image.copyrightNotice,
    infoSources: image.source ? [{ name: image.source, role: 'source' }] : undefined,
    descriptions: [
      image.caption ? { role: 'caption', value: image.caption } : null,
      image.creditLine ? { role: 'creditline', value: image.creditLine } : null,
      image.altText ? { role: 'alternativetext', value: image.altText } : null,
    ].filter((d) => d !== null),
    // The media bank page is where the picture's licence is had (schema.org's acquireLicensePage).
    rightsInfo: image.mediabankUrl ? { linkedRights: image.mediabankUrl } : undefined,
    renditions: [
      compact({
        name: 'original',
        href: image.url,
        contentType: image.mimeType,
        width: image.width,
        height: image.height,
        sizeInBytes: image.size,
      }),
    ],
  });
}

/** An article as an IPTC ninjs 3.1 news item (type text). */
export function toNinjs31(article: ArticleModel, context: NinjsOutContext): NinjsDocument {
  const published = article.firstPublishedAt ?? article.publishedAt ?? article.createdAt;
  return compact({
    standard: { name: 'ninjs', version: '3.1', schema: context.schemaId },
    uri: articleUri(article.id),
    type: 'text',
    representationType: 'full',
    version: String(article.version),
    firstCreated: article.createdAt.toISOString(),
    versionCreated: article.updatedAt.toISOString(),
    contentCreated: article.createdAt.toISOString(),
    embargoedUntil: article.embargoUntil?.toISOString(),
    // Everything not out in the open is withheld: drafts, reviews, schedules, archived stories.
    pubStatus: article.status === 'published' ? 'usable' : 'withheld',
    urgency: article.urgency,
    language: article.locale,
    slugline: article.slug,
    located: article.dateline,
    by: article.authors.map((a) => a.name).join(', '),
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.headline }],
    descriptions: article.lead ? [{ role: 'summary', contentType: 'text/plain', value: article.lead }] : undefined,
    bodies: [
      { role: 'main', contentType: 'text/html', value: article.bodyHtml, wordCount: article.wordCount },
      { role: 'main', contentType: 'text/plain', value: article.bodyText, wordCount: article.wordCount },
    ],
    ...concepts(article.tags, context),
    copyrightHolder: context.siteName,
    copyrightNotice: `© ${published.getUTCFullYear()} ${context.siteName}`,
    associations: article.mainImage ? [pictureAssociation(article.mainImage)] : undefined,
  });
}

/** 2.x spells every property in lowercase; these few were renamed besides. */
const V2_NAMES: Record<string, string> = { embargoedUntil: 'embargoed' };

function lowercaseKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lowercaseKeys);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [V2_NAMES[key] ?? key.toLowerCase(), lowercaseKeys(value)]));
}

/** The same item as ninjs 2.2: lowercase names, and no `rel` on associations (2.2 has none). */
export function toNinjs22(item: NinjsDocument, schemaId: string): NinjsDocument {
  const { standard: _standard, associations, ...rest } = item;
  const v2 = lowercaseKeys(rest) as NinjsDocument;
  const withoutRel = Array.isArray(associations)
    ? (associations as Entry[]).map(({ rel: _rel, ...association }) => lowercaseKeys(association))
    : undefined;
  return compact({ standard: { name: 'ninjs', version: '2.2', schema: schemaId }, ...v2, associations: withoutRel });
}
