import { Column, PrimaryColumn, type ColumnType } from 'typeorm';
import DateUtilsModule from 'typeorm/util/DateUtils.js';
import { isPostgres } from '../config/database.config.js';

/**
 * Column types that differ between the two dialects. Entities and migrations
 * both ask here, so the schema the migrations build is the one the entities map.
 */
export const columnTypes = () =>
  isPostgres()
    ? ({ uuid: 'uuid', timestamp: 'timestamptz', boolean: 'boolean' } satisfies Record<string, ColumnType>)
    : ({ uuid: 'varchar', timestamp: 'datetime', boolean: 'boolean' } satisfies Record<string, ColumnType>);

const { DateUtils } = DateUtilsModule as unknown as { DateUtils: { mixedDateToUtcDatetimeString(d: Date): string } };

/** A Date as a query parameter: SQLite stores TypeORM datetimes as UTC text, PostgreSQL takes the Date. */
export function dbDate(date: Date): Date | string {
  return isPostgres() ? date : DateUtils.mixedDateToUtcDatetimeString(date);
}

type ColumnOpts = { name?: string; nullable?: boolean };

/** The primary key: a UUID made by the app (randomUUID), stored natively on PostgreSQL. */
export const IdColumn = () => PrimaryColumn({ type: columnTypes().uuid, ...(isPostgres() ? {} : { length: 36 }) });

export const UuidColumn = (opts: ColumnOpts = {}) => Column({ type: columnTypes().uuid, ...(isPostgres() ? {} : { length: 36 }), ...opts });

/** Timestamps are set by the app in UTC, so they round-trip exactly and sort keysets stay stable. */
export const TimestampColumn = (opts: ColumnOpts = {}) => Column({ type: columnTypes().timestamp, ...opts });

export const BooleanColumn = (name: string, defaultValue: boolean) => Column({ name, type: 'boolean', default: defaultValue });

/** One part of a composite primary key (join tables). */
export const UuidKeyColumn = (name: string) => PrimaryColumn({ name, type: columnTypes().uuid, ...(isPostgres() ? {} : { length: 36 }) });
