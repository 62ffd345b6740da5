import type { Command } from 'commander';
import type { CommandContext } from '../common.js';
import { registerCompileCommand } from './compile.js';
import { registerDocsCommands } from './docs.js';
import { registerHistoryCommand } from './history.js';
import { registerLsCommand } from './ls.js';
import { registerRetryCommand } from './retry.js';
import { registerRunCommands } from './run.js';
import { registerSourceCommands } from './source.js';
import { registerSyncCommands } from './sync.js';

/** Every keel command, in the order `keel --help` lists them. */
export function registerCommands(program: Command, context: CommandContext): void {
  registerRunCommands(program, context);
  registerCompileCommand(program, context);
  registerLsCommand(program, context);
  registerRetryCommand(program, context);
  registerSourceCommands(program, context);
  registerHistoryCommand(program, context);
  registerSyncCommands(program, context);
  registerDocsCommands(program, context);
}
