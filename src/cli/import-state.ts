import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What an import has committed so far; the file is named after the input's content, so a changed file starts afresh. */
export interface ImportState {
  file: string;
  sha256: string;
  size: number;
  totalLines: number;
  /** Every line up to this one (1-based) is committed. */
  lastLine: number;
  done: boolean;
  updatedAt: string;
  counts: ImportCounts;
}

export interface ImportCounts {
  articles: number;
  existing: number;
  sections: number;
  tags: number;
  authors: number;
  badLines: number;
}

export const emptyCounts = (): ImportCounts => ({ articles: 0, existing: 0, sections: 0, tags: 0, authors: 0, badLines: 0 });

/** The input's sha256, size and line count, in one streaming pass. */
export async function fingerprint(path: string): Promise<{ sha256: string; size: number; lines: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    last = chunk[chunk.length - 1];
  }
  if (size > 0 && last !== 10) lines += 1;
  return { sha256: hash.digest('hex'), size, lines };
}

/** DATA_DIR/imports/<sha256>.json: the state belongs with the database the import went into. */
export const statePath = (dataDir: string, sha256: string): string => join(dataDir, 'imports', `${sha256}.json`);

export async function readState(path: string): Promise<ImportState | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ImportState;
  } catch {
    return null;
  }
}

/** Written whole and renamed into place, so a kill never leaves half a state file. */
export async function writeState(path: string, state: ImportState): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temp, path);
}
