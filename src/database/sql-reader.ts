import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** A timestamp as the database returns it: PostgreSQL a Date, SQLite UTC text without a zone ("2026-11-28 09:30:00.000"). */
export type DbTimestamp = Date | string;

const TYPEORM_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

/** A database timestamp as a Date (SQLite's zone-less text is UTC, as TypeORM writes it). */
export function fromDbTimestamp(value: DbTimestamp): Date {
  if (value instanceof Date) return value;
  // The shape TypeORM writes ("2026-11-28 09:30:00.000"), read digit by digit: parsing text was a tenth of a list's mapping.
  if (value.length === 23 && TYPEORM_TIMESTAMP.test(value)) {
    const n = (from: number, to: number) => {
      let v = 0;
      for (let i = from; i < to; i++) v = v * 10 + value.charCodeAt(i) - 48;
      return v;
    };
    const ms = Date.UTC(n(0, 4), n(5, 7) - 1, n(8, 10), n(11, 13), n(14, 16), n(17, 19), n(20, 23));
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  const iso = value.charCodeAt(10) === 32 ? value.slice(0, 10) + 'T' + value.slice(11) : value;
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

/** `?, ?, ?` for an IN list of `count` values (callers never pass an empty list). */
export const placeholders = (count: number): string => (count === 1 ? '?' : '?' + ', ?'.repeat(count - 1));

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the SQL given here has no `?` inside literals). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Convert = (value: unknown) => unknown;
type RowMapper<T> = (row: Record<string, unknown>) => T;
type ArrayRowMapper<T> = (row: readonly unknown[]) => T;

/** Rows as arrays, in the order of `columns` (what both drivers give fastest: no object per row). */
interface ArrayRows {
  columns: readonly string[];
  rows: unknown[][];
}

/** A prepared statement and what was compiled for it: its column names and a mapper per entity read through it. */
interface Prepared {
  columns: readonly string[] | null;
  mappers: Map<EntityTarget<ObjectLiteral>, ArrayRowMapper<ObjectLiteral>>;
}

/** The sort key a SQLite `jsonArray` gives each object (no column is named so). */
const ORDER_KEY = '#order';
const byOrderKey = (a: Record<string, unknown>, b: Record<string, unknown>): number => (a[ORDER_KEY] as number) - (b[ORDER_KEY] as number);

const parseJson: Convert = (v) => (typeof v === 'string' ? JSON.parse(v) : v);

/** A stored value as the entity holds it: SQL NULL (undefined where a driver leaves it out) is null. */
const toEntityValue = (value: unknown, convert: Convert | null): unknown =>
  value === null || value === undefined ? null : convert ? convert(value) : value;

/** How a column's stored value becomes the entity's (the same conversions TypeORM applies when it hydrates). */
function converterOf(column: ColumnMetadata, dialect: 'sqlite' | 'postgres'): Convert | null {
  if (column.transformer) throw new Error(`SqlReader: column ${column.databaseName} has a transformer; read it through TypeORM.`);
  const type = column.type;
  if (type === 'simple-json' || type === 'json' || type === 'jsonb') return parseJson;
  if (type === 'datetime' || type === 'timestamptz' || type === 'timestamp' || type === Date) return (v) => fromDbTimestamp(v as DbTimestamp);
  if (type === 'boolean' || type === Boolean) return dialect === 'sqlite' ? (v) => Boolean(v) : null;
  if (type === 'simple-array' || type === 'simple-enum' || type === 'date' || type === 'time' || type === 'bigint')
    throw new Error(`SqlReader: column type ${String(type)} (${column.databaseName}) is not mapped; read it through TypeORM.`);
  return null;
}

/**
 * Reads for the hot public paths (lists, an article, their relations), without an ORM in
 * between: each statement is prepared once and its rows are mapped to entities by a mapper
 * compiled once per entity from TypeORM's own metadata, so a read costs its SQL and little
 * more. Writes, and reads inside a transaction, stay on TypeORM.
 *
 * SQLite: a second, read-only connection to the same file. In WAL mode it sees every
 * committed write at once and never the inside of an open transaction on the writer's
 * connection, so a reader can't glimpse a half-written change. PostgreSQL: the pool, with
 * named prepared statements. SQL is written with `?` placeholders for both.
 * Every statement is counted by the DataSource's logger, as TypeORM's are (query budgets).
 */
@Injectable()
export class SqlReader implements OnApplicationShutdown {
  readonly dialect: 'sqlite' | 'postgres';
  private sqlite: SqliteDatabase | null = null;
  /** Whether `sqlite` is a connection of our own (not the writer's, which TypeORM closes). */
  private ownConnection = false;
  private readonly statements = new Map<string, Statement>();
  /** SQLite statements in raw mode (rows as arrays), with their columns and mappers. */
  private readonly arrayStatements = new Map<string, Prepared & { statement: Statement }>();
  private readonly pgStatements = new Map<string, Prepared & { name: string; text: string }>();
  private readonly mappers = new Map<EntityTarget<ObjectLiteral>, RowMapper<ObjectLiteral>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** Raw rows of a SELECT; in `manager`'s transaction when one is given (through TypeORM, which counts it). */
  rows<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], manager?: EntityManager): Promise<R[]> {
    if (manager) return manager.query(this.dialect === 'postgres' ? toPgPlaceholders(sql) : sql, params as unknown[]);
    this.dataSource.logger.logQuery(sql, params as unknown[]);
    if (this.dialect === 'postgres') return this.pgRows<R>(sql, params);
    try {
      return Promise.resolve(this.statement(sql).all(...params) as R[]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Rows of a SELECT of an entity's table (`SELECT t.* …`), as that entity. */
  async entities<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    sql: string,
    params: readonly unknown[] = [],
    manager?: EntityManager,
  ): Promise<T[]> {
    if (manager) {
      const rows = await this.rows<Record<string, unknown>>(sql, params, manager);
      const map = this.mapperOf(target);
      const result = new Array<T>(rows.length);
      for (let i = 0; i < rows.length; i++) result[i] = map(rows[i]);
      return result;
    }
    const { rows, map } = await this.arrayRowsOf(target, sql, params);
    const result = new Array<T>(rows.length);
    for (let i = 0; i < rows.length; i++) result[i] = map(rows[i]);
    return result;
  }

  /**
   * Rows as entities of `target`, each with the values of `extra` columns that are not the entity's
   * (a link table's key and position, say): `[entity, ...values]`.
   */
  async entitiesWith<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    sql: string,
    params: readonly unknown[],
    extra: readonly string[],
  ): Promise<[T, ...unknown[]][]> {
    const { rows, columns, map } = await this.arrayRowsOf(target, sql, params);
    const at = extra.map((name) => {
      const index = columns.indexOf(name);
      if (index < 0) throw new Error(`SqlReader: the query selects no column ${name}.`);
      return index;
    });
    return rows.map((row) => [map(row), ...at.map((i) => row[i])] as [T, ...unknown[]]);
  }

  /** Entities by primary key `id`, as a map (any order in, duplicates folded). */
  async byIds<T extends ObjectLiteral & { id: string }>(target: EntityTarget<T>, ids: readonly string[]): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const unique = [...new Set(ids)];
    const table = this.dataSource.getMetadata(target).tableName;
    const rows = await this.entities(target, `SELECT * FROM ${table} WHERE id IN (${placeholders(unique.length)})`, unique);
    return new Map(rows.map((row) => [row.id, row]));
  }

  onApplicationShutdown(): void {
    if (this.ownConnection) this.sqlite?.close();
    this.sqlite = null;
    this.statements.clear();
    this.arrayStatements.clear();
  }

  /**
   * SQL for the row of `target`'s table at `alias` as one JSON object keyed by column name (SQLite's
   * `json_object`, PostgreSQL's `json_build_object`): lets one statement carry a row's relations, read back
   * with `jsonEntities`. `extra`: more `'key', value` pairs, put first.
   */
  jsonObject(target: EntityTarget<ObjectLiteral>, alias: string, extra: readonly string[] = []): string {
    const pairs = [...extra, ...this.dataSource.getMetadata(target).columns.map((c) => `'${c.databaseName}', ${alias}."${c.databaseName}"`)];
    return `${this.dialect === 'postgres' ? 'json_build_object' : 'json_object'}(${pairs.join(', ')})`;
  }

  /**
   * SQL aggregating the rows of `target`'s table at `alias` in a subquery into a JSON array of `jsonObject`s,
   * in `orderBy` order (`[]` when none). SQLite would open a sorter for an ordered aggregate: each object
   * carries its sort key instead, and `jsonEntities` puts them in order.
   */
  jsonArray(target: EntityTarget<ObjectLiteral>, alias: string, orderBy: string): string {
    return this.dialect === 'postgres'
      ? `COALESCE(json_agg(${this.jsonObject(target, alias)} ORDER BY ${orderBy}), '[]'::json)`
      : `json_group_array(${this.jsonObject(target, alias, [`'${ORDER_KEY}', ${orderBy}`])})`;
  }

  /** The table of an entity, for SQL built here. */
  tableOf(target: EntityTarget<ObjectLiteral>): string {
    return this.dataSource.getMetadata(target).tableName;
  }

  /**
   * A JSON value a statement built with `jsonObject`/`jsonArray` returned (SQLite: text; PostgreSQL: parsed
   * already), as entities of `target` mapped as a row of its table would be. NULL is no entity.
   */
  jsonEntities<T extends ObjectLiteral>(target: EntityTarget<T>, value: unknown): T[] {
    if (value === null || value === undefined) return [];
    const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | Record<string, unknown>[];
    const map = this.mapperOf(target);
    if (!Array.isArray(parsed)) return [map(parsed)];
    if (parsed.length > 1 && ORDER_KEY in parsed[0]) parsed.sort(byOrderKey);
    return parsed.map(map);
  }

  /** The mapper from a row of `target`'s table to the entity, compiled on first use. */
  private mapperOf<T extends ObjectLiteral>(target: EntityTarget<T>): RowMapper<T> {
    let mapper = this.mappers.get(target);
    if (!mapper) {
      const { prototype, columns } = this.columnsOf(target);
      mapper = (row) => {
        const entity = Object.create(prototype) as Record<string, unknown>;
        for (const { db, prop, convert } of columns) entity[prop] = toEntityValue(row[db], convert);
        return entity;
      };
      this.mappers.set(target, mapper);
    }
    return mapper as RowMapper<T>;
  }

  /**
   * The mapper from an array row with these columns to the entity, compiled once per statement:
   * the entity's columns the query leaves out are null, columns not the entity's are skipped.
   */
  private arrayMapperOf<T extends ObjectLiteral>(target: EntityTarget<T>, columns: readonly string[]): ArrayRowMapper<T> {
    const { prototype, columns: entityColumns } = this.columnsOf(target);
    const plan = entityColumns.map(({ db, prop, convert }) => ({ at: columns.indexOf(db), prop, convert }));
    return (row) => {
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < plan.length; i++) {
        const { at, prop, convert } = plan[i];
        entity[prop] = at < 0 ? null : toEntityValue(row[at], convert);
      }
      return entity as T;
    };
  }

  /** An entity's prototype and its columns: database name, property, and the conversion of a stored value. */
  private columnsOf(target: EntityTarget<ObjectLiteral>): { prototype: object; columns: { db: string; prop: string; convert: Convert | null }[] } {
    const metadata = this.dataSource.getMetadata(target);
    return {
      prototype: (metadata.target as { prototype?: object }).prototype ?? Object.prototype,
      columns: metadata.columns.map((c) => ({ db: c.databaseName, prop: c.propertyName, convert: converterOf(c, this.dialect) })),
    };
  }

  /** A SELECT's rows as arrays, with the statement's mapper to `target` (counted like every other statement). */
  private async arrayRowsOf<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    sql: string,
    params: readonly unknown[],
  ): Promise<ArrayRows & { map: ArrayRowMapper<T> }> {
    this.dataSource.logger.logQuery(sql, params as unknown[]);
    let prepared: Prepared;
    let result: ArrayRows;
    if (this.dialect === 'postgres') {
      const pg = this.pgStatement(sql);
      const pool = (this.dataSource.driver as unknown as { master: { query(q: object): Promise<{ rows: unknown[][]; fields: { name: string }[] }> } })
        .master;
      const answer = await pool.query({ name: pg.name, text: pg.text, values: params, rowMode: 'array' });
      pg.columns ??= answer.fields.map((f) => f.name);
      prepared = pg;
      result = { columns: pg.columns, rows: answer.rows };
    } else {
      let entry = this.arrayStatements.get(sql);
      if (!entry) {
        const statement = this.connection().prepare(sql).raw(true);
        entry = { statement, columns: statement.columns().map((c) => c.name), mappers: new Map() };
        this.arrayStatements.set(sql, entry);
      }
      prepared = entry;
      result = { columns: entry.columns!, rows: entry.statement.all(...params) as unknown[][] };
    }
    let map = prepared.mappers.get(target) as ArrayRowMapper<T> | undefined;
    if (!map) {
      map = this.arrayMapperOf(target, result.columns);
      prepared.mappers.set(target, map as ArrayRowMapper<ObjectLiteral>);
    }
    return { ...result, map };
  }

  private pgStatement(sql: string): Prepared & { name: string; text: string } {
    let prepared = this.pgStatements.get(sql);
    if (!prepared) {
      prepared = { name: `nr_read_${this.pgStatements.size + 1}`, text: toPgPlaceholders(sql), columns: null, mappers: new Map() };
      this.pgStatements.set(sql, prepared);
    }
    return prepared;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private connection(): SqliteDatabase {
    if (!this.sqlite) {
      const writer = (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
      const file = writer.name;
      if (!file || file === ':memory:' || writer.memory) {
        // One in-memory database has one connection: read on it.
        this.sqlite = writer;
      } else {
        const Database = writer.constructor as new (file: string, options: object) => SqliteDatabase;
        this.sqlite = new Database(file, { readonly: true, fileMustExist: true });
        this.ownConnection = true;
        this.sqlite.pragma('busy_timeout = 5000');
        // The same page cache as the writer's (SQLITE_CACHE_MB): better-sqlite3's own default is 16 MB.
        this.sqlite.pragma(`cache_size = ${Number(writer.pragma('cache_size', { simple: true }))}`);
      }
    }
    return this.sqlite;
  }

  private async pgRows<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    const prepared = this.pgStatement(sql);
    const pool = (this.dataSource.driver as unknown as { master: { query(q: object): Promise<{ rows: R[] }> } }).master;
    const result = await pool.query({ name: prepared.name, text: prepared.text, values: params });
    return result.rows;
  }
}
