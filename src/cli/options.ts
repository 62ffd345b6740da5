import { Option, type Command } from 'commander';
import { RESOURCE_TYPES } from '../graph/selector-methods.js';
import { nonEmpty, oneOf, port, seconds, selectors, timestamp, varsMapping, wholeNumber } from './option-values.js';

/**
 * Every flag keel takes, defined once with the parser that validates it; a command adds the
 * ones it takes (src/cli/commands/). Help texts a command words differently are arguments.
 */
export const options = {
  projectDir: () => new Option('--project-dir <dir>', 'project directory (with project.yml)').argParser(nonEmpty('a directory')).default(process.cwd()),
  target: () => new Option('-t, --target <name>', 'target from project.yml').argParser(nonEmpty('a target name')),
  vars: () => new Option('--vars <yaml>', 'override project vars, as a YAML mapping').argParser(varsMapping),
  logFormat: () => choice('--log-format <format>', 'progress output', ['text', 'json'] as const, 'text'),
  debug: () => new Option('--debug', 'print statements run and stack traces'),

  select: () =>
    new Option('-s, --select <selector...>', 'nodes to include (dbt syntax: name, +name, name+, tag:x, path:dir, config.k:v, @name, state:modified)').argParser(
      selectors('--select'),
    ),
  exclude: () => new Option('--exclude <selector...>', 'nodes to leave out').argParser(selectors('--exclude')),
  resourceType: () =>
    new Option('--resource-type <type...>', 'only nodes of these types').choices(RESOURCE_TYPES).argParser(oneOf(RESOURCE_TYPES, { variadic: true })),

  threads: (description = 'nodes run in parallel') => new Option('--threads <n>', description).argParser(wholeNumber(1)),
  fullRefresh: () => new Option('--full-refresh', 'rebuild incremental models and seeds from scratch'),
  state: (description = 'the manifest.json of an earlier run, for state:modified / state:new') =>
    new Option('--state <dir>', description).argParser(nonEmpty('a directory')),
  defer: () => new Option('--defer', 'refs to unselected nodes not built in this target read the relations in --state'),
  requireFresh: () => new Option('--require-fresh', 'build nothing downstream of a source past its freshness error_after'),
  freshnessNow: (description = 'measure source freshness against this time instead of the clock') =>
    new Option('--freshness-now <timestamp>', description).argParser(timestamp),
  waitForLock: () =>
    new Option('--wait-for-lock <seconds>', 'wait this long for another build on the target to finish (default: exit at once)').argParser(seconds()),
  // 0 would take over the lock of a build that is running: two builds at once on one target
  lockMaxAge: () =>
    new Option('--lock-max-age <seconds>', 'a lock older than this is a killed build and is taken over (default: 86400)').argParser(
      seconds({ positive: true }),
    ),

  watch: () => new Option('--watch', 'compile again after every change to the project, until interrupted'),
  output: <T extends string>(description: string, formats: readonly [T, ...T[]]) => choice('--output <format>', description, formats, formats[0]),
  limit: () => new Option('--limit <n>', 'how many runs').argParser(wholeNumber(1)).default(20),
  dryRun: () => new Option('--dry-run', 'compute and print what would be sent; send and record nothing'),
  full: () => new Option('--full', 'send every current member, not only the changes'),
  noWarehouse: () => new Option('--no-warehouse', 'do not connect to the target: no column types, funnel or segment numbers'),
  port: () => new Option('--port <n>', 'port to listen on').argParser(port).default(8080),
};

/** A flag with a fixed set of values: help lists them, a typo gets the closest one suggested. */
function choice<T extends string>(flags: string, description: string, values: readonly T[], defaultValue: T): Option {
  return new Option(flags, description).choices(values).argParser(oneOf(values)).default(defaultValue);
}

/** The flags as parsed, for the commands' action signatures. */
export interface GlobalFlags {
  projectDir: string;
  target?: string;
  vars?: Record<string, unknown>;
  logFormat: 'text' | 'json';
  debug?: boolean;
}

export interface SelectionFlags {
  select?: string[];
  exclude?: string[];
}

export interface LockFlags {
  waitForLock?: number;
  lockMaxAge?: number;
}

/** `--select` and `--exclude`. */
export const withSelection = (cmd: Command) => cmd.addOption(options.select()).addOption(options.exclude());

/** The flags of every command that takes the target's build lock. */
export const withLockFlags = (cmd: Command) => cmd.addOption(options.waitForLock()).addOption(options.lockMaxAge());

export const lockOptions = (f: LockFlags) => ({ waitSeconds: f.waitForLock, maxAgeSeconds: f.lockMaxAge });
