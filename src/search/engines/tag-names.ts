import type { EntityManager } from 'typeorm';
import { ArticleTagEntity } from '../../articles/article.entity.js';
import { TagEntity } from '../../taxonomy/tag.entity.js';

/** The names of an article's tags, in editorial order, read inside the writing transaction. */
export async function tagNamesOf(manager: EntityManager, articleId: string): Promise<string[]> {
  const rows = await manager
    .createQueryBuilder(TagEntity, 't')
    .innerJoin(ArticleTagEntity, 'l', 'l.tag_id = t.id')
    .select('t.name', 'name')
    .where('l.article_id = :articleId', { articleId })
    .orderBy('l.position', 'ASC')
    .getRawMany<{ name: string }>();
  return rows.map((r) => r.name);
}
