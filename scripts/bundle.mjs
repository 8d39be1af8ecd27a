// Bundles the compiled server (dist/src/main.js, from `tsc`) with the packages it uses into
// dist/server/: main.mjs and chunks/. The server starts from it in about half the time: Node 20
// resolves, reads and compiles ~1,600 module files one by one on every start (4,000 stat/open
// calls and a CommonJS export scan per package), which a handful of chunk files avoid.
// Left out of the bundle, loaded from node_modules as usual:
// - packages with native code or files of their own read at run time (better-sqlite3, sharp,
//   swagger-ui-dist's pages), and those only some installations load (pg, ioredis, nodemailer)
//   or that load late (exifr, file-type);
// - optional packages a dependency tries to load but this project doesn't install
//   (@nestjs/microservices, @apollo/gateway, …): they stay `import()`s that fail as they would unbundled.
// Dynamic imports (`await import('x')`) become chunks loaded on first use, as before.
// Every output file is ASCII, so that V8 holds each chunk's source one byte a character (escapeNonAsciiOutput).
// Usage: node scripts/bundle.mjs [--metafile]  (run by `npm run build` and `npm test`)
import { build } from 'esbuild';
import { createRequire, isBuiltin } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redundantNameRanges } from './bundle-names.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist/server');
const EXTERNAL = ['better-sqlite3', 'sharp', 'swagger-ui-dist', 'pg', 'pg-native', 'ioredis', 'nodemailer', 'exifr', 'file-type'];
/** require() as seen from a directory (esbuild gives each import the directory it is resolved from). */
const requireIn = (dir) => createRequire(join(dir || ROOT, 'noop.js'));
const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name);

/**
 * A bare import that require() can't resolve from where it is written is an optional package we
 * don't install (or one with ESM entries only, which Node then loads itself, as unbundled).
 */
const optionalPackages = {
  name: 'optional-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      try {
        requireIn(args.resolveDir).resolve(args.path);
        return undefined;
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

/**
 * `await import('cjs-package')` gives, in Node, a namespace with `default` (module.exports) and
 * every export name Node's scan finds (Nest reads `plainToInstance` off class-transformer's that
 * way). esbuild's chunk for such an import exports `default` only; this stands in for the package
 * with a module that re-exports its names, so both ways of reading it keep working.
 */
const dynamicCommonJs = {
  name: 'dynamic-commonjs',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.inner || isBuiltin(args.path) || EXTERNAL.includes(args.path)) return undefined;
      // Where esbuild itself would take the import from (the package's "import" entry when it has one).
      const target = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { inner: true },
      });
      if (target.errors.length > 0 || target.external || !isCommonJs(target.path)) return undefined;
      let names;
      try {
        names = Object.keys(createRequire(target.path)(target.path) ?? {});
      } catch {
        return undefined;
      }
      return { path: target.path, namespace: 'dynamic-commonjs', pluginData: { names } };
    });
    b.onLoad({ filter: /.*/, namespace: 'dynamic-commonjs' }, (args) => {
      const names = args.pluginData.names.filter((n) => n !== 'default' && isIdentifier(n));
      const lines = [`const m = require(${JSON.stringify(args.path)});`, 'export default m;'];
      for (const n of names) lines.push(`export const ${n} = m.${n};`);
      return { contents: lines.join('\n'), resolveDir: dirname(args.path), loader: 'js' };
    });
  },
};

/** CommonJS by Node's rules: .cjs, or .js in a package whose package.json doesn't say "type": "module". */
function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) return JSON.parse(readFileSync(pkg, 'utf8')).type !== 'module';
  }
  return true;
}

/**
 * ES modules that call require() through `const require = createRequire(import.meta.url)`
 * (Nest's typeorm, mapped-types and terminus packages; our Redis and ninjs loaders) would, in a
 * bundle, load a second copy of the package from node_modules beside the bundled one (Nest's
 * typeorm package alone loaded all ~300 files of TypeORM again at every start, for one lookup).
 * Without that line esbuild sees a plain require() and resolves it into the bundle like any import.
 */
const LOCAL_REQUIRE = /^\s*const require = createRequire\(import\.meta\.url\);?[ \t]*$/m;
const localRequire = {
  name: 'local-require',
  setup(b) {
    b.onLoad({ filter: /\.m?js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!LOCAL_REQUIRE.test(source)) return undefined;
      return { contents: source.replace(LOCAL_REQUIRE, ''), loader: 'js' };
    });
  },
};

/**
 * class-validator's @IsPhoneNumber loads libphonenumber-js (0.4 MB of script and the metadata it builds
 * at start) for a validator this server never uses. Its module is replaced in the bundle by one whose
 * decorator and check throw when called, naming what to do: a DTO that used @IsPhoneNumber would stop the
 * server at start (decorators run when their class is defined), not quietly refuse every phone number.
 */
const PHONE_NUMBER = /[\\/]class-validator[\\/][^\\/]+[\\/]decorator[\\/]string[\\/]IsPhoneNumber\.js$/;
const leftOut = {
  name: 'left-out',
  setup(b) {
    b.onLoad({ filter: PHONE_NUMBER }, () => {
      const fail = JSON.stringify(
        "@IsPhoneNumber is left out of the server's bundle (scripts/bundle.mjs, leftOut); bundle libphonenumber-js to use it",
      );
      const contents = [
        "exports.IS_PHONE_NUMBER = 'isPhoneNumber';",
        `exports.isPhoneNumber = function isPhoneNumber() { throw new Error(${fail}); };`,
        `exports.IsPhoneNumber = function IsPhoneNumber() { throw new Error(${fail}); };`,
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * TypeORM's DriverFactory loads the driver of every database it knows at start (MySQL, SQL Server,
 * Oracle, SAP HANA, Spanner, MongoDB, Cordova, …): ~0.6 MB of source whose classes were built on every
 * start and held for the life of the process. This server runs on SQLite (better-sqlite3) or PostgreSQL
 * only (src/config/database.config.ts), so the others are stand-ins that throw if ever constructed. A
 * TypeORM release that loads its drivers differently fails the build, so this can't silently stop applying.
 */
const DRIVER_FACTORY = /[\\/]typeorm[\\/]driver[\\/]DriverFactory\.js$/;
const KEPT_DRIVERS = new Set(['better-sqlite3', 'postgres']);
const DRIVER_REQUIRE = /require\("\.\/([a-z0-9-]+)\/([A-Za-z0-9]+Driver)"\)/g;
const otherDrivers = {
  name: 'other-drivers',
  setup(b) {
    b.onLoad({ filter: DRIVER_FACTORY }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const found = new Set();
      const contents = source.replace(DRIVER_REQUIRE, (whole, dir, name) => {
        found.add(dir);
        if (KEPT_DRIVERS.has(dir)) return whole;
        const fail = JSON.stringify(
          `TypeORM's ${dir} driver is left out of the server's bundle (scripts/bundle.mjs, otherDrivers): this server runs on SQLite or PostgreSQL`,
        );
        return `({ ${name}: class ${name} { constructor() { throw new Error(${fail}); } } })`;
      });
      const missing = [...KEPT_DRIVERS].filter((dir) => !found.has(dir));
      if (found.size < 10 || missing.length > 0)
        throw new Error(
          `bundle: ${args.path} no longer requires its drivers as expected (found ${[...found].join(', ') || 'none'}); see otherDrivers`,
        );
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Nest's logger modules each build an `Intl.DateTimeFormat` when they load, for the timestamps of its
 * console logger, which this server doesn't use (it logs through pino). Building one reads ICU's locale
 * and time-zone tables out of Node's binary: about 5.5 MB more resident memory for the life of the
 * process. Here each is built on its first use instead. A Nest release that changes those lines fails
 * the build, so this can't silently stop applying.
 */
const NEST_LOGGERS = /[\\/]@nestjs[\\/]common[\\/]services[\\/](console-)?logger\.service\.js$/;
const EAGER_DATE_FORMAT = /const dateTimeFormatter = new Intl\.DateTimeFormat\((undefined, \{[^}]*\})\);/;
const lazyDateFormat = {
  name: 'lazy-date-format',
  setup(b) {
    b.onLoad({ filter: NEST_LOGGERS }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!EAGER_DATE_FORMAT.test(source)) throw new Error(`bundle: ${args.path} no longer builds its date format as expected; see lazyDateFormat`);
      // The stand-in has format() only.
      if (/dateTimeFormatter\.(?!format\()/.test(source))
        throw new Error(`bundle: ${args.path} uses more of its date format than format(); see lazyDateFormat`);
      const lazy = 'const dateTimeFormatter = { format(date) { return (this.inner ??= new Intl.DateTimeFormat($1)).format(date); } };';
      return { contents: source.replace(EAGER_DATE_FORMAT, lazy), loader: 'js' };
    });
  },
};

/**
 * graphql-js builds the arguments of every field it resolves as two new null-prototype objects (the
 * values and a map of the argument nodes), which V8 makes dictionaries of ~200 bytes each: for a
 * section list of 20 articles with their image's renditions, ~4,000 fields and 1.4 MB of the 4.8 MB
 * one GraphQL answer allocated (graphql-js issue 2203). A field that declares no arguments can only
 * ever have none, so here it gets one shared, frozen empty object instead. A graphql release that
 * changes those lines fails the build, so this can't silently stop applying.
 */
const GRAPHQL_VALUES = /[\\/]graphql[\\/]execution[\\/]values\.m?js$/;
const ARGUMENT_VALUES = /^(export )?function getArgumentValues\(def, node, variableValues\) \{$/m;
const noArgumentsShared = {
  name: 'no-arguments-shared',
  setup(b) {
    b.onLoad({ filter: GRAPHQL_VALUES }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!ARGUMENT_VALUES.test(source) || !/for \(const argDef of def\.args\)/.test(source))
        throw new Error(`bundle: ${args.path} no longer reads field arguments as expected; see noArgumentsShared`);
      const contents = source.replace(
        ARGUMENT_VALUES,
        (line) => `const NO_ARGUMENTS = Object.freeze(Object.create(null));\n${line}\n  if (def.args.length === 0) return NO_ARGUMENTS;`,
      );
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Two of esbuild's runtime helpers, made cheaper where they are defined (one chunk exports them to the rest):
 * - `__toESM` wraps a CommonJS module for each ES module that imports it: a new object with a getter per
 *   export, 113 times for graphql alone (about 25,000 getters, 3–4 MB of heap kept for the life of the
 *   process). The replacement gives back the wrapper it made before for the same module and mode while the
 *   module's export names are as many as then (a module still loading, in a require cycle, gets a fresh one).
 * - `__name` (from `keepNames`) redefines a function's `name`, which turns the function's properties into a
 *   dictionary (about 300 bytes more each, and a slower define) even when the name is already the one given,
 *   as it is for most declared functions and classes. The replacement leaves those alone.
 * The line goes in before the source-map comment, so the lines before it keep their mappings.
 */
const TO_ESM = /\bvar __toESM=\(mod,isNodeMode,target\)=>/;
const NAME = /\b__name=\(target,value\)=>__defProp\(target,"name",\{value,configurable:!0\}\)/;
const SHARED_TO_ESM =
  '__toESM=((toEsm,made)=>(mod,isNodeMode)=>{if(mod==null||typeof mod!="object"&&typeof mod!="function")return toEsm(mod,isNodeMode);' +
  'let byMode=made.get(mod);byMode||made.set(mod,byMode=[]);const mode=isNodeMode?1:0,names=Object.getOwnPropertyNames(mod).length,made0=byMode[mode];' +
  'if(made0&&made0.names===names)return made0.wrapper;const wrapper=toEsm(mod,isNodeMode);return byMode[mode]={wrapper,names},wrapper})(__toESM,new WeakMap);' +
  '__name=(named=>(target,value)=>target.name===value?target:named(target,value))(__name);';
function cheaperRuntimeHelpers(outputs) {
  const defining = outputs.filter((file) => TO_ESM.test(readFileSync(file, 'utf8')));
  if (defining.length !== 1)
    throw new Error(`bundle: expected esbuild's __toESM helper in one chunk, found it in ${defining.length}; see cheaperRuntimeHelpers`);
  const [file] = defining;
  const code = readFileSync(file, 'utf8');
  if (!NAME.test(code)) throw new Error(`bundle: esbuild's __name helper isn't in ${file} as expected; see cheaperRuntimeHelpers`);
  const lines = code.split('\n');
  const at = lines.findLastIndex((line) => line.startsWith('//# sourceMappingURL='));
  if (at < 0) throw new Error(`bundle: ${file} has no source-map comment`);
  lines.splice(at, 0, SHARED_TO_ESM);
  rewriteMappings(file, (mapLines) => (mapLines.length > at ? mapLines.toSpliced(at, 0, '') : mapLines));
  writeFileSync(file, lines.join('\n'));
}

/**
 * esbuild's `charset: 'ascii'` escapes non-ASCII characters in strings, templates and identifiers
 * but not in regular-expression literals (a few packages write /[а-я]/, /[ÄÖÜß]/…). One such
 * character in a chunk makes V8 keep the chunk's whole source as a two-byte string, for the life of
 * the process (10.7 MB of heap instead of 5.3 MB for the biggest chunk). This escapes them, and the
 * generated columns of the chunk's source map with them.
 */
function escapeNonAsciiOutput(file) {
  let escaped = 0;
  rewriteOutput(file, (line) => {
    if (!/[^\x00-\x7f]/.test(line)) return null;
    const result = escapeNonAsciiLine(line);
    escaped += result.escaped;
    return result;
  });
  return escaped;
}

/** Drops the `__name` wrappers the language makes redundant (scripts/bundle-names.mjs); returns how many. */
function dropRedundantNames(file) {
  const ranges = redundantNameRanges(readFileSync(file, 'utf8'));
  if (ranges.length === 0) return 0;
  let offset = 0;
  let next = 0;
  rewriteOutput(file, (line) => {
    const start = offset;
    offset += line.length + 1;
    if (next >= ranges.length || ranges[next][0] >= offset) return null;
    const edits = [];
    let text = '';
    let copied = 0;
    for (; next < ranges.length && ranges[next][0] < offset; next++) {
      const [from, to] = ranges[next].map((at) => at - start);
      text += line.slice(copied, from);
      copied = to;
      edits.push({ start: from, end: to, shift: from - to });
    }
    return { text: text + line.slice(copied), edits };
  });
  return ranges.length / 2;
}

/**
 * Rewrites a chunk line by line (`edit(line)` gives null to keep it, or its new text and `{ start, end, shift }`
 * per change, in order: the columns of the replaced text, end excluded, and how many columns it adds), and moves the
 * generated columns of the chunk's source map with it.
 */
function rewriteOutput(file, edit) {
  const code = readFileSync(file, 'utf8');
  const edited = new Map();
  const lines = code.split('\n').map((line, index) => {
    const result = edit(line);
    if (!result) return line;
    edited.set(index, result.edits);
    return result.text;
  });
  if (edited.size === 0) return;
  rewriteMappings(file, (mapLines) => mapLines.map((line, index) => (edited.has(index) ? shiftGeneratedColumns(line, edited.get(index)) : line)));
  writeFileSync(file, lines.join('\n'));
}

/**
 * Rewrites the `mappings` of a chunk's source map, given as its generated lines (`change(lines)` gives the new
 * ones). Only that value changes: everything else in the map stays byte for byte as esbuild wrote it.
 */
function rewriteMappings(file, change) {
  const mapFile = `${file}.map`;
  const mapText = readFileSync(mapFile, 'utf8');
  const map = JSON.parse(mapText);
  const mappings = change(map.mappings.split(';')).join(';');
  const before = `"mappings": ${JSON.stringify(map.mappings)}`;
  const after = `"mappings": ${JSON.stringify(mappings)}`;
  writeFileSync(mapFile, mapText.includes(before) ? mapText.replace(before, () => after) : JSON.stringify({ ...map, mappings }));
}

/**
 * One line of generated code with each non-ASCII UTF-16 code unit as a \uXXXX escape (so an astral
 * character becomes its two surrogate escapes), which means the same in a regular expression with or
 * without the u flag, a string, a template's cooked value or a comment. A character after an odd
 * number of backslashes (an identity escape, /\é/) loses its backslash: `\\u00E9` would be a
 * backslash and "u00E9". Returns the text, the count of characters escaped, and per replacement
 * `{ start, end, shift }`: the columns of the replaced text (end excluded) and how many columns it adds.
 */
function escapeNonAsciiLine(line) {
  const edits = [];
  let text = '';
  let copied = 0;
  let escaped = 0;
  for (let i = 0; i < line.length; i++) {
    const unit = line.charCodeAt(i);
    if (unit < 0x80) continue;
    // A raw U+2028/U+2029 ends a `//` comment (and, to some readers, a source-map line); an escape wouldn't.
    if (unit === 0x2028 || unit === 0x2029) throw new Error(`bundle: a raw U+${unit.toString(16).toUpperCase()} can't be escaped safely`);
    let backslashes = 0;
    while (i - backslashes > copied && line.charCodeAt(i - backslashes - 1) === 0x5c) backslashes++;
    const start = backslashes % 2 === 1 ? i - 1 : i;
    const escape = `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
    text += line.slice(copied, start) + escape;
    copied = i + 1;
    edits.push({ start, end: i + 1, shift: escape.length - (i + 1 - start) });
    // An astral character is two code units, two escapes, one character.
    if (!(unit >= 0xdc00 && unit <= 0xdfff && line.charCodeAt(i - 1) >= 0xd800 && line.charCodeAt(i - 1) <= 0xdbff)) escaped++;
  }
  return { text: text + line.slice(copied), escaped, edits };
}

/**
 * One generated line of a source map's `mappings` with its segments' generated columns (the first
 * Base64-VLQ field, relative to the line's previous segment) moved past the escapes before them.
 * The other fields are relative to the previous segment in the whole file and stay as they are.
 */
function shiftGeneratedColumns(line, edits) {
  if (line === '') return line;
  let oldColumn = 0;
  let newColumn = 0;
  let next = 0;
  let shift = 0;
  return line
    .split(',')
    .map((segment) => {
      const { value, length } = decodeVlq(segment);
      const column = oldColumn + value;
      // Segments come in column order; should one go back, count the shift again from the start.
      if (column < oldColumn) {
        next = 0;
        shift = 0;
      }
      while (next < edits.length && edits[next].end <= column) shift += edits[next++].shift;
      // A segment inside replaced text (a deleted `,"name")`, say) goes to where the replacement starts.
      const moved = next < edits.length && edits[next].start <= column ? edits[next].start + shift : column + shift;
      const encoded = encodeVlq(moved - newColumn) + segment.slice(length);
      oldColumn = column;
      newColumn = moved;
      return encoded;
    })
    .join(',');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The first Base64-VLQ number of a source-map segment, and how many characters it takes. */
function decodeVlq(segment) {
  let value = 0;
  let i = 0;
  for (let digit = 32, weight = 1; digit & 32; weight *= 32) {
    digit = BASE64.indexOf(segment[i++]);
    if (digit < 0) throw new Error(`bundle: bad source-map segment "${segment}"`);
    value += (digit & 31) * weight;
  }
  return { value: value % 2 === 1 ? -(value - 1) / 2 : value / 2, length: i };
}

/** A number as Base64-VLQ: sign in the lowest bit, then 5 bits a digit, lowest first. */
function encodeVlq(number) {
  let value = number < 0 ? -number * 2 + 1 : number * 2;
  let out = '';
  do {
    const digit = value % 32;
    value = Math.floor(value / 32);
    out += BASE64[value > 0 ? digit | 32 : digit];
  } while (value > 0);
  return out;
}

rmSync(OUT, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'dist/src/main.js' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Class names are the names of GraphQL types, OpenAPI schemas, entities and injection tokens.
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  charset: 'ascii',
  external: EXTERNAL,
  plugins: [leftOut, otherDrivers, lazyDateFormat, noArgumentsShared, dynamicCommonJs, optionalPackages, localRequire],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs)
  .filter((file) => file.endsWith('.mjs'))
  .map((file) => join(ROOT, file));
cheaperRuntimeHelpers(outputs);
const namesDropped = outputs.map(dropRedundantNames).reduce((sum, n) => sum + n, 0);
const escaped = outputs.map(escapeNonAsciiOutput);
const notAscii = outputs.filter((file) => /[^\x00-\x7f]/.test(readFileSync(file, 'latin1')));
if (notAscii.length > 0) throw new Error(`bundle: non-ASCII bytes left in ${notAscii.join(', ')}`);
if (process.argv.includes('--metafile')) writeFileSync(join(OUT, 'meta.json'), JSON.stringify(result.metafile));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.mjs'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
  `bundle: dist/server/main.mjs and ${Object.keys(result.metafile.outputs).filter((f) => f.includes('/chunks/') && f.endsWith('.mjs')).length} chunks, ` +
    `${(bytes / 1e6).toFixed(1)} MB from ${Object.keys(result.metafile.inputs).length} files (${Math.round(performance.now() - started)} ms)`,
);
console.log(
  `bundle: ${escaped.reduce((sum, n) => sum + n, 0)} non-ASCII characters escaped as \\uXXXX in ${escaped.filter((n) => n > 0).length} files ` +
    '(V8 keeps a source with any as a two-byte string)',
);
console.log(`bundle: ${namesDropped} __name wrappers dropped where the language names the function the same (scripts/bundle-names.mjs)`);
