import type { BodyBlock } from './blocks.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

const WORDS_PER_MINUTE = 200;

/**
 * The body as HTML a frontend can drop into a page. Every text is escaped: the
 * stored body is structured text, never markup, so nothing an editor types can
 * become a script on the site.
 */
export function renderBodyHtml(blocks: BodyBlock[], mediaUrl: (id: string) => string): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'paragraph':
          return `<p>${escapeHtml(block.text)}</p>`;
        case 'heading':
          return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
        case 'quote': {
          const cite = block.attribution ? `<cite>${escapeHtml(block.attribution)}</cite>` : '';
          const context = block.context ? `${cite ? ' ' : ''}${escapeHtml(block.context)}` : '';
          const footer = cite || context ? `<footer>${cite}${context}</footer>` : '';
          return `<blockquote><p>${escapeHtml(block.text)}</p>${footer}</blockquote>`;
        }
        case 'image': {
          const caption = block.caption ? `<figcaption>${escapeHtml(block.caption)}</figcaption>` : '';
          return `<figure><img src="${escapeHtml(mediaUrl(block.mediaId))}" alt="${escapeHtml(block.caption ?? '')}">${caption}</figure>`;
        }
        case 'embed':
          return `<figure class="embed"><a href="${escapeHtml(block.url)}" rel="noopener nofollow">${escapeHtml(block.url)}</a></figure>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</${tag}>`;
        }
      }
    })
    .join('\n');
}

/** Plain text, one block a paragraph: quotes keep their attribution context as the page shows it. */
export function renderBodyText(blocks: BodyBlock[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'paragraph':
        case 'heading':
          return block.text;
        case 'quote':
          return [`“${block.text}”`, block.context].filter(Boolean).join(' ');
        case 'image':
          return block.caption ?? '';
        case 'embed':
          return block.url;
        case 'list':
          return block.items.map((item) => `- ${item}`).join('\n');
      }
    })
    .filter((text) => text.length > 0)
    .join('\n\n');
}

export function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return matches ? matches.length : 0;
}

export const readingTimeMinutes = (words: number): number => Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
