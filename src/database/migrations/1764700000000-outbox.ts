import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from './columns.js';

/**
 * The outbox: work that must happen because of a committed change (a realtime event,
 * emails to subscribers, webhook deliveries), recorded in the same transaction as the
 * change and carried out afterwards, with retries, by whichever instance claims it.
 */
export class Outbox1764700000000 implements MigrationInterface {
  name = 'Outbox1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'outbox_jobs',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.varchar('consumer', 64),
          c.varchar('type', 64),
          c.varchar('dedupe_key', 300, true),
          c.text('payload', false),
          c.varchar('status', 16),
          c.integer('attempts', 0),
          c.integer('max_attempts'),
          c.timestamp('available_at'),
          c.timestamp('locked_until', true),
          c.varchar('locked_by', 64, true),
          c.text('last_error'),
          c.timestamp('created_at'),
          c.timestamp('finished_at', true),
        ],
        uniques: [{ name: 'uq_outbox_jobs_dedupe_key', columnNames: ['dedupe_key'] }],
        indices: [
          // The worker's question: what is due now, oldest first.
          { name: 'ix_outbox_jobs_status_available', columnNames: ['status', 'available_at'] },
          { name: 'ix_outbox_jobs_consumer_status', columnNames: ['consumer', 'status'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbox_jobs');
  }
}
