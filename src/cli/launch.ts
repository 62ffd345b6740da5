import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { DEFAULT_CACHE, loadBundle } from './cached-bundle.js';
import type { main as Main } from './main.js';

const INTERRUPT_BUDGET = 250 * 1024;

/**
 * Runs the CLI bundle (dist/keel/main.cjs) with `argv`; resolves to the exit code. bin/keel.js
 * calls it from dist/keel/launch.cjs, which src/cli/bundle.ts builds from this module.
 */
export async function launch(bundleFile: string, argv: string[]): Promise<number> {
  // V8 optimizes a function once about 66 KB of its bytecode has run (the default budget). A
  // command's work is short, and optimizing that early cost more than it saved: a 1,000-model
  // compile 0.39 → 0.34 s, the same at 5,000 and 10,000 (interleaved runs on the bench's projects)
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  if (argv.includes('--debug')) {
    // stack traces map back to dist/'s files: Node maps them for require()d code, not for a vm.Script
    process.setSourceMapsEnabled(true);
    const { main } = createRequire(bundleFile)(bundleFile) as { main: typeof Main };
    return main(argv);
  }
  const bundle = loadBundle<{ main: typeof Main }>(bundleFile, argv);
  let command = DEFAULT_CACHE;
  const code = await bundle.exports.main(argv, undefined, { onCommand: (name) => (command = name) });
  // a failed run may have stopped early: its cache would lack most of what the command compiles
  if (code === 0) bundle.saveCache(command);
  return code;
}
