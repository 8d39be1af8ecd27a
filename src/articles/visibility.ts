import { isEditorial, type Actor } from '../auth/roles.js';
import type { ArticleEntity } from './article.entity.js';

/**
 * The one visibility rule: readers see an article only once it is published and
 * past any embargo. Every public read path goes through here (the list query
 * carries the same rule in SQL: ArticlesRepository.wherePubliclyVisible).
 */
export function isPubliclyVisible(article: Pick<ArticleEntity, 'status' | 'embargoUntil'>, now: Date): boolean {
  return article.status === 'published' && (article.embargoUntil === null || article.embargoUntil.getTime() <= now.getTime());
}

/** Newsroom staff (author and up) see every state; readers and anonymous clients see the public view. */
export function canSee(actor: Actor | null, article: Pick<ArticleEntity, 'status' | 'embargoUntil'>, now: Date): boolean {
  return isEditorial(actor) || isPubliclyVisible(article, now);
}
