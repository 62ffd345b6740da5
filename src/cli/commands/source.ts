import type { Command } from 'commander';
import { common, reporterFor, type CommandContext } from '../common.js';
import { lockOptions, options, withLockFlags, withSelection, type LockFlags, type SelectionFlags } from '../options.js';
import { runWithSignals } from '../run-with-signals.js';

/** `keel source freshness`. */
export function registerSourceCommands(program: Command, { globals, io }: CommandContext): void {
  const source = program.command('source').description('commands about sources');
  withLockFlags(
    withSelection(source.command('freshness').description('check how recently each source was loaded; writes target/sources.json'))
      .addOption(options.threads('sources checked in parallel'))
      .addOption(options.freshnessNow('measure freshness against this time instead of the clock')),
  ).action(async (opts: LockFlags & SelectionFlags & { threads?: number; freshnessNow?: Date }) => {
    const g = globals();
    await runWithSignals(io, async (signal) => {
      const { sourceFreshness } = await import('../../runner/freshness-command.js');
      const r = await sourceFreshness({
        ...common(g),
        select: opts.select,
        exclude: opts.exclude,
        threads: opts.threads,
        now: opts.freshnessNow,
        lock: lockOptions(opts),
        reporter: reporterFor(g, io.out),
        signal,
      });
      if (g.logFormat === 'text')
        io.out.write(r.results.length ? `Wrote ${r.path}\n` : 'No selected source has freshness thresholds (warn_after / error_after)\n');
      return r.success ? 0 : 1;
    });
  });
}
