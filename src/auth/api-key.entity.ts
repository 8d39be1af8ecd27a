import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { UserEntity } from './user.entity.js';
import { IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';
import type { Role } from './roles.js';

@Entity('api_keys')
@Unique('uq_api_keys_hash', ['keyHash'])
export class ApiKeyEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, shown in lists so a key can be recognised. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** sha256 of the whole key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1). */
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @UuidColumn({ name: 'created_by_id', nullable: true })
  createdById!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: UserEntity;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
