import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the CLI (dist/cli/main.js and what it imports, lazily loaded commands as chunks) into
 * dist/keel/, which bin/keel.js runs: one file per chunk instead of a few hundred modules to
 * resolve and load saves tens of milliseconds on every command. Native and AWS packages stay in node_modules;
 * the docs site generator stays in dist/ because it finds its client code next to itself.
 */
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(dist, 'keel');
const DOCS_COMMAND = join(dist, 'docs', 'command.js');

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
  // native, AWS and build-time packages load from node_modules; the pure-JS ones are bundled
  external: ['@duckdb/*', '@aws-sdk/*', '@smithy/*', 'esbuild', 'playwright-core', '@electric-sql/*', 'chokidar', 'fsevents'],
  // some bundled CommonJS (nunjucks) calls require()
  banner: { js: "import { createRequire as __keelRequire } from 'node:module'; const require = __keelRequire(import.meta.url);" },
  plugins: [
    {
      name: 'docs-stays-in-dist',
      setup(b) {
        b.onResolve({ filter: /\/command\.js$/ }, (args) =>
          join(args.resolveDir, args.path) === DOCS_COMMAND ? { path: relative(out, DOCS_COMMAND), external: true } : undefined,
        );
      },
    },
  ],
});
