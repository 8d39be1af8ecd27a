import { validationFailed, type FieldError } from '../../common/errors/domain-error.js';
import type { BodyBlockInput } from './block.dto.js';
import type { BodyBlock } from './blocks.js';

export const MAX_BLOCKS = 500;
const FIELDS_BY_TYPE: Record<BodyBlock['type'], (keyof BodyBlockInput)[]> = {
  paragraph: ['text'],
  heading: ['text', 'level'],
  quote: ['text', 'attribution', 'context'],
  image: ['mediaId', 'caption'],
  embed: ['url'],
  list: ['items', 'ordered'],
};

function isHttpUrl(value: string): boolean {
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Checks each block against its type (required fields present, foreign fields
 * absent) and returns the stored form. All problems are reported at once, each
 * with its path (`body[3].text`).
 */
export function toBodyBlocks(input: BodyBlockInput[]): BodyBlock[] {
  const errors: FieldError[] = [];
  if (input.length > MAX_BLOCKS) throw validationFailed([{ field: 'body', message: `at most ${MAX_BLOCKS} blocks` }]);
  const blocks = input.map((block, index): BodyBlock | null => {
    const at = (field: string) => `body[${index}].${field}`;
    const own = FIELDS_BY_TYPE[block.type] as (keyof BodyBlockInput)[] | undefined;
    if (!own) {
      errors.push({ field: at('type'), message: `unknown block type; one of ${Object.keys(FIELDS_BY_TYPE).join(', ')}` });
      return null;
    }
    const allowed = new Set<string>(['type', ...own]);
    for (const [key, value] of Object.entries(block)) {
      if (value !== undefined && value !== null && !allowed.has(key))
        errors.push({ field: at(key), message: `not a field of a ${block.type} block` });
    }
    const requireText = (field: 'text') => {
      if (!block[field] || block[field]!.trim() === '') errors.push({ field: at(field), message: `a ${block.type} block needs ${field}` });
    };
    switch (block.type) {
      case 'paragraph':
        requireText('text');
        return { type: 'paragraph', text: block.text ?? '' };
      case 'heading':
        requireText('text');
        return { type: 'heading', text: block.text ?? '', level: block.level ?? 2 };
      case 'quote':
        requireText('text');
        return { type: 'quote', text: block.text ?? '', attribution: block.attribution ?? null, context: block.context ?? null };
      case 'image':
        if (!block.mediaId) errors.push({ field: at('mediaId'), message: 'an image block needs mediaId' });
        return { type: 'image', mediaId: block.mediaId ?? '', caption: block.caption ?? null };
      case 'embed':
        if (!block.url || !isHttpUrl(block.url)) errors.push({ field: at('url'), message: 'an embed block needs an http(s) url' });
        return { type: 'embed', url: block.url ?? '' };
      case 'list':
        if (!block.items || block.items.length === 0) errors.push({ field: at('items'), message: 'a list block needs at least one item' });
        return { type: 'list', ordered: block.ordered ?? false, items: block.items ?? [] };
      default:
        errors.push({ field: at('type'), message: 'unknown block type' });
        return null;
    }
  });
  if (errors.length > 0) throw validationFailed(errors);
  return blocks.filter((b): b is BodyBlock => b !== null);
}

/** Media ids a body refers to, for checking they exist. */
export const mediaIdsOf = (blocks: BodyBlock[]): string[] => blocks.flatMap((block) => (block.type === 'image' ? [block.mediaId] : []));
