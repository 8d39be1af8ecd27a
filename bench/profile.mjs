// Reads a V8 .cpuprofile (node --cpu-prof) and names where the time went: the top functions by
// self time, and the project's own functions (src/) by inclusive time (their callees counted in).
// Usage: node bench/profile.mjs <file.cpuprofile> [--top 20]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.mjs';

/** Where a function lives, short: src/…, node_modules/<pkg>/…, node:internal/…; V8's own entries as they are. */
function place(url) {
  if (!url) return '';
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith('/')) path = relative(ROOT, path);
  path = path.replace(/^dist\//, '');
  const nm = path.lastIndexOf('node_modules/');
  return nm >= 0 ? path.slice(nm) : path;
}

/** Self and inclusive milliseconds per function (file:line name), idle excluded. */
export function summarizeProfile(file, { top = 20 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = place(url);
    keyOf.set(n.id, where ? `${where}:${lineNumber + 1} ${functionName || '(anonymous)'}` : functionName);
  }
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const key = keyOf.get(id);
    if (key === '(idle)') return void (idle += ms);
    total += ms;
    self.set(key, (self.get(key) ?? 0) + ms);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const k = keyOf.get(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  const rank = (map, filter = () => true) =>
    [...map]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: +((100 * ms) / total).toFixed(1) }));
  return {
    busyMs: Math.round(total),
    idleMs: Math.round(idle),
    self: rank(self),
    inclusiveSrc: rank(inclusive, (k) => k.startsWith('src/')),
  };
}

export function printProfile(summary, log = console.log) {
  const table = (title, rows) => {
    log(`\n${title}`);
    for (const r of rows) log(`  ${`${r.pct.toFixed(1)}%`.padStart(6)} ${String(r.ms).padStart(7)} ms  ${r.fn}`);
  };
  log(`\nCPU profile: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle`);
  table('Top functions by self time (% of busy time):', summary.self);
  table('Top src/ functions by inclusive time (callees included):', summary.inclusiveSrc);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
  if (!positionals[0]) {
    console.error('usage: node bench/profile.mjs <file.cpuprofile> [--top 20]');
    process.exit(1);
  }
  printProfile(summarizeProfile(positionals[0], { top: Number(values.top) }));
}
