import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readAppConfig } from '../config/app.config.js';
import { CliError } from './cli-error.js';
import { withApp } from './context.js';
import { fingerprint, readState, statePath, writeState } from './import-state.js';
import { positiveInt } from './options.js';
import { createProgress } from './progress.js';

/** `import <file.jsonl>`: streams an export (or any file in its format) in, resumably. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import content from a JSON Lines file in the `export --format jsonl` format, in batches, resumably')
    .argument('<file>', 'the .jsonl file')
    .option('--resume', 'continue after the last line an earlier, interrupted import of this same file committed')
    .option('--batch <n>', 'articles per transaction', positiveInt, 200)
    .addHelpText(
      'after',
      `
Each line is validated with the API's own rules. A bad line is reported on stderr with
its line number and skipped (never half an article); the command then exits with 1.
Progress is committed with each batch (and kept in DATA_DIR/imports/<sha256>.json), so
after an interruption \`--resume\` carries on where it stopped. Articles whose slug and
locale exist already are skipped, so running a file twice adds nothing.

Examples:
  npm run cli -- import content.jsonl
  npm run cli -- import content.jsonl --resume --batch 500`,
    )
    .action(async (file: string, options: { resume?: boolean; batch: number }) => {
      const path = resolve(file);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) throw new CliError(`No such file: ${file}`, 2);
      const { sha256, size, lines } = await fingerprint(path);
      const stateFile = statePath(readAppConfig().dataDir, sha256);
      const saved = await readState(stateFile);
      let started = Date.now();
      const { ContentImporter } = await import('./content-import.js');
      const result = await withApp(async (app) => {
        // The rate counts the import itself, not the application's start.
        started = Date.now();
        let startAfter = 0;
        if (options.resume) {
          // The audit entry is committed with the data; the state file is written just after it.
          startAfter = Math.max(await ContentImporter.committedLine(app, sha256), saved?.lastLine ?? 0);
          if (saved?.done) {
            process.stderr.write(`This file was imported completely before (${saved.updatedAt}); checking again from line 1.\n`);
            startAfter = 0;
          } else if (startAfter > 0) process.stderr.write(`Resuming after line ${startAfter} of ${lines}.\n`);
          else process.stderr.write('No earlier import of this file was found; starting at line 1.\n');
        } else if (saved && !saved.done) {
          process.stderr.write(`An earlier import of this file stopped after line ${saved.lastLine}; add --resume to continue from there.\n`);
        }
        const progress = createProgress('import', lines, 'lines');
        progress.update(startAfter);
        const importer = new ContentImporter(app, {
          file: path,
          sha256,
          size,
          totalLines: lines,
          startAfter,
          batchSize: options.batch,
          onCommit: async (state) => {
            await writeState(stateFile, state);
            const seconds = (Date.now() - started) / 1000;
            progress.update(state.lastLine, `${state.counts.articles} articles, ${rate(state.counts.articles, seconds)} articles/s`);
          },
          onBadLine: (line, reason) => process.stderr.write(`line ${line}: ${reason}\n`),
        });
        try {
          return await importer.run();
        } finally {
          progress.stop();
        }
      });
      const seconds = (Date.now() - started) / 1000;
      const parts = [
        `${result.articles} articles imported`,
        result.existing ? `${result.existing} already there` : '',
        result.sections || result.tags || result.authors ? `${result.sections} sections, ${result.tags} tags, ${result.authors} authors created` : '',
        result.badLines ? `${result.badLines} bad lines skipped` : '',
      ].filter(Boolean);
      process.stdout.write(`${parts.join('; ')} in ${seconds.toFixed(1)} s (${rate(result.articles, seconds)} articles/s).\n`);
      if (result.badLines) throw new CliError(`${result.badLines} line(s) could not be imported (listed above).`);
    });
}

const rate = (n: number, seconds: number) => (seconds > 0 ? Math.round(n / seconds) : n);
