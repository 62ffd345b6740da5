import type { Command } from 'commander';
import { common, type CommandContext } from '../common.js';
import { formatRuns } from '../history-format.js';
import { options } from '../options.js';

/** `keel history`: the runs recorded in the target. */
export function registerHistoryCommand(program: Command, { globals, io }: CommandContext): void {
  program
    .command('history')
    .description('the last runs recorded in the target (keel_runs)')
    .addOption(options.limit())
    .addOption(options.output('text or json', ['text', 'json'] as const))
    .action(async (opts: { limit: number; output: 'text' | 'json' }) => {
      const { history } = await import('../../runner/history-command.js');
      const r = await history({ ...common(globals()), limit: opts.limit });
      if (!r.enabled) io.out.write('Run history is switched off (run-history: enabled: false in project.yml)\n');
      else if (!r.runs) io.out.write(`No run history yet (${r.table} does not exist on target ${r.target})\n`);
      else io.out.write(formatRuns(r.runs, opts.output));
      io.exit(0);
    });
}
