import { Column, Entity, Unique } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/column-types.js';

export const TAG_KINDS = ['topic', 'person', 'organization', 'place', 'event'] as const;
export type TagKind = (typeof TAG_KINDS)[number];

@Entity('tags')
@Unique('uq_tags_slug', ['slug'])
export class TagEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 160 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: TagKind;

  @Column({ name: 'media_topic_uri', type: 'varchar', length: 200, nullable: true })
  mediaTopicUri!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
