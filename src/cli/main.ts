#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env.js';
import { registerBackupCommands } from './backup.command.js';
import { CliError, describeError } from './cli-error.js';
import { registerExportCommand } from './export.command.js';
import { registerImportCommand } from './import.command.js';
import { registerMigrateCommand } from './migrate.command.js';
import { registerOutboxCommand } from './outbox.command.js';
import { registerRenditionsCommand } from './renditions.command.js';
import { registerSearchCommand } from './search.command.js';
import { registerUserCommands } from './users.command.js';

/**
 * The operators' and editors' command line: `npm run cli -- <command>` (after
 * `npm run build`; it runs the compiled dist/src/cli/main.js). Commands use the same
 * environment as the server (DATA_DIR, DATABASE_URL, …). Exit codes: 0 done,
 * 1 failed (one line on stderr; --verbose adds the stack), 2 bad usage.
 */
export function buildProgram(): Command {
  const program = new Command('npm run cli --')
    .description(
      'Newsroom CMS command line. Run `npm run build` first; commands read the same environment as the server (DATA_DIR, DATABASE_URL, …).',
    )
    .option('--verbose', 'show the stack trace of a failure')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText('after', '\nEvery command has --help, e.g. `npm run cli -- import --help`.\nExit codes: 0 done, 1 failed, 2 bad usage.');
  registerUserCommands(program);
  registerMigrateCommand(program);
  registerBackupCommands(program);
  registerExportCommand(program);
  registerImportCommand(program);
  registerOutboxCommand(program);
  registerRenditionsCommand(program);
  registerSearchCommand(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end here too; every other Commander error is a usage mistake, already printed.
      return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code) ? 0 : 2;
    }
    const verbose = argv.includes('--verbose');
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
    else process.stderr.write(`error: ${describeError(error, verbose)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

const code = await main(process.argv);
process.exitCode = code;
// Nothing should keep a finished command alive; if a stray handle does, leave anyway.
setTimeout(() => process.exit(code), 1000).unref();
