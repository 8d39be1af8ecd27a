import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Embargoes that ended since the scheduler's last pass are found by range on embargo_until
 * (the cache purges for them every few seconds); without this index that question read
 * every published article, each time.
 */
export class EmbargoIndex1765000000000 implements MigrationInterface {
  name = 'EmbargoIndex1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('articles', new TableIndex({ name: 'ix_articles_embargo_until', columnNames: ['embargo_until'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('articles', 'ix_articles_embargo_until');
  }
}
