import type { Command } from 'commander';
import { common, type CommandContext } from '../common.js';
import { options, withSelection, type SelectionFlags } from '../options.js';

/** `keel compile` (and `--watch`). */
export function registerCompileCommand(program: Command, { globals, io }: CommandContext): void {
  withSelection(program.command('compile').description('render models and tests to SQL under target/compiled/'))
    .addOption(options.state())
    .addOption(options.watch())
    .action(async (opts: SelectionFlags & { state?: string; watch?: boolean }) => {
      const args = { ...common(globals()), select: opts.select, exclude: opts.exclude, state: opts.state };
      if (opts.watch) {
        const { watchCompile } = await import('../../runner/compile-watch.js');
        const { cancelOnSignals } = await import('../signals.js');
        const scope = cancelOnSignals();
        await watchCompile(args, io, scope.signal);
        scope.dispose();
        // interrupting is how a watch ends: not a failure
        return io.exit(0);
      }
      const r = (await import('../../runner/compile-command.js')).compileCommand(args);
      for (const w of r.warnings) io.err.write(`Warning: ${w}\n`);
      io.out.write(`Compiled ${r.filesWritten} node${r.filesWritten === 1 ? '' : 's'} to ${r.targetPath}/compiled\n`);
      io.exit(0);
    });
}
