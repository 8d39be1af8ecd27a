import { Brackets } from 'typeorm';
import { isEditorial, type Actor } from '../auth/roles.js';
import { dbDate } from '../database/column-types.js';
import type { ArticleEntity } from './article.entity.js';

/**
 * The one visibility rule: readers see an article only once it is published and
 * past any embargo. Every public read path goes through here: single reads through
 * `canSee`, queries through `publiclyVisibleSql` (the same rule, as a WHERE clause).
 */
export function isPubliclyVisible(article: Pick<ArticleEntity, 'status' | 'embargoUntil'>, now: Date): boolean {
  return article.status === 'published' && (article.embargoUntil === null || article.embargoUntil.getTime() <= now.getTime());
}

/** Newsroom staff (author and up) see every state; readers and anonymous clients see the public view. */
export function canSee(actor: Actor | null, article: Pick<ArticleEntity, 'status' | 'embargoUntil'>, now: Date): boolean {
  return isEditorial(actor) || isPubliclyVisible(article, now);
}

/** `isPubliclyVisible` as raw SQL on an articles alias, with one `?`: the moment (dbDate(now)). */
export function publiclyVisibleWhere(alias: string): string {
  return `${alias}.status = 'published' AND (${alias}.embargo_until IS NULL OR ${alias}.embargo_until <= ?)`;
}

/** `isPubliclyVisible` as a WHERE clause on an articles alias, for every public query through TypeORM. */
export function publiclyVisibleSql(alias: string, now: Date): Brackets {
  return new Brackets((where) =>
    where
      .where(`${alias}.status = :visibleStatus`, { visibleStatus: 'published' })
      .andWhere(
        new Brackets((embargo) =>
          embargo.where(`${alias}.embargo_until IS NULL`).orWhere(`${alias}.embargo_until <= :visibleAt`, { visibleAt: dbDate(now) }),
        ),
      ),
  );
}
