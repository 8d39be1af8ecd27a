/** Constraint violations, recognised on both drivers (better-sqlite3 codes and PostgreSQL SQLSTATEs). */
function codeOf(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  return String(e?.driverError?.code ?? e?.code ?? '');
}

export const isUniqueViolation = (error: unknown): boolean =>
  ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'].includes(codeOf(error));

/** SQLite reports ON DELETE RESTRICT as SQLITE_CONSTRAINT_TRIGGER with the foreign-key message. */
export const isForeignKeyViolation = (error: unknown): boolean => {
  const code = codeOf(error);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return true;
  return code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY constraint failed/i.test(String((error as Error)?.message ?? ''));
};
