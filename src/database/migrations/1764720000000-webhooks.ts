import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from './columns.js';

/**
 * Outbound webhooks: the receivers admins register, and one delivery per webhook and
 * event with the log of its attempts. The attempts themselves run as outbox jobs.
 */
export class Webhooks1764720000000 implements MigrationInterface {
  name = 'Webhooks1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.varchar('url', 2000),
          c.varchar('description', 200, true),
          c.text('events', false),
          { name: 'active', type: 'boolean', default: c.pg ? 'true' : 1 },
          c.varchar('secret_sealed', 500),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        indices: [{ name: 'ix_webhooks_created', columnNames: ['created_at', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('webhook_id'),
          c.varchar('event_type', 64),
          c.varchar('event_id', 64),
          c.text('payload', false),
          c.varchar('status', 16),
          c.integer('attempts', 0),
          { ...c.integer('last_response_status'), isNullable: true },
          c.varchar('last_response_excerpt', 500, true),
          c.text('last_error'),
          { ...c.integer('response_time_ms'), isNullable: true },
          c.timestamp('next_attempt_at', true),
          c.timestamp('last_attempt_at', true),
          c.timestamp('delivered_at', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [{ name: 'uq_webhook_deliveries_event', columnNames: ['webhook_id', 'event_id'] }],
        indices: [
          // A webhook's delivery log, newest first (keyset on created_at, id).
          { name: 'ix_webhook_deliveries_list', columnNames: ['webhook_id', 'created_at', 'id'] },
        ],
        foreignKeys: [{ columnNames: ['webhook_id'], referencedTableName: 'webhooks', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('webhooks');
  }
}
