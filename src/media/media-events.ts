import type { MediaEntity } from './media.entity.js';

/**
 * What the media library announces through the outbox, in the transaction that changes
 * the record: media.created (an upload of new bytes), media.updated (metadata), media.deleted.
 */
export const MEDIA_EVENTS = ['media.created', 'media.updated', 'media.deleted'] as const;
export type MediaEventType = (typeof MEDIA_EVENTS)[number];

export interface MediaEventData {
  mediaId: string;
  kind: string;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  /** media.updated: the fields that were sent. */
  fields?: string[];
  occurredAt: string;
}

export function mediaEventData(entity: MediaEntity, at: Date, fields?: string[]): MediaEventData {
  return {
    mediaId: entity.id,
    kind: entity.kind,
    mimeType: entity.mimeType,
    size: entity.size,
    width: entity.width,
    height: entity.height,
    ...(fields ? { fields } : {}),
    occurredAt: at.toISOString(),
  };
}
