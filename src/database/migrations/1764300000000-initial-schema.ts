import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The content core: users and API keys, sections, tags, authors, media, articles.
 * Written with the QueryRunner Table API so it runs unchanged on SQLite and PostgreSQL;
 * it describes the tables as they were on this day and imports no entity.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    const uuid = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
      pg ? { name, type: 'uuid', ...extra } : { name, type: 'varchar', length: '36', ...extra };
    const id = (): TableColumnOptions => uuid('id', { isPrimary: true });
    const ts = (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const int = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', ...extra });
    const bool = (name: string, value: boolean): TableColumnOptions => ({ name, type: 'boolean', default: pg ? String(value) : value ? 1 : 0 });
    const stamps = [ts('created_at'), ts('updated_at')];
    const fk = (columns: string[], table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT') =>
      new TableForeignKey({ columnNames: columns, referencedTableName: table, referencedColumnNames: ['id'], onDelete });

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [id(), str('email', 254), str('password_hash', 200), str('role', 16), str('display_name', 200), ...stamps],
        uniques: [{ name: 'uq_users_email', columnNames: ['email'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          id(),
          str('name', 100),
          str('prefix', 16),
          str('key_hash', 64),
          str('role', 16),
          uuid('created_by_id', { isNullable: true }),
          ts('created_at'),
          ts('last_used_at', true),
        ],
        uniques: [{ name: 'uq_api_keys_hash', columnNames: ['key_hash'] }],
        foreignKeys: [fk(['created_by_id'], 'users', 'SET NULL')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'media',
        columns: [
          id(),
          str('kind', 16),
          str('mime_type', 100),
          int('size'),
          str('sha256', 64),
          int('width', { isNullable: true }),
          int('height', { isNullable: true }),
          str('storage_key', 300),
          str('original_filename', 255, true),
          text('caption'),
          text('alt_text'),
          str('creator', 200, true),
          str('source', 200, true),
          str('copyright_notice', 300, true),
          str('credit_line', 300, true),
          str('mediabank_url', 2000, true),
          { name: 'focal_x', type: 'real', isNullable: true },
          { name: 'focal_y', type: 'real', isNullable: true },
          ts('date_created', true),
          ...stamps,
        ],
        uniques: [{ name: 'uq_media_sha256', columnNames: ['sha256'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sections',
        columns: [
          id(),
          str('slug', 160),
          str('locale', 35),
          str('name', 200),
          text('description'),
          uuid('parent_id', { isNullable: true }),
          int('position', { default: 0 }),
          str('seo_title', 200, true),
          str('seo_description', 500, true),
          ...stamps,
        ],
        uniques: [{ name: 'uq_sections_locale_slug', columnNames: ['locale', 'slug'] }],
        foreignKeys: [fk(['parent_id'], 'sections', 'RESTRICT')],
        indices: [{ name: 'ix_sections_parent', columnNames: ['parent_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tags',
        columns: [id(), str('slug', 160), str('name', 200), str('kind', 16), str('media_topic_uri', 200, true), ...stamps],
        uniques: [{ name: 'uq_tags_slug', columnNames: ['slug'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'authors',
        columns: [id(), str('slug', 160), str('name', 200), text('bio'), uuid('photo_id', { isNullable: true }), ...stamps],
        uniques: [{ name: 'uq_authors_slug', columnNames: ['slug'] }],
        foreignKeys: [fk(['photo_id'], 'media', 'SET NULL')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'articles',
        columns: [
          id(),
          str('slug', 160),
          str('locale', 35),
          uuid('translation_group_id'),
          str('headline', 300),
          text('lead'),
          str('dateline', 200, true),
          text('body', false),
          uuid('section_id'),
          uuid('main_image_id', { isNullable: true }),
          str('status', 16),
          ts('publish_at', true),
          ts('published_at', true),
          ts('first_published_at', true),
          ts('embargo_until', true),
          bool('is_breaking', false),
          int('urgency', { default: 5 }),
          bool('comments_enabled', true),
          int('version'),
          str('seo_title', 200, true),
          str('seo_description', 500, true),
          str('canonical_url', 2000, true),
          uuid('created_by_id', { isNullable: true }),
          ...stamps,
        ],
        uniques: [{ name: 'uq_articles_locale_slug', columnNames: ['locale', 'slug'] }],
        foreignKeys: [
          fk(['section_id'], 'sections', 'RESTRICT'),
          fk(['main_image_id'], 'media', 'RESTRICT'),
          fk(['created_by_id'], 'users', 'SET NULL'),
        ],
      }),
    );
    // The public read paths: newest published first, overall and per section; editors' lists by updated_at.
    await queryRunner.createIndices('articles', [
      new TableIndex({ name: 'ix_articles_status_published', columnNames: ['status', 'published_at', 'id'] }),
      new TableIndex({ name: 'ix_articles_section_status_published', columnNames: ['section_id', 'status', 'published_at', 'id'] }),
      new TableIndex({ name: 'ix_articles_locale_status_published', columnNames: ['locale', 'status', 'published_at', 'id'] }),
      new TableIndex({ name: 'ix_articles_updated', columnNames: ['updated_at', 'id'] }),
      new TableIndex({ name: 'ix_articles_translation_group', columnNames: ['translation_group_id'] }),
      new TableIndex({ name: 'ix_articles_main_image', columnNames: ['main_image_id'] }),
    ]);
    for (const [table, other] of [
      ['article_tags', 'tag'],
      ['article_authors', 'author'],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [uuid('article_id', { isPrimary: true }), uuid(`${other}_id`, { isPrimary: true }), int('position')],
          foreignKeys: [fk(['article_id'], 'articles', 'CASCADE'), fk([`${other}_id`], `${other}s`, 'CASCADE')],
          indices: [{ name: `ix_${table}_${other}`, columnNames: [`${other}_id`, 'article_id'] }],
        }),
      );
    }
    // Every media an article uses (main image and body images): media in use cannot be deleted.
    await queryRunner.createTable(
      new Table({
        name: 'article_media',
        columns: [uuid('article_id', { isPrimary: true }), uuid('media_id', { isPrimary: true })],
        foreignKeys: [fk(['article_id'], 'articles', 'CASCADE'), fk(['media_id'], 'media', 'RESTRICT')],
        indices: [{ name: 'ix_article_media_media', columnNames: ['media_id', 'article_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'article_media',
      'article_authors',
      'article_tags',
      'articles',
      'authors',
      'tags',
      'sections',
      'media',
      'api_keys',
      'users',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
