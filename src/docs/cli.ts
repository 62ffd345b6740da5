import { InvalidArgumentError, type Command } from 'commander';
import { common, type GlobalFlags, type Io } from '../cli/common.js';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number, 0-65535 (0: any free port)');
  return n;
};

/** `keel docs generate` and `keel docs serve`; the site code (esbuild, the engine) loads only when they run. */
export function registerDocsCommands(program: Command, globals: () => GlobalFlags, io: Io): void {
  const docs = program.command('docs').description('a static documentation site: catalog, lineage graph, funnel and segment pages');
  docs
    .command('generate')
    .description('write the site to target/docs/ (opens from file:// or with keel docs serve)')
    .option('--no-warehouse', 'do not connect to the target: no column types, funnel or segment numbers')
    .action(async (opts: { warehouse: boolean }) => {
      const { docsGenerateCommand } = await import('./command.js');
      io.exit(await docsGenerateCommand({ ...common(globals()), warehouse: opts.warehouse }, io.out));
    });
  docs
    .command('serve')
    .description('serve target/docs/ on 127.0.0.1 until interrupted')
    .option('--port <n>', 'port to listen on', port, 8080)
    .action(async (opts: { port: number }) => {
      const { docsServeCommand } = await import('./command.js');
      io.exit(await docsServeCommand({ ...common(globals()), port: opts.port }, io.out));
    });
}
