import { Command, Option } from 'commander';
import { isKeelError } from '../core/errors.js';
import type { Command as RunCommand } from '../runner/results.js';
import { common, lockFlags, lockOptions, parseTimestamp, reporterFor, selection, type GlobalFlags, type LockFlags } from './common.js';
import { registerSchedulingCommands, runWithSignals } from './scheduling-commands.js';
import { registerSyncCommands } from '../sync/cli.js';
import { registerDocsCommands } from '../docs/cli.js';

interface RunFlags extends LockFlags {
  select?: string[];
  exclude?: string[];
  threads?: number;
  fullRefresh?: boolean;
  state?: string;
  defer?: boolean;
  requireFresh?: boolean;
  freshnessNow?: string;
}

export function buildProgram(io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream; exit: (code: number) => void }): Command {
  const program = new Command('keel')
    .description('Analytics and warehouse modeling: models, journeys, funnels and segments on DuckDB, Athena and Redshift')
    .option('--project-dir <dir>', 'project directory (with project.yml)', process.cwd())
    .option('-t, --target <name>', 'target from project.yml')
    .option('--vars <yaml>', 'override project vars, as a YAML mapping')
    .addOption(new Option('--log-format <format>', 'progress output').choices(['text', 'json']).default('text'))
    .option('--debug', 'print statements run and stack traces')
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .exitOverride();

  const globals = () => program.opts<GlobalFlags>();

  for (const name of ['run', 'build', 'seed', 'test'] as RunCommand[]) {
    const descriptions: Record<RunCommand, string> = {
      run: 'build the selected models',
      build: 'load seeds, build models and run their tests in DAG order',
      seed: 'load CSV seeds into tables',
      test: 'run data tests',
    };
    const cmd = selection(program.command(name).description(descriptions[name]))
      .option('--threads <n>', 'nodes run in parallel', (v) => Number.parseInt(v, 10))
      .option('--full-refresh', 'rebuild incremental models and seeds from scratch')
      .option('--state <dir>', 'the manifest.json of an earlier run, for state:modified / state:new and --defer')
      .option('--defer', 'refs to unselected nodes not built in this target read the relations in --state');
    if (name === 'run' || name === 'build') {
      cmd
        .option('--require-fresh', 'build nothing downstream of a source past its freshness error_after')
        .option('--freshness-now <timestamp>', 'measure source freshness against this time instead of the clock');
    }
    lockFlags(cmd).action(async (opts: RunFlags) => {
      const g = globals();
      await runWithSignals(io, async (signal) => {
        // loaded here so compile and ls never load drivers or the materializations
        const { invoke } = await import('../runner/invoke.js');
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
          freshnessNow: parseTimestamp(opts.freshnessNow),
          lock: lockOptions(opts),
          reporter: reporterFor(g, io.out),
          signal,
        });
        return results.success ? 0 : 1;
      });
    });
  }

  selection(program.command('compile').description('render models and tests to SQL under target/compiled/'))
    .option('--state <dir>', 'the manifest.json of an earlier run, for state:modified / state:new')
    .option('--watch', 'compile again after every change to the project, until interrupted')
    .action(async (opts: { select?: string[]; exclude?: string[]; state?: string; watch?: boolean }) => {
      const args = { ...common(globals()), select: opts.select, exclude: opts.exclude, state: opts.state };
      if (opts.watch) {
        const { watchCompile } = await import('../runner/compile-watch.js');
        const { cancelOnSignals } = await import('./signals.js');
        const scope = cancelOnSignals();
        await watchCompile(args, io, scope.signal);
        scope.dispose();
        // interrupting is how a watch ends: not a failure
        return io.exit(0);
      }
      const r = (await import('../runner/compile-command.js')).compileCommand(args);
      for (const w of r.warnings) io.err.write(`Warning: ${w}\n`);
      io.out.write(`Compiled ${r.filesWritten} node${r.filesWritten === 1 ? '' : 's'} to ${r.targetPath}/compiled\n`);
      io.exit(0);
    });

  selection(program.command('ls').alias('list').description('list the selected nodes'))
    .option('--resource-type <type...>', 'model, seed, source, test')
    .addOption(new Option('--output <format>', 'name, path or json').choices(['name', 'path', 'json']).default('name'))
    .option('--state <dir>', 'the manifest.json of an earlier run, for state:modified / state:new')
    .action(async (opts: { select?: string[]; exclude?: string[]; resourceType?: string[]; output: string; state?: string }) => {
      const { listCommand } = await import('../runner/compile-command.js');
      const r = listCommand({ ...common(globals()), select: opts.select, exclude: opts.exclude, resourceTypes: opts.resourceType, state: opts.state });
      for (const w of r.warnings) io.err.write(`Warning: ${w}\n`);
      for (const id of r.nodes) {
        const n = r.manifest.nodes.get(id)!;
        const line =
          opts.output === 'json'
            ? JSON.stringify({ unique_id: id, name: n.name, resource_type: n.kind, path: n.path, materialized: n.config.materialized ?? null, tags: n.config.tags })
            : opts.output === 'path'
              ? n.path
              : n.kind === 'source' ? `source:${n.sourceName}.${n.name}` : n.name;
        io.out.write(`${line}\n`);
      }
      io.exit(0);
    });

  registerSchedulingCommands(program, globals, io);
  registerSyncCommands(program, globals, io);
  registerDocsCommands(program, globals, io);
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
