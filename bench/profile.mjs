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

/**
 * Self and inclusive milliseconds per function (file:line name), idle excluded; only the samples
 * inside `windows` ([from, to] in microseconds of the monotonic clock, process.hrtime's and
 * V8's) when given, so the server's start-up is left out; `by` adds one summary per window.
 */
export function summarizeProfile(file, { top = 20, windows = null, byTop = 8 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = place(url);
    keyOf.set(n.id, where ? `${where}:${lineNumber + 1} ${functionName || '(anonymous)'}` : functionName);
  }
  const tally = () => ({ self: new Map(), inclusive: new Map(), busy: 0, idle: 0 });
  const all = tally();
  const per = (windows ?? []).map((w) => ({ ...w, t: tally() }));
  const add = (t, id, ms) => {
    const key = keyOf.get(id);
    if (key === '(idle)') return void (t.idle += ms);
    t.busy += ms;
    t.self.set(key, (t.self.get(key) ?? 0) + ms);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const k = keyOf.get(n);
      if (seen.has(k)) continue;
      seen.add(k);
      t.inclusive.set(k, (t.inclusive.get(k) ?? 0) + ms);
    }
  };
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const ms = delta / 1000;
    if (!windows) return add(all, id, ms);
    const w = per.find((x) => at >= x.from && at <= x.to);
    if (!w) return;
    add(all, id, ms);
    add(w.t, id, ms);
  });
  const rank = (t, map, n, filter = () => true) =>
    [...map]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: +((100 * ms) / t.busy).toFixed(1) }));
  const summary = (t, n) => ({
    busyMs: Math.round(t.busy),
    idleMs: Math.round(t.idle),
    self: rank(t, t.self, n),
    inclusiveSrc: rank(t, t.inclusive, n, (k) => k.startsWith('src/')),
  });
  return { ...summary(all, top), by: per.map((w) => ({ name: w.name, ...summary(w.t, byTop) })) };
}

export function printProfile(summary, log = console.log) {
  const table = (title, rows, indent = '  ') => {
    log(`${title}`);
    for (const r of rows) log(`${indent}${`${r.pct.toFixed(1)}%`.padStart(6)} ${String(r.ms).padStart(7)} ms  ${r.fn}`);
  };
  for (const w of summary.by ?? []) {
    log(`\n${w.name}: ${w.busyMs} ms busy, ${w.idleMs} ms idle`);
    table('  self time:', w.self, '    ');
    table('  src/, inclusive:', w.inclusiveSrc, '    ');
  }
  log(`\nCPU profile${summary.by?.length ? ', all the endpoints above' : ''}: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle`);
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
