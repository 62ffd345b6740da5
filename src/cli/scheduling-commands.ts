import { Option, type Command } from 'commander';
import { isKeelError } from '../core/errors.js';
import { common, lockFlags, lockOptions, parseTimestamp, reporterFor, selection, type GlobalFlags, type Io, type LockFlags } from './common.js';
import { formatRuns } from './history-format.js';
import { cancelOnSignals } from './signals.js';

/**
 * Runs a command that holds the target: SIGINT/SIGTERM cancel it, and the exit code is then
 * 130/143 whatever the command returned (a scheduler must tell "killed" from "failed").
 */
export async function runWithSignals(io: Io, work: (signal: AbortSignal) => Promise<number>): Promise<void> {
  const signals = cancelOnSignals();
  try {
    const code = await work(signals.signal);
    io.exit(signals.exitCode() ?? code);
  } catch (err) {
    const code = signals.exitCode();
    if (code === undefined || !isKeelError(err)) throw err;
    io.err.write(`Error: ${err.format()}\n`);
    io.exit(code);
  } finally {
    signals.dispose();
  }
}

/** keel retry, keel source freshness, keel history: the commands a scheduler (and its morning reader) uses. */
export function registerSchedulingCommands(program: Command, globals: () => GlobalFlags, io: Io): void {
  lockFlags(
    program
      .command('retry')
      .description('run again what failed, errored, was skipped or cancelled in the last run, with its command, selection and vars')
      .option('--threads <n>', 'nodes run in parallel (default: as in the last run)', (v) => Number.parseInt(v, 10))
      .option('--freshness-now <timestamp>', 'measure source freshness against this time instead of the clock'),
  ).action(async (opts: LockFlags & { threads?: number; freshnessNow?: string }) => {
    const g = globals();
    await runWithSignals(io, async (signal) => {
      const { retry } = await import('../runner/retry-command.js');
      const r = await retry({
        projectDir: g.projectDir,
        target: g.target,
        threads: opts.threads,
        freshnessNow: parseTimestamp(opts.freshnessNow),
        lock: lockOptions(opts),
        reporter: reporterFor(g, io.out),
        signal,
      });
      if (!r.retried) io.out.write(`Nothing to retry: every node of the last run (${r.lastInvocationId}) succeeded\n`);
      return !r.retried || r.results.success ? 0 : 1;
    });
  });

  const source = program.command('source').description('commands about sources');
  lockFlags(
    selection(source.command('freshness').description('check how recently each source was loaded; writes target/sources.json'))
      .option('--threads <n>', 'sources checked in parallel', (v) => Number.parseInt(v, 10))
      .option('--freshness-now <timestamp>', 'measure freshness against this time instead of the clock'),
  ).action(async (opts: LockFlags & { select?: string[]; exclude?: string[]; threads?: number; freshnessNow?: string }) => {
    const g = globals();
    await runWithSignals(io, async (signal) => {
      const { sourceFreshness } = await import('../runner/freshness-command.js');
      const r = await sourceFreshness({
        ...common(g),
        select: opts.select,
        exclude: opts.exclude,
        threads: opts.threads,
        now: parseTimestamp(opts.freshnessNow),
        lock: lockOptions(opts),
        reporter: reporterFor(g, io.out),
        signal,
      });
      if (g.logFormat === 'text') io.out.write(r.results.length ? `Wrote ${r.path}\n` : 'No selected source has freshness thresholds (warn_after / error_after)\n');
      return r.success ? 0 : 1;
    });
  });

  program
    .command('history')
    .description('the last runs recorded in the target (keel_runs)')
    .option('--limit <n>', 'how many runs', (v) => Number.parseInt(v, 10), 20)
    .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (opts: { limit: number; output: 'text' | 'json' }) => {
      const g = globals();
      const { history } = await import('../runner/history-command.js');
      const r = await history({ ...common(g), limit: opts.limit });
      if (!r.enabled) io.out.write('Run history is switched off (run-history: enabled: false in project.yml)\n');
      else if (!r.runs) io.out.write(`No run history yet (${r.table} does not exist on target ${r.target})\n`);
      else io.out.write(formatRuns(r.runs, opts.output));
      io.exit(0);
    });
}
