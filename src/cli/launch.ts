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
  // V8 optimizes a function once a budget of its bytecode has run. A command's work is short, and
  // optimizing that early costs more than it saves (`npm run bench -- compile` shows it)
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
