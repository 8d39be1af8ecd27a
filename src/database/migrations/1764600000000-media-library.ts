import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** What uploads read from a photo's IPTC/XMP/EXIF, and where an unstripped original is kept. */
export class MediaLibrary1764600000000 implements MigrationInterface {
  name = 'MediaLibrary1764600000000';

  private readonly columns = [
    new TableColumn({ name: 'headline', type: 'varchar', length: '300', isNullable: true }),
    new TableColumn({ name: 'keywords', type: 'text', isNullable: true }),
    new TableColumn({ name: 'city', type: 'varchar', length: '200', isNullable: true }),
    new TableColumn({ name: 'country', type: 'varchar', length: '200', isNullable: true }),
    new TableColumn({ name: 'credit', type: 'varchar', length: '200', isNullable: true }),
    new TableColumn({ name: 'original_key', type: 'varchar', length: '300', isNullable: true }),
  ];

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('media', this.columns);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('media', this.columns);
  }
}
