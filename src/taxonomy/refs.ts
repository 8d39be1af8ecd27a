import { In, type FindOptionsWhere, type Repository } from 'typeorm';
import { badRequest, conflict, type FieldError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../common/errors/db-errors.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';

interface SluggedRow {
  id: string;
  slug: string;
}

/**
 * Rows named in input by slug or id, in one query: input order kept, duplicates
 * (also a slug and the id of the same row) dropped, every unknown one reported
 * as `field[i]`.
 */
export async function resolveSlugOrIdRefs<T extends SluggedRow>(
  repository: Repository<T>,
  refs: readonly string[],
  field: string,
  what: string,
): Promise<T[]> {
  if (refs.length === 0) return [];
  const keys = refs.map((ref) => (UUID_PATTERN.test(ref) ? { id: ref.toLowerCase() } : { slug: ref }));
  const ids = [...new Set(keys.flatMap((key) => (key.id ? [key.id] : [])))];
  const slugs = [...new Set(keys.flatMap((key) => (key.slug !== undefined ? [key.slug] : [])))];
  const where = [
    ...(ids.length ? [{ id: In(ids) } as FindOptionsWhere<T>] : []),
    ...(slugs.length ? [{ slug: In(slugs) } as FindOptionsWhere<T>] : []),
  ];
  const rows = await repository.findBy(where);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const bySlug = new Map(rows.map((row) => [row.slug, row]));

  const found: T[] = [];
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  const unknown: string[] = [];
  keys.forEach((key, i) => {
    const row = key.id ? byId.get(key.id) : bySlug.get(key.slug ?? '');
    if (!row) {
      errors.push({ field: `${field}[${i}]`, message: `no ${what} "${refs[i]}"` });
      unknown.push(`"${refs[i]}"`);
    } else if (!seen.has(row.id)) {
      seen.add(row.id);
      found.push(row);
    }
  });
  if (errors.length) throw badRequest('UNKNOWN_REFERENCE', `${field}: no ${what} ${[...new Set(unknown)].join(', ')}.`, errors);
  return found;
}

/** Runs a write; a unique violation (the slug, the only unique key besides the app-made id) becomes 409 SLUG_TAKEN. */
export async function writeWithUniqueSlug<R>(what: string, slug: string, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(what, slug);
    throw error;
  }
}

export const slugTaken = (what: string, slug: string) => conflict('SLUG_TAKEN', `A ${what} with slug "${slug}" already exists.`);
