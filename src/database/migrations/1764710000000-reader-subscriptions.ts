import { Table, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from './columns.js';

/**
 * Reader subscriptions by email: one row per address and edition (locale), double
 * opt-in (pending → active), tokens as SHA-256 hashes; the sections and tags each follows;
 * the articles waiting for a daily digest.
 */
export class ReaderSubscriptions1764710000000 implements MigrationInterface {
  name = 'ReaderSubscriptions1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    const fk = (column: string, table: string) =>
      new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });
    await queryRunner.createTable(
      new Table({
        name: 'subscriptions',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.varchar('email', 254),
          c.varchar('locale', 35),
          c.varchar('frequency', 16),
          { name: 'breaking_news', type: 'boolean', default: c.pg ? 'false' : 0 },
          c.varchar('status', 16),
          c.varchar('confirm_token_hash', 64, true),
          c.timestamp('confirm_expires_at', true),
          c.varchar('unsubscribe_token_hash', 64),
          c.varchar('digest_sent_on', 10, true),
          c.timestamp('confirmed_at', true),
          c.timestamp('unsubscribed_at', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [
          { name: 'uq_subscriptions_email_locale', columnNames: ['email', 'locale'] },
          { name: 'uq_subscriptions_unsubscribe_hash', columnNames: ['unsubscribe_token_hash'] },
        ],
        indices: [
          { name: 'ix_subscriptions_confirm_hash', columnNames: ['confirm_token_hash'] },
          { name: 'ix_subscriptions_status_locale', columnNames: ['status', 'locale', 'id'] },
        ],
      }),
    );
    for (const [table, other] of [
      ['subscription_sections', 'section'],
      ['subscription_tags', 'tag'],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [c.uuid('subscription_id', { isPrimary: true }), c.uuid(`${other}_id`, { isPrimary: true })],
          foreignKeys: [fk('subscription_id', 'subscriptions'), fk(`${other}_id`, `${other}s`)],
          indices: [{ name: `ix_${table}_${other}`, columnNames: [`${other}_id`, 'subscription_id'] }],
        }),
      );
    }
    await queryRunner.createTable(
      new Table({
        name: 'subscription_digest_items',
        columns: [
          c.uuid('subscription_id', { isPrimary: true }),
          c.uuid('article_id', { isPrimary: true }),
          c.timestamp('created_at'),
          c.varchar('digested_on', 10, true),
        ],
        foreignKeys: [fk('subscription_id', 'subscriptions'), fk('article_id', 'articles')],
        indices: [{ name: 'ix_subscription_digest_items_pending', columnNames: ['digested_on', 'subscription_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['subscription_digest_items', 'subscription_tags', 'subscription_sections', 'subscriptions']) {
      await queryRunner.dropTable(table);
    }
  }
}
