import type { Readable } from 'node:stream';

/**
 * Where media bytes live, by key (`ab/abcdef….jpg`, `renditions/<id>/…`). Local disk
 * under DATA_DIR by default; an S3-compatible driver would implement the same five calls.
 */
export interface MediaStorage {
  /** Moves a finished temporary file into place under `key` (atomically: readers never see half a file). */
  putFile(key: string, fromPath: string): Promise<void>;
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** A local path for `key` when the driver has one (decoders read files directly), else null. */
  localPath(key: string): string | null;
}

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');
