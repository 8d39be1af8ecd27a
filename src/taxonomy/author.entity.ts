import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { MediaEntity } from '../media/media.entity.js';
import { IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';

@Entity('authors')
@Unique('uq_authors_slug', ['slug'])
export class AuthorEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 160 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @UuidColumn({ name: 'photo_id', nullable: true })
  photoId!: string | null;

  @ManyToOne(() => MediaEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'photo_id' })
  photo?: MediaEntity;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
