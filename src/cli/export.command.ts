import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { ArticleStatus } from '../articles/article.entity.js';
import { withApp } from './context.js';
import type { ExportFormat } from './content-export.js';

/** ARTICLE_STATUSES, written out so `--help` needs no entity (articles.e2e checks the workflow's states). */
const STATUSES: readonly ArticleStatus[] = ['draft', 'in_review', 'scheduled', 'published', 'archived'];

/** `export`: content as JSON Lines (for import) or ninjs, streamed. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export content, one JSON object per line: our own records (sections, tags, authors, articles) or ninjs 3.1 items')
    .addOption(
      new Option('--format <format>', 'jsonl: everything an import needs; ninjs: one IPTC ninjs item per article')
        .choices(['jsonl', 'ninjs'])
        .default('jsonl'),
    )
    .addOption(new Option('--status <status>', 'only articles in this workflow state').choices([...STATUSES]))
    .option('--out <file>', 'where to write ("-" for stdout); a file appears only when complete', '-')
    .addHelpText(
      'after',
      '\nMedia files are not exported (articles keep their media ids); back up with `backup` to move them.\n\nExamples:\n  npm run cli -- export --out content.jsonl\n  npm run cli -- export --format ninjs --status published --out - | gzip > published.ninjs.jsonl.gz',
    )
    .action(async (options: { format: ExportFormat; status?: ArticleStatus; out: string }) => {
      const toStdout = options.out === '-';
      const partial = `${options.out}.part`;
      const stream: Writable = toStdout ? process.stdout : createWriteStream(partial);
      const write = async (line: string) => {
        if (!stream.write(line)) await once(stream, 'drain');
      };
      try {
        const { exportContent } = await import('./content-export.js');
        const counts = await withApp((app) => exportContent(app, { format: options.format, status: options.status }, write));
        if (!toStdout) {
          stream.end();
          await once(stream, 'finish');
          await rename(partial, options.out);
        }
        const summary = Object.entries(counts)
          .map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`)
          .join(', ');
        process.stderr.write(`Exported ${summary}${toStdout ? '' : ` to ${options.out}`}.\n`);
      } catch (error) {
        if (!toStdout) {
          stream.destroy();
          await unlink(partial).catch(() => undefined);
        }
        throw error;
      }
    });
}
