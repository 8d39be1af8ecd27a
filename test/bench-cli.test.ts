import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../src/common/util/project-root.js';

/** The bench's scripts as a newcomer first meets them: --help, and a mistyped option refused before any work starts. */
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), 'bench', script), ...args], { encoding: 'utf8', timeout: 30_000 });

describe('bench command line', () => {
  for (const script of ['run.mjs', 'dataset.mjs']) {
    it(`${script} --help lists its options and exits 0`, () => {
      const out = run(script, '--help');
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /^Usage: /);
      assert.match(out.stdout, /--articles N/);
      assert.match(out.stdout, /--keep/);
    });

    it(`${script} refuses an article count that is not a number, with the range, and exits 2 without a stack trace`, () => {
      const out = run(script, '--articles', '10k');
      assert.equal(out.status, 2);
      assert.match(out.stderr, /--articles must be a whole number from 200 to 1000000, not "10k"/);
      assert.match(out.stderr, /Usage: /);
      assert.doesNotMatch(out.stderr, /\n\s+at /);
    });
  }

  it('run.mjs names an unknown option and a database it does not know', () => {
    const unknown = run('run.mjs', '--conections', '8');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown option '--conections'/);
    const db = run('run.mjs', '--db', 'mysql');
    assert.equal(db.status, 2);
    assert.match(db.stderr, /--db must be one of sqlite, postgres, not "mysql"/);
  });
});
