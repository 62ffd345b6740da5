import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | undefined;

/**
 * The site's script: the client (src/docs/client) with cytoscape, dagre, Chart.js and keel's own
 * selector code bundled in, as one classic script. Classic, because Chromium refuses ES modules
 * from file:// pages; bundled at generate time from the compiled client (or its TypeScript, under
 * the test runner) so the site never loads anything from the network.
 */
export function bundleClient(): Promise<string> {
  cached ??= build();
  return cached;
}

async function build(): Promise<string> {
  // next to this module in dist/ or src/ (tests), or from the CLI bundle in dist/keel/
  const entry = ['../client/main.js', '../client/main.ts', '../docs/client/main.js']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p));
  if (!entry) throw new Error('the docs client is missing: run npm run build');
  // loaded here so no other command pays for esbuild
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    // the libraries' licence headers stay with their code
    legalComments: 'eof',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
