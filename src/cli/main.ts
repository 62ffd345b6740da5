import { Command } from 'commander';
import { isKeelError } from '../core/errors.js';
import { registerCommands } from './commands/index.js';
import type { Io } from './common.js';
import { options, type GlobalFlags } from './options.js';

export function buildProgram(io: Io): Command {
  const program = new Command('keel')
    .description('Analytics and warehouse modeling: models, journeys, funnels and segments on DuckDB, Athena and Redshift')
    .addOption(options.projectDir())
    .addOption(options.target())
    .addOption(options.vars())
    .addOption(options.logFormat())
    .addOption(options.debug())
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .exitOverride()
    // inherited by every command: `keel run stg_orders` (without --select) would otherwise run everything
    .allowExcessArguments(false);
  registerCommands(program, { globals: () => program.opts<GlobalFlags>(), io });
  return program;
}

export interface MainHooks {
  /** called with the top-level command about to run (as typed: `list` for `ls`), e.g. to name its code cache */
  onCommand?(name: string): void;
}

/** Runs the CLI; returns the exit code. User errors print as `file:line: message`, stack traces only with --debug. */
export async function main(argv: string[], io = { out: process.stdout, err: process.stderr }, hooks: MainHooks = {}): Promise<number> {
  let code = 0;
  const program = buildProgram({ ...io, exit: (c) => (code = c) });
  if (hooks.onCommand) {
    const onCommand = hooks.onCommand;
    program.hook('preAction', (_, action) => {
      let top = action;
      while (top.parent && top.parent !== program) top = top.parent;
      const names = [top.name(), ...top.aliases()];
      onCommand(argv.find((a) => names.includes(a)) ?? top.name());
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code?.startsWith('commander.')) {
      // a wrong command line is exit 2, as documented; commander itself uses 1
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    const debug = argv.includes('--debug');
    if (isKeelError(err)) {
      io.err.write(`Error: ${err.format()}\n`);
      if (debug) io.err.write(`${err.stack}\n`);
      // a KeelError may carry its own code (3: the target is locked by another build)
      if ('exitCode' in err && typeof err.exitCode === 'number') return err.exitCode;
    } else {
      io.err.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
      if (debug && err instanceof Error) io.err.write(`${err.stack}\n`);
      else io.err.write('(run with --debug for the stack trace)\n');
    }
    return 2;
  }
}
