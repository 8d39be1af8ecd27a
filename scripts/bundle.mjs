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
// Usage: node scripts/bundle.mjs [--metafile]  (run by `npm run build` and `npm test`)
import { build } from 'esbuild';
import { createRequire, isBuiltin } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  external: EXTERNAL,
  plugins: [dynamicCommonJs, optionalPackages, localRequire],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
if (process.argv.includes('--metafile')) writeFileSync(join(OUT, 'meta.json'), JSON.stringify(result.metafile));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.mjs'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
  `bundle: dist/server/main.mjs and ${Object.keys(result.metafile.outputs).filter((f) => f.includes('/chunks/') && f.endsWith('.mjs')).length} chunks, ` +
    `${(bytes / 1e6).toFixed(1)} MB from ${Object.keys(result.metafile.inputs).length} files (${Math.round(performance.now() - started)} ms)`,
);
