// esbuild's `keepNames` wraps every named function in `__name(fn, "name")`, which redefines the
// function's `name` property. That keeps names right where esbuild renames a symbol, but it costs on
// every call of code that makes closures: the define takes ~0.7 µs and turns the closure's properties
// into a dictionary. An article request made 57 such closures (Nest's execution context, rxjs
// subscribers, our own callbacks); the idle server held 13,800 of them.
// Where JavaScript itself gives an anonymous function that very name, the wrapper does nothing: in
// `const n = () => {}`, `n = function () {}` and `{ n: () => {} }` the function's name is "n" by the
// language's rules (NamedEvaluation). This finds those wrappers and drops them, keeping the rest.
import { parse } from 'acorn';

/** The name the language gives an anonymous function in this place, if it gives one. */
function nameGivenBy(parent, node) {
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === node && parent.left.type === 'Identifier')
    return parent.left.name;
  if (parent.type === 'Property' && parent.kind === 'init' && parent.value === node && !parent.computed && !parent.method && !parent.shorthand) {
    const key = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' ? parent.key.value : undefined;
    // `{ __proto__: fn }` sets the object's prototype and names nothing.
    if (typeof key === 'string' && key !== '__proto__') return key;
  }
  return undefined;
}

/** Whether `node` is `__name(<function>, "<the name the place gives it anyway>")`. */
function isRedundantName(node, parent) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== '__name' || node.arguments.length !== 2) return false;
  const [fn, name] = node.arguments;
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  if (name.type !== 'Literal' || typeof name.value !== 'string') return false;
  if (fn.id && fn.id.name !== name.value) return false;
  return parent !== null && nameGivenBy(parent, node) === name.value;
}

/**
 * The ranges of `code` (an ES module) to delete: for each redundant wrapper, the `__name(` before the
 * function and the `,"name")` after it. Ranges are `[start, end)` offsets in order, none spanning a line.
 */
export function redundantNameRanges(code) {
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const ranges = [];
  const stack = [[ast, null]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop();
    if (isRedundantName(node, parent)) {
      const fn = node.arguments[0];
      const before = [node.start, fn.start];
      const after = [fn.end, node.end];
      if (!/[\n\r\u2028\u2029]/.test(code.slice(...before) + code.slice(...after))) ranges.push(before, after);
    }
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === 'string') stack.push([child, node]);
      } else if (value && typeof value.type === 'string') stack.push([value, node]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}
