import type { Command } from 'commander';
import type { Command as RunCommand } from '../../runner/results.js';
import { common, reporterFor, type CommandContext } from '../common.js';
import { lockOptions, options, withLockFlags, withSelection, type LockFlags, type SelectionFlags } from '../options.js';
import { runWithSignals } from '../run-with-signals.js';

interface RunFlags extends SelectionFlags, LockFlags {
  threads?: number;
  fullRefresh?: boolean;
  state?: string;
  defer?: boolean;
  requireFresh?: boolean;
  freshnessNow?: Date;
}

const DESCRIPTIONS: Record<RunCommand, string> = {
  run: 'build the selected models',
  build: 'load seeds, build models and run their tests in DAG order',
  seed: 'load CSV seeds into tables',
  test: 'run data tests',
};

/** `keel run`, `build`, `seed` and `test`: the commands that build nodes of the DAG. */
export function registerRunCommands(program: Command, { globals, io }: CommandContext): void {
  for (const name of ['run', 'build', 'seed', 'test'] as RunCommand[]) {
    const cmd = withSelection(program.command(name).description(DESCRIPTIONS[name]))
      .addOption(options.threads())
      .addOption(options.fullRefresh())
      .addOption(options.state('the manifest.json of an earlier run, for state:modified / state:new and --defer'))
      .addOption(options.defer());
    if (name === 'run' || name === 'build') cmd.addOption(options.requireFresh()).addOption(options.freshnessNow());
    withLockFlags(cmd).action(async (opts: RunFlags) => {
      const g = globals();
      await runWithSignals(io, async (signal) => {
        // loaded here so compile and ls never load drivers or the materializations
        const { invoke } = await import('../../runner/invoke.js');
        const { results } = await invoke({
          ...common(g),
          command: name,
          select: opts.select,
          exclude: opts.exclude,
          threads: opts.threads,
          fullRefresh: opts.fullRefresh,
          state: opts.state,
          defer: opts.defer,
          requireFresh: opts.requireFresh,
          freshnessNow: opts.freshnessNow,
          lock: lockOptions(opts),
          reporter: reporterFor(g, io.out),
          signal,
        });
        return results.success ? 0 : 1;
      });
    });
  }
}
