import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { columnTypes, IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';
import { isPostgres } from '../config/database.config.js';

/** What a reader account has beyond the user row: email verified, banned. No row: an account made by an admin (verified). */
@Entity('reader_profiles')
export class ReaderProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: columnTypes().uuid, ...(isPostgres() ? {} : { length: 36 }) })
  userId!: string;

  @TimestampColumn({ name: 'verified_at', nullable: true })
  verifiedAt!: Date | null;

  @TimestampColumn({ name: 'banned_at', nullable: true })
  bannedAt!: Date | null;

  @Column({ name: 'ban_reason', type: 'varchar', length: 500, nullable: true })
  banReason!: string | null;
}

/** A refresh token (its SHA-256 only). Rotation keeps a family: a rotated token used again revokes the whole family. */
@Entity('refresh_tokens')
@Unique('uq_refresh_tokens_hash', ['tokenHash'])
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_user', ['userId'])
export class RefreshTokenEntity {
  @IdColumn()
  id!: string;

  @UuidColumn({ name: 'user_id' })
  userId!: string;

  @UuidColumn({ name: 'family_id' })
  familyId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimestampColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}

export type ReaderTokenPurpose = 'verify' | 'reset';

/** A one-time emailed token (verification, password reset), kept as its SHA-256. */
@Entity('reader_tokens')
@Unique('uq_reader_tokens_hash', ['tokenHash'])
@Index('ix_reader_tokens_user', ['userId', 'purpose'])
export class ReaderTokenEntity {
  @IdColumn()
  id!: string;

  @UuidColumn({ name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  purpose!: ReaderTokenPurpose;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimestampColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
