import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The editorial workflow: scheduled take-downs, revisions, public corrections and
 * the append-only audit log. Table API only, so it runs on SQLite and PostgreSQL.
 */
export class EditorialWorkflow1764400000000 implements MigrationInterface {
  name = 'EditorialWorkflow1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    const uuid = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
      pg ? { name, type: 'uuid', ...extra } : { name, type: 'varchar', length: '36', ...extra };
    const ts = (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const cascadeToArticle = { columnNames: ['article_id'], referencedTableName: 'articles', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

    await queryRunner.addColumn('articles', new TableColumn(ts('unpublish_at', true)));
    // The scheduler's two questions: what is due to go live, what is due to come down.
    await queryRunner.createIndices('articles', [
      new TableIndex({ name: 'ix_articles_status_publish_at', columnNames: ['status', 'publish_at'] }),
      new TableIndex({ name: 'ix_articles_status_unpublish_at', columnNames: ['status', 'unpublish_at'] }),
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'article_revisions',
        columns: [
          uuid('id', { isPrimary: true }),
          uuid('article_id'),
          { name: 'version', type: 'integer' },
          text('snapshot', false),
          str('action', 32),
          uuid('actor_id', { isNullable: true }),
          str('actor_label', 300),
          text('note'),
          ts('created_at'),
        ],
        uniques: [{ name: 'uq_article_revisions_version', columnNames: ['article_id', 'version'] }],
        foreignKeys: [cascadeToArticle],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'article_corrections',
        columns: [
          uuid('id', { isPrimary: true }),
          uuid('article_id'),
          text('text', false),
          { name: 'version', type: 'integer' },
          str('actor_label', 300),
          ts('created_at'),
        ],
        foreignKeys: [cascadeToArticle],
        indices: [{ name: 'ix_article_corrections_article', columnNames: ['article_id', 'created_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          uuid('id', { isPrimary: true }),
          ts('at'),
          str('actor_kind', 16),
          uuid('actor_id', { isNullable: true }),
          str('actor_label', 300),
          str('credential', 64),
          str('action', 100),
          str('entity_type', 32),
          str('entity_id', 200, true),
          text('detail'),
          str('request_id', 100, true),
        ],
        indices: [
          { name: 'ix_audit_log_at', columnNames: ['at', 'id'] },
          { name: 'ix_audit_log_entity', columnNames: ['entity_type', 'entity_id'] },
          { name: 'ix_audit_log_actor', columnNames: ['actor_id', 'at'] },
        ],
      }),
    );
    // Append-only, enforced by the database itself: no code path (or stray SQL) can rewrite history.
    if (pg) {
      await queryRunner.query(
        `CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`,
      );
      await queryRunner.query(
        `CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.dropTable('audit_log');
    if (pg) await queryRunner.query('DROP FUNCTION IF EXISTS audit_log_append_only()');
    await queryRunner.dropTable('article_corrections');
    await queryRunner.dropTable('article_revisions');
    await queryRunner.dropIndex('articles', 'ix_articles_status_unpublish_at');
    await queryRunner.dropIndex('articles', 'ix_articles_status_publish_at');
    await queryRunner.dropColumn('articles', 'unpublish_at');
  }
}
