import { Column, Entity } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';

@Entity('authors')
export class AuthorEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 160, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @UuidColumn({ name: 'photo_id', nullable: true })
  photoId!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
