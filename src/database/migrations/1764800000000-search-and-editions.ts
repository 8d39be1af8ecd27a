import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { BodyBlock } from '../../articles/body/blocks.js';
import { analyzedDocument, pgConfigFor, searchDocument, tsvectorParams } from '../../search/search-document.js';

const TRANSLATION_LOCALE = new TableIndex({
  name: 'uq_articles_translation_locale',
  columnNames: ['translation_group_id', 'locale'],
  isUnique: true,
});

/**
 * Search and editions. The full-text index of articles: on SQLite an FTS5 table (unicode61,
 * diacritics folded) of stemmed words with a table mapping article ids to its rowids; on
 * PostgreSQL a weighted tsvector per article, in its language's configuration, under a GIN
 * index. Existing articles are indexed here. And one version per locale in a translation group.
 */
export class SearchAndEditions1764800000000 implements MigrationInterface {
  name = 'SearchAndEditions1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.createIndex('articles', TRANSLATION_LOCALE);
    if (pg) {
      await queryRunner.query(`CREATE TABLE article_search (
        article_id uuid PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        config varchar(32) NOT NULL,
        body_text text NOT NULL,
        tags text NOT NULL,
        document tsvector NOT NULL)`);
      await queryRunner.query('CREATE INDEX ix_article_search_document ON article_search USING GIN (document)');
    } else {
      await queryRunner.query(`CREATE TABLE article_search_docs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id varchar(36) NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE)`);
      await queryRunner.query(
        `CREATE VIRTUAL TABLE article_search_fts USING fts5(headline, lead, body, tags, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
      );
    }
    await this.indexExisting(queryRunner, pg);
  }

  private async indexExisting(queryRunner: QueryRunner, pg: boolean): Promise<void> {
    const articles = (await queryRunner.query('SELECT id, locale, headline, lead, body FROM articles')) as {
      id: string;
      locale: string;
      headline: string;
      lead: string | null;
      body: string;
    }[];
    const tagRows = (await queryRunner.query(
      'SELECT l.article_id AS article_id, t.name AS name FROM article_tags l INNER JOIN tags t ON t.id = l.tag_id ORDER BY l.position',
    )) as { article_id: string; name: string }[];
    for (const article of articles) {
      const tags = tagRows.filter((r) => r.article_id === article.id).map((r) => r.name);
      const doc = searchDocument({ ...article, body: JSON.parse(article.body) as BodyBlock[] }, tags);
      if (pg) {
        await queryRunner.query(
          `INSERT INTO article_search (article_id, config, body_text, tags, document) VALUES ($1, $2::text, $3, $4,
            setweight(to_tsvector($2::text::regconfig, $5), 'A') || setweight(to_tsvector($2::text::regconfig, $6), 'B') ||
            setweight(to_tsvector($2::text::regconfig, $7), 'B') || setweight(to_tsvector($2::text::regconfig, $8), 'C'))`,
          [article.id, pgConfigFor(article.locale), doc.body, doc.tags, ...tsvectorParams(doc)],
        );
      } else {
        const analyzed = analyzedDocument(doc, article.locale);
        const [{ id }] = (await queryRunner.query('INSERT INTO article_search_docs (article_id) VALUES (?) RETURNING id', [article.id])) as {
          id: number;
        }[];
        await queryRunner.query('INSERT INTO article_search_fts (rowid, headline, lead, body, tags) VALUES (?, ?, ?, ?, ?)', [
          id,
          analyzed.headline,
          analyzed.lead,
          analyzed.body,
          analyzed.tags,
        ]);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    if (pg) {
      await queryRunner.query('DROP TABLE article_search');
    } else {
      await queryRunner.query('DROP TABLE article_search_fts');
      await queryRunner.query('DROP TABLE article_search_docs');
    }
    await queryRunner.dropIndex('articles', TRANSLATION_LOCALE);
  }
}
