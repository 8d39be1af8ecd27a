import { Column, Entity, Unique } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/column-types.js';
import type { Role } from './roles.js';

@Entity('users')
@Unique('uq_users_email', ['email'])
export class UserEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
