import type { Command } from 'commander';
import { common, type CommandContext } from '../common.js';
import { lockOptions, options, withLockFlags, withSelection, type LockFlags, type SelectionFlags } from '../options.js';

/** `keel sync` and `keel sync status`; the implementation (src/sync/: engine, AWS SDK) loads only when they run. */
export function registerSyncCommands(program: Command, { globals, io }: CommandContext): void {
  const sync = withLockFlags(
    withSelection(
      program
        .command('sync')
        .description(
          'push segments to Lotame: behaviors, the changes since the last acknowledged sync as onboarding files, opt-outs (local outbox without LOTAME_TOKEN/LOTAME_ACCESS_KEY)',
        )
        .addOption(options.dryRun())
        .addOption(options.full()),
    ),
  ).action(async (opts: LockFlags & SelectionFlags & { dryRun?: boolean; full?: boolean }) => {
    const g = globals();
    const { syncCommand } = await import('../../sync/command.js');
    io.exit(
      await syncCommand(
        { ...common(g), logFormat: g.logFormat, select: opts.select, exclude: opts.exclude, dryRun: opts.dryRun, full: opts.full, lock: lockOptions(opts) },
        io.out,
      ),
    );
  });
  sync
    .command('status')
    .description('the sync history per segment: last runs, members, adds, removes, files')
    .action(async () => {
      const g = globals();
      const { syncStatusCommand } = await import('../../sync/command.js');
      io.exit(await syncStatusCommand({ ...common(g), logFormat: g.logFormat }, io.out));
    });
}
