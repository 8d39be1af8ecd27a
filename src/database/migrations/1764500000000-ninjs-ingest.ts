import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Wire ingest of IPTC ninjs: which article each ingested item (by its ninjs `uri`)
 * became, and at which item version, so a repeat changes nothing and a new version
 * updates the same article. Table API only, so it runs on SQLite and PostgreSQL.
 */
export class NinjsIngest1764500000000 implements MigrationInterface {
  name = 'NinjsIngest1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    const uuid = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
      pg ? { name, type: 'uuid', ...extra } : { name, type: 'varchar', length: '36', ...extra };
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'ingested_items',
        columns: [
          uuid('id', { isPrimary: true }),
          // Bytes, not characters: a PostgreSQL index entry must stay well under its 2.7 kB limit.
          str('uri', 1000),
          str('version', 100, true),
          uuid('article_id'),
          { name: 'ingested_at', type: pg ? 'timestamptz' : 'datetime' },
        ],
        uniques: [{ name: 'uq_ingested_items_uri', columnNames: ['uri'] }],
        // Deleting the article forgets the item: ingesting it again makes a new article.
        foreignKeys: [{ columnNames: ['article_id'], referencedTableName: 'articles', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'ix_ingested_items_article', columnNames: ['article_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ingested_items');
  }
}
