import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { build, type Plugin } from 'esbuild';
import { BUNDLE_HASH_PLACEHOLDER } from './cached-bundle.js';

/**
 * Bundles the CLI (dist/cli/main.js and everything of keel's it imports) into one CommonJS file,
 * dist/keel/main.cjs, which bin/keel.js runs with a V8 code cache (src/cli/cached-bundle.ts): no
 * module to resolve, and no source to parse once the cache exists. Lazily imported commands stay
 * lazy (esbuild runs their module bodies on first import). Native and AWS packages stay in
 * node_modules. Everything of keel's own is bundled, so no module is loaded twice (two copies would
 * mean two KeelError classes and two of every module-level state).
 */
/**
 * zod's namespace re-exports its 40-odd message locales (a fifth of the bundle, parsed or
 * deserialized on every start); keel only ever uses English, the one zod configures itself with.
 */
const englishOnlyZod: Plugin = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * commander loads child_process (about a millisecond) on every start for executable subcommands,
 * which keel has none of: it gets the module on first use instead.
 */
const lazyChildProcessForCommander: Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
    }));
  },
};

const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(dist, 'keel');
const bundleFile = join(out, 'main.cjs');

rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(dist, 'cli', 'main.js')],
  outfile: bundleFile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // the loader reads the bundle as latin1, a one-byte string, which is only exact for ASCII
  charset: 'ascii',
  // import() would need an ES module loader behind the vm.Script; every external package is CommonJS
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  write: false,
  // --debug stack traces point into dist/ (bin/keel.js turns source maps on for --debug)
  sourcemap: 'linked',
  // native, AWS and build-time packages load from node_modules; the pure-JS ones are bundled
  external: ['@duckdb/*', '@aws-sdk/*', '@smithy/*', 'esbuild', 'playwright-core', '@electric-sql/*', 'chokidar', 'fsevents'],
  inject: [join(dist, 'cli', 'import-meta-url.js')],
  define: { 'import.meta.url': 'importMetaUrl' },
  // a comment, so esbuild's "use strict" stays the first statement: the modules keep ES module semantics
  banner: { js: BUNDLE_HASH_PLACEHOLDER },
  plugins: [englishOnlyZod, lazyChildProcessForCommander],
});

mkdirSync(out, { recursive: true });
for (const file of result.outputFiles) {
  if (file.path !== bundleFile) {
    writeFileSync(file.path, file.contents);
    continue;
  }
  if (!file.text.startsWith(`${BUNDLE_HASH_PLACEHOLDER}\n"use strict";`)) throw new Error('the CLI bundle does not start with its hash line and "use strict"');
  // the code cache is keyed by this hash; same length as the placeholder, so the source map still lines up
  const hash = createHash('sha256').update(file.contents).digest('hex');
  // src/core/build-id.ts: the same hash, for the caches of compile results
  const buildId = `keel-build-${'0'.repeat(64)}`;
  if (file.text.split(buildId).length !== 2) throw new Error('the CLI bundle does not hold the build id placeholder exactly once');
  writeFileSync(file.path, file.text.replace(BUNDLE_HASH_PLACEHOLDER, BUNDLE_HASH_PLACEHOLDER.replace(/0{64}/, hash)).replace(buildId, `keel-build-${hash}`));
}

// what bin/keel.js requires to run the bundle
await build({
  entryPoints: [join(dist, 'cli', 'launch.js')],
  outfile: join(out, 'launch.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});

// pre-warm the cache every command starts from (the one for help), so even a read-only install has it
const warm = spawnSync(process.execPath, [join(dist, '..', 'bin', 'keel.js'), '--help'], { stdio: 'ignore' });
if (warm.status !== 0) throw new Error(`bin/keel.js --help failed on the new bundle (exit ${warm.status})`);
