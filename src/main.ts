import { setFlagsFromString } from 'node:v8';
import { ConfigError } from './config/env.js';

/**
 * After each full collection V8 lets the old generation grow to 1.1–4× what survived before
 * it collects again; under load that slack, not live data, was most of the server's memory.
 * 30% keeps peak RSS tens of MB lower at no measurable cost in requests/s (README,
 * "Benchmark"; 15% saved ~10 MB more but cost ~15% of the requests/s). Set here, before the
 * app is loaded, so it holds however the server is started; an operator's own
 * `--heap-growing-percent` (flag or NODE_OPTIONS) wins. The young generation's size and V8's
 * worker threads can only be set on node's command line: `npm start` does
 * (`--max-semi-space-size=8`, and `--v8-pool-size=1`: one background thread for V8's GC and
 * compiler instead of four, each of which kept its own malloc arena of freed compiler memory,
 * ~13 MB of the peak under load, at no measurable cost in requests/s).
 */
const HEAP_GROWING_PERCENT = 30;
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--heap-growing-percent'))) {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

const { startServer } = await import('./bootstrap.js');
startServer().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`\n${error.message}\n\nSee README.md, "Configuration".\n`);
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
