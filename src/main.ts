import { setFlagsFromString } from 'node:v8';
import { ConfigError } from './config/env.js';

/**
 * V8 settings for a server's steady load, set here, before the app is loaded, so they hold however
 * the server is started; an operator's own flag (command line or NODE_OPTIONS) wins. Measured with
 * `npm run bench` (README, "Benchmark"):
 * - `--heap-growing-percent=30`: after each full collection V8 lets the old generation grow to
 *   1.1–4× what survived before it collects again; under load that slack, not live data, was most
 *   of the server's memory. 30% keeps peak RSS tens of MB lower at no measurable cost in requests/s
 *   (15% saved ~10 MB more but cost ~15% of the requests/s).
 * - `--no-allocation-site-pretenuring`: V8 otherwise starts allocating objects straight into the old
 *   generation from any code whose objects have survived a young collection. A request's objects
 *   survive one whenever a collection falls in the middle of it, and they die with the request, so
 *   they filled the old generation and brought on a full collection every few hundred ms. With the
 *   young generation below, search used 8.4 ms of CPU per request with it and 4.1 without, the
 *   GraphQL list 4.2 and 2.9.
 * The young generation's size and V8's worker threads can only be set on node's command line:
 * `npm start` does (`--max-semi-space-size=4`: 4 MB halves, small enough to stay in the CPU's
 * caches; and `--v8-pool-size=1`: one background thread for V8's GC and compiler instead of four,
 * each of which kept its own malloc arena of freed compiler memory, ~13 MB of the peak under load,
 * at no measurable cost in requests/s).
 */
const V8_SETTINGS = [
  ['--heap-growing-percent', '--heap-growing-percent=30'],
  ['allocation-site-pretenuring', '--no-allocation-site-pretenuring'],
] as const;
const operatorFlags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
for (const [name, flag] of V8_SETTINGS) {
  if (!operatorFlags.some((arg) => arg.includes(name))) setFlagsFromString(flag);
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
