// Runs the compiled tests with node's own test runner (Node 20 has no --test globs).
// Each suite gets its own SQLite file or PostgreSQL schema (test/support/test-app.ts), so two run at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/src', 'dist/test'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(test|spec)\.js$/.test(name)) files.push(path);
  }
};
for (const root of roots) statSync(root, { throwIfNoEntry: false }) && (statSync(root).isDirectory() ? walk(root) : files.push(root));
files.sort();

const db = process.env.DATABASE_URL ? `PostgreSQL (${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, '//')})` : 'SQLite (set DATABASE_URL to run them on PostgreSQL)';
process.stdout.write(`Running ${files.length} test files on ${db}\n`);
const concurrency = '2';
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
