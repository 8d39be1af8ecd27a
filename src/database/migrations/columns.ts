import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column shapes for migrations, per dialect: UUIDs and timestamps are native on
 * PostgreSQL and text on SQLite. Plain values, no entity classes, so a migration
 * keeps describing the tables as they were on its day.
 */
export function migrationColumns(queryRunner: QueryRunner) {
  const pg = queryRunner.connection.driver.options.type === 'postgres';
  return {
    pg,
    uuid: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
      pg ? { name, type: 'uuid', ...extra } : { name, type: 'varchar', length: '36', ...extra },
    timestamp: (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable }),
    varchar: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    }),
    text: (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
    integer: (name: string, defaultValue?: number): TableColumnOptions => ({
      name,
      type: 'integer',
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    }),
    boolean: (name: string, defaultValue: boolean): TableColumnOptions => ({ name, type: 'boolean', default: defaultValue }),
  };
}
