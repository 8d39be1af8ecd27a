import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How `npm start` runs the production server: its node flags and entry file, from package.json's "start". */
export interface StartCommand {
  /** Flags for node before the entry (V8's heap settings). */
  nodeArgs: string[];
  /** The entry file, relative to the project root. */
  entry: string;
}

/**
 * Reads package.json's "start" script (`node [--flags…] <entry>`), so that the benchmark and the
 * tests that run the server as a process start it exactly as operators do.
 */
export function startCommand(root: string): StartCommand {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = scripts.start.trim().split(/\s+/);
  const entry = words.at(-1);
  if (words[0] !== 'node' || !entry || words.length < 2 || !words.slice(1, -1).every((w) => w.startsWith('--'))) {
    throw new Error(`package.json "start" must read "node [--flag …] <entry>", not "${scripts.start}"`);
  }
  return { nodeArgs: words.slice(1, -1), entry: join(root, entry) };
}
