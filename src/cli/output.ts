/** Rows as an aligned text table, or as JSON Lines for scripts. */
export function printTable(rows: Record<string, string | number>[], json = false, out: NodeJS.WritableStream = process.stdout): void {
  if (json) {
    for (const row of rows) out.write(`${JSON.stringify(row)}\n`);
    return;
  }
  if (rows.length === 0) {
    out.write('(none)\n');
    return;
  }
  const columns = Object.keys(rows[0]);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  out.write(`${line(columns)}\n`);
  for (const row of rows) out.write(`${line(columns.map((c) => String(row[c])))}\n`);
}
