import { Command, Option } from 'commander';
import jsyaml from 'js-yaml';
import { isKeelError, KeelError } from '../core/errors.js';
import type { Command as RunCommand } from '../runner/results.js';
import { jsonReporter } from './json-reporter.js';
import { textReporter } from './text-reporter.js';

interface GlobalFlags {
  projectDir: string;
  target?: string;
  vars?: string;
  logFormat: 'text' | 'json';
  debug?: boolean;
}

function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  const v = jsyaml.load(text);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new KeelError(`--vars takes a YAML mapping, e.g. --vars '{start_date: "2025-01-01"}'`);
  return v as Record<string, unknown>;
}

function common(flags: GlobalFlags) {
  return { projectDir: flags.projectDir, target: flags.target, vars: parseVars(flags.vars) };
}

const selection = (cmd: Command) =>
  cmd
    .option('-s, --select <selector...>', 'nodes to include (dbt syntax: name, +name, name+, tag:x, path:dir, config.k:v, @name)')
    .option('--exclude <selector...>', 'nodes to leave out');

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
    selection(program.command(name).description(descriptions[name]))
      .option('--threads <n>', 'nodes run in parallel', (v) => Number.parseInt(v, 10))
      .option('--full-refresh', 'rebuild incremental models and seeds from scratch')
      .action(async (opts: { select?: string[]; exclude?: string[]; threads?: number; fullRefresh?: boolean }) => {
        const g = globals();
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const reporter = g.logFormat === 'json' ? jsonReporter(io.out, { debug: !!g.debug }) : textReporter(io.out, { color: !!(io.out as NodeJS.WriteStream).isTTY, debug: !!g.debug });
        try {
          // loaded here so compile and ls never load drivers or the materializations
          const { invoke } = await import('../runner/invoke.js');
          const { results } = await invoke({ ...common(g), command: name, select: opts.select, exclude: opts.exclude, threads: opts.threads, fullRefresh: opts.fullRefresh, reporter, signal: controller.signal });
          io.exit(results.success ? 0 : 1);
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      });
  }

  selection(program.command('compile').description('render models and tests to SQL under target/compiled/')).action(async (opts: { select?: string[]; exclude?: string[] }) => {
    const { compileCommand } = await import('../runner/compile-command.js');
    const r = compileCommand({ ...common(globals()), select: opts.select, exclude: opts.exclude });
    io.out.write(`Compiled ${r.filesWritten} node${r.filesWritten === 1 ? '' : 's'} to ${r.manifest.project.targetPath}/compiled\n`);
    io.exit(0);
  });

  selection(program.command('ls').alias('list').description('list the selected nodes'))
    .option('--resource-type <type...>', 'model, seed, source, test')
    .addOption(new Option('--output <format>', 'name, path or json').choices(['name', 'path', 'json']).default('name'))
    .action(async (opts: { select?: string[]; exclude?: string[]; resourceType?: string[]; output: string }) => {
      const { listCommand } = await import('../runner/compile-command.js');
      const r = listCommand({ ...common(globals()), select: opts.select, exclude: opts.exclude, resourceTypes: opts.resourceType });
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

  return program;
}

/** Runs the CLI; returns the exit code. User errors print as `file:line: message`, stack traces only with --debug. */
export async function main(argv: string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let code = 0;
  const program = buildProgram({ ...io, exit: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code?.startsWith('commander.')) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : (e.exitCode ?? 2);
    const debug = argv.includes('--debug');
    if (isKeelError(err)) {
      io.err.write(`Error: ${err.format()}\n`);
      if (debug) io.err.write(`${err.stack}\n`);
    } else {
      io.err.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
      if (debug && err instanceof Error) io.err.write(`${err.stack}\n`);
      else io.err.write('(run with --debug for the stack trace)\n');
    }
    return 2;
  }
}
