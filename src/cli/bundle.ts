import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the CLI (dist/cli/main.js and what it imports, lazily loaded commands as chunks) into
 * dist/keel/, which bin/keel.js runs: one file per chunk instead of a few hundred modules to
 * resolve and load saves tens of milliseconds on every command. Native and AWS packages stay in
 * node_modules. Everything of keel's own is bundled, so no module is loaded twice (two copies would
 * mean two KeelError classes and two of every module-level state).
 */
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(dist, 'keel');

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [join(dist, 'cli', 'main.js')],
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // --debug stack traces point into dist/ (bin/keel.js turns source maps on for --debug)
  sourcemap: 'linked',
  // native, AWS and build-time packages load from node_modules; the pure-JS ones are bundled
  external: ['@duckdb/*', '@aws-sdk/*', '@smithy/*', 'esbuild', 'playwright-core', '@electric-sql/*', 'chokidar', 'fsevents'],
  // some bundled CommonJS (nunjucks) calls require()
  banner: { js: "import { createRequire as __keelRequire } from 'node:module'; const require = __keelRequire(import.meta.url);" },
});
