import type { ObjectLiteral } from 'typeorm';

/**
 * The keyset condition "rows after this one" on (column, id), written as a row-value
 * comparison: SQLite and PostgreSQL both serve `(a.published_at, a.id) < (?, ?)` straight
 * from a (…, published_at, id) index, where the equivalent `x < ? OR (x = ? AND id < ?)`
 * makes SQLite merge two index scans and sort them in a temporary B-tree.
 */
export function keysetAfter(
  alias: string,
  column: string,
  direction: 'DESC' | 'ASC',
  key: { at: unknown; id: string },
): [condition: string, parameters: ObjectLiteral] {
  const suffix = `${alias}_${column}`.replace(/\W/g, '_');
  const operator = direction === 'DESC' ? '<' : '>';
  return [
    `(${alias}.${column}, ${alias}.id) ${operator} (:keyAt_${suffix}, :keyId_${suffix})`,
    { [`keyAt_${suffix}`]: key.at, [`keyId_${suffix}`]: key.id },
  ];
}
