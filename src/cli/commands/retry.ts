import type { Command } from 'commander';
import { reporterFor, type CommandContext } from '../common.js';
import { lockOptions, options, withLockFlags, type LockFlags } from '../options.js';
import { runWithSignals } from '../run-with-signals.js';

/** `keel retry`: the last run's command, selection and vars, on what did not succeed. */
export function registerRetryCommand(program: Command, { globals, io }: CommandContext): void {
  withLockFlags(
    program
      .command('retry')
      .description('run again what failed, errored, was skipped or cancelled in the last run, with its command, selection and vars')
      .addOption(options.threads('nodes run in parallel (default: as in the last run)'))
      .addOption(options.freshnessNow()),
  ).action(async (opts: LockFlags & { threads?: number; freshnessNow?: Date }) => {
    const g = globals();
    await runWithSignals(io, async (signal) => {
      const { retry } = await import('../../runner/retry-command.js');
      const r = await retry({
        projectDir: g.projectDir,
        target: g.target,
        threads: opts.threads,
        freshnessNow: opts.freshnessNow,
        lock: lockOptions(opts),
        reporter: reporterFor(g, io.out),
        signal,
      });
      if (!r.retried) io.out.write(`Nothing to retry: every node of the last run (${r.lastInvocationId}) succeeded\n`);
      return !r.retried || r.results.success ? 0 : 1;
    });
  });
}
