import type { SelectQueryBuilder } from 'typeorm';
import { publiclyVisibleSql } from '../../articles/visibility.js';
import { dbDate } from '../../database/column-types.js';
import type { SearchCriteria } from '../search-engine.js';

/** The filters both engines apply to the articles alias `a`: the one visibility rule first. */
export function applyFilters<T extends object>(qb: SelectQueryBuilder<T>, criteria: SearchCriteria): SelectQueryBuilder<T> {
  qb.andWhere(publiclyVisibleSql('a', criteria.now));
  if (criteria.locale) qb.andWhere('a.locale = :locale', { locale: criteria.locale });
  if (criteria.sectionIds) qb.andWhere('a.section_id IN (:...sectionIds)', { sectionIds: criteria.sectionIds });
  if (criteria.tagId) qb.andWhere('EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = :tagId)', { tagId: criteria.tagId });
  if (criteria.from) qb.andWhere('a.published_at >= :publishedFrom', { publishedFrom: dbDate(criteria.from) });
  if (criteria.to) qb.andWhere('a.published_at <= :publishedTo', { publishedTo: dbDate(criteria.to) });
  return qb;
}

/** Best first, from the hit after `after`, limit + 1 rows, over the scored rows of `inner`. */
export function pageOf<T extends object>(
  outer: SelectQueryBuilder<T>,
  criteria: SearchCriteria,
  scoreCast: (param: string) => string,
): SelectQueryBuilder<T> {
  if (criteria.after) {
    outer.where(`(r.score, r.id) < (${scoreCast(':afterScore')}, :afterId)`, { afterScore: criteria.after.score, afterId: criteria.after.id });
  }
  return outer
    .orderBy('r.score', 'DESC')
    .addOrderBy('r.id', 'DESC')
    .limit(criteria.limit + 1);
}
