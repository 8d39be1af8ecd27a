/** Constraint violations, recognised on both drivers (better-sqlite3 codes and PostgreSQL SQLSTATEs). */
function codeOf(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  return String(e?.driverError?.code ?? e?.code ?? '');
}

export const isUniqueViolation = (error: unknown): boolean => ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'].includes(codeOf(error));
export const isForeignKeyViolation = (error: unknown): boolean => ['SQLITE_CONSTRAINT_FOREIGNKEY', '23503'].includes(codeOf(error));
