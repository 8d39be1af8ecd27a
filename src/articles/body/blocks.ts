/** The stored body: an ordered list of typed blocks. */
export const BLOCK_TYPES = ['paragraph', 'heading', 'quote', 'image', 'embed', 'list'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
}
export interface HeadingBlock {
  type: 'heading';
  text: string;
  level: number;
}
export interface QuoteBlock {
  type: 'quote';
  text: string;
  attribution: string | null;
  context: string | null;
}
export interface ImageBlock {
  type: 'image';
  mediaId: string;
  caption: string | null;
}
export interface EmbedBlock {
  type: 'embed';
  url: string;
}
export interface ListBlock {
  type: 'list';
  ordered: boolean;
  items: string[];
}
export type BodyBlock = ParagraphBlock | HeadingBlock | QuoteBlock | ImageBlock | EmbedBlock | ListBlock;
