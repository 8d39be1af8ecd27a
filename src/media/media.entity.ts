import { Column, Entity, Unique } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/column-types.js';

export const MEDIA_KINDS = ['image', 'video', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** The descriptive text fields: read from the file, overridable at upload, editable afterwards. */
export const MEDIA_TEXT_FIELDS = [
  'caption',
  'altText',
  'creator',
  'source',
  'credit',
  'copyrightNotice',
  'creditLine',
  'mediabankUrl',
  'headline',
  'city',
  'country',
] as const;
export type MediaTextField = (typeof MEDIA_TEXT_FIELDS)[number];

@Entity('media')
@Unique('uq_media_sha256', ['sha256'])
export class MediaEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: MediaKind;

  @Column({ name: 'mime_type', type: 'varchar', length: 100 })
  mimeType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  /** Path of the file below DATA_DIR/media. */
  @Column({ name: 'storage_key', type: 'varchar', length: 300 })
  storageKey!: string;

  @Column({ name: 'original_filename', type: 'varchar', length: 255, nullable: true })
  originalFilename!: string | null;

  @Column({ type: 'text', nullable: true })
  caption!: string | null;

  @Column({ name: 'alt_text', type: 'text', nullable: true })
  altText!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  creator!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  source!: string | null;

  @Column({ name: 'copyright_notice', type: 'varchar', length: 300, nullable: true })
  copyrightNotice!: string | null;

  /** Set by an editor; when null the credit line is rendered from copyright notice and creator. */
  @Column({ name: 'credit_line', type: 'varchar', length: 300, nullable: true })
  creditLine!: string | null;

  @Column({ name: 'mediabank_url', type: 'varchar', length: 2000, nullable: true })
  mediabankUrl!: string | null;

  @Column({ name: 'focal_x', type: 'real', nullable: true })
  focalX!: number | null;

  @Column({ name: 'focal_y', type: 'real', nullable: true })
  focalY!: number | null;

  /** IPTC Headline / photoshop:Headline. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  headline!: string | null;

  /** IPTC Keywords / dc:subject. */
  @Column({ type: 'simple-json', nullable: true })
  keywords!: string[] | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  city!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  country!: string | null;

  /** IPTC Credit Line / photoshop:Credit as the file carries it (the provider, e.g. the agency). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  credit!: string | null;

  /** The unstripped upload, kept only when MEDIA_KEEP_ORIGINALS is on; never served. */
  @Column({ name: 'original_key', type: 'varchar', length: 300, nullable: true })
  originalKey!: string | null;

  @TimestampColumn({ name: 'date_created', nullable: true })
  dateCreated!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
