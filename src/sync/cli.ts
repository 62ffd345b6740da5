import type { Command } from 'commander';
import { common, lockFlags, lockOptions, selection, type GlobalFlags, type Io, type LockFlags } from '../cli/common.js';

/** `keel sync` and `keel sync status`; the implementation (engine, AWS SDK) loads only when they run. */
export function registerSyncCommands(program: Command, globals: () => GlobalFlags, io: Io): void {
  const sync = lockFlags(selection(
    program
      .command('sync')
      .description('push segments to Lotame: behaviors, the changes since the last acknowledged sync as onboarding files, opt-outs (local outbox without LOTAME_TOKEN/LOTAME_ACCESS_KEY)')
      .option('--dry-run', 'compute and print what would be sent; send and record nothing')
      .option('--full', 'send every current member, not only the changes'),
  )).action(async (opts: LockFlags & { select?: string[]; exclude?: string[]; dryRun?: boolean; full?: boolean }) => {
    const g = globals();
    const { syncCommand } = await import('./command.js');
    io.exit(await syncCommand({ ...common(g), logFormat: g.logFormat, select: opts.select, exclude: opts.exclude, dryRun: opts.dryRun, full: opts.full, lock: lockOptions(opts) }, io.out));
  });
  sync
    .command('status')
    .description('the sync history per segment: last runs, members, adds, removes, files')
    .action(async () => {
      const g = globals();
      const { syncStatusCommand } = await import('./command.js');
      io.exit(await syncStatusCommand({ ...common(g), logFormat: g.logFormat }, io.out));
    });
}
