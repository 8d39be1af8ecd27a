import { Table, TableColumn, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from './columns.js';

/**
 * Readers and comments: a reader profile next to the user account (verified, banned),
 * refresh tokens (hashed, in rotation families), one-time tokens (email verification,
 * password reset; hashed), comments in threads up to three levels deep, one report per
 * reader and comment, an exact approved-comment count on articles, and each section's
 * moderation mode (pre: held until approved; post: shown at once).
 */
export class ReadersAndComments1764900000000 implements MigrationInterface {
  name = 'ReadersAndComments1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL' = 'CASCADE') =>
      new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });
    await queryRunner.addColumn('articles', new TableColumn({ ...c.integer('comment_count', 0), isNullable: false }));
    await queryRunner.addColumn('sections', new TableColumn({ ...c.varchar('comment_moderation', 8), default: "'post'" }));
    await queryRunner.createTable(
      new Table({
        name: 'reader_profiles',
        columns: [
          c.uuid('user_id', { isPrimary: true }),
          c.timestamp('verified_at', true),
          c.timestamp('banned_at', true),
          c.varchar('ban_reason', 500, true),
        ],
        foreignKeys: [fk('user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('user_id'),
          c.uuid('family_id'),
          c.varchar('token_hash', 64),
          c.timestamp('expires_at'),
          c.timestamp('revoked_at', true),
          c.timestamp('created_at'),
        ],
        uniques: [{ name: 'uq_refresh_tokens_hash', columnNames: ['token_hash'] }],
        indices: [
          { name: 'ix_refresh_tokens_family', columnNames: ['family_id'] },
          { name: 'ix_refresh_tokens_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [fk('user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reader_tokens',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('user_id'),
          c.varchar('purpose', 16),
          c.varchar('token_hash', 64),
          c.timestamp('expires_at'),
          c.timestamp('used_at', true),
          c.timestamp('created_at'),
        ],
        uniques: [{ name: 'uq_reader_tokens_hash', columnNames: ['token_hash'] }],
        indices: [{ name: 'ix_reader_tokens_user', columnNames: ['user_id', 'purpose'] }],
        foreignKeys: [fk('user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'comments',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('article_id'),
          c.uuid('parent_id', { isNullable: true }),
          c.uuid('root_id', { isNullable: true }),
          c.integer('depth', 1),
          c.uuid('author_id', { isNullable: true }),
          c.varchar('author_name', 200),
          c.text('text', false),
          c.varchar('status', 16),
          c.varchar('spam_reason', 200, true),
          c.integer('report_count', 0),
          c.timestamp('created_at'),
          c.timestamp('edited_at', true),
        ],
        indices: [
          // The public list: an article's approved top-level comments in time order, and the replies of a page's threads.
          { name: 'ix_comments_article_status_created', columnNames: ['article_id', 'status', 'created_at', 'id'] },
          { name: 'ix_comments_root_status', columnNames: ['root_id', 'status', 'created_at'] },
          // The moderation queue, and a reader's recent comments (spam rules).
          { name: 'ix_comments_status_created', columnNames: ['status', 'created_at', 'id'] },
          { name: 'ix_comments_author_created', columnNames: ['author_id', 'created_at'] },
        ],
        foreignKeys: [fk('article_id', 'articles'), fk('author_id', 'users', 'SET NULL')],
        checks: [{ name: 'ck_comments_depth', expression: 'depth BETWEEN 1 AND 3' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'comment_reports',
        columns: [
          c.uuid('comment_id', { isPrimary: true }),
          c.uuid('reader_id', { isPrimary: true }),
          c.varchar('reason', 500),
          c.timestamp('created_at'),
        ],
        foreignKeys: [fk('comment_id', 'comments'), fk('reader_id', 'users')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['comment_reports', 'comments', 'reader_tokens', 'refresh_tokens', 'reader_profiles']) await queryRunner.dropTable(table);
    await queryRunner.dropColumn('sections', 'comment_moderation');
    await queryRunner.dropColumn('articles', 'comment_count');
  }
}
