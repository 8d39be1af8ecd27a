import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { projectRoot } from '../src/common/util/project-root.js';

/**
 * scripts/bundle-names.mjs drops esbuild's `__name(fn, "name")` wrappers where the language gives the
 * function that name anyway. What must hold: every function keeps the name it had, dropped or not.
 */

type Ranges = (code: string) => [number, number][];
const load = async () =>
  ((await import(pathToFileURL(join(projectRoot(), 'scripts', 'bundle-names.mjs')).href)) as { redundantNameRanges: Ranges }).redundantNameRanges;

const HELPER = 'var __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });\n';

/** The code with the ranges deleted. */
function without(code: string, ranges: [number, number][]): string {
  let out = '';
  let copied = 0;
  for (const [from, to] of ranges) {
    out += code.slice(copied, from);
    copied = to;
  }
  return out + code.slice(copied);
}

/** Runs a script that leaves its functions in `fns` (name → function) and answers each function's `name`. */
function namesOf(code: string): Record<string, string> {
  const context: { fns: Record<string, { name: string }> } = { fns: {} };
  vm.runInNewContext(HELPER + code, context);
  return Object.fromEntries(Object.entries(context.fns).map(([key, fn]) => [key, fn.name]));
}

// One statement per case; `fns.x = …` collects the function under test.
const CASES = `
const declared = __name(() => 1, "declared"); fns.declared = declared;
let assigned; assigned = __name(function () { return 2; }, "assigned"); fns.assigned = assigned;
const obj = { inObject: __name(() => 3, "inObject"), "quoted key": __name(function () {}, "quoted key") }; fns.inObject = obj.inObject; fns.quoted = obj["quoted key"];
const sameId = __name(function sameId() {}, "sameId"); fns.sameId = sameId;
const renamed2 = __name(() => 4, "renamed"); fns.renamed = renamed2;
const otherId = __name(function inner() {}, "outer"); fns.otherId = otherId;
const key = "computed"; const computed = { [key]: __name(() => 5, "computed") }; fns.computed = computed.computed;
fns.member = {}; fns.member.value = __name(() => 6, "value"); fns.member = fns.member.value;
let orAssigned; orAssigned ||= __name(() => 7, "orAssigned"); fns.orAssigned = orAssigned;
const passed = ((f) => f)(__name(() => 8, "passed")); fns.passed = passed;
function makeMany() { const n = __name(() => 9, "n"); return n; } fns.made = makeMany();
const nested = __name(() => { const inner2 = __name(() => 10, "inner2"); return inner2; }, "nested"); fns.nested = nested; fns.inner2 = nested();
const withProto = { __proto__: __name(function () {}, "__proto__") }; fns.proto = Object.getPrototypeOf(withProto);
`;

describe('bundle: redundant __name wrappers (scripts/bundle-names.mjs)', () => {
  it('drops only the wrappers whose name the language gives anyway, and every function keeps its name', async () => {
    const redundantNameRanges = await load();
    const ranges = redundantNameRanges(CASES);
    const stripped = without(CASES, ranges);
    assert.deepEqual(namesOf(stripped), namesOf(CASES));
    // Dropped: a declaration, a plain assignment, two object keys, a function with that same own name, a closure made per call, two nested.
    for (const kept of [
      '"renamed"', // the variable is called something else (esbuild renamed it)
      '"outer"', // the function has its own, other name
      '"computed"', // a computed key names nothing at parse time
      '"value")', // a member assignment doesn't name the function
      '"orAssigned"', // left alone: only plain `=` is taken
      '"passed"', // an argument gets no name
      '"__proto__"', // `{ __proto__: fn }` sets the prototype and names nothing
    ])
      assert.ok(stripped.includes(kept), `the wrapper for ${kept} is kept`);
    for (const dropped of ['"declared"', '"assigned"', '"inObject"', '"sameId")', '"n")', '"nested")', '"inner2")'])
      assert.ok(!stripped.includes(`, ${dropped}`), `the wrapper for ${dropped} is dropped`);
    assert.equal(ranges.length, 2 * 8);
  });

  it('leaves no function whose wrapper was dropped without its name', async () => {
    const redundantNameRanges = await load();
    const names = namesOf(without(CASES, redundantNameRanges(CASES)));
    for (const [key, name] of Object.entries(names)) assert.notEqual(name, '', `${key} lost its name`);
    assert.equal(names.inner2, 'inner2');
    assert.equal(names.made, 'n');
    assert.equal(names.quoted, 'quoted key');
  });
});
