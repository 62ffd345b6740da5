import type { Command } from 'commander';
import { common, type CommandContext } from '../common.js';
import { options } from '../options.js';

/** `keel docs generate` and `keel docs serve`; the site code (src/docs/: esbuild, the engine) loads only when they run. */
export function registerDocsCommands(program: Command, { globals, io }: CommandContext): void {
  const docs = program.command('docs').description('a static documentation site: catalog, lineage graph, funnel and segment pages');
  docs
    .command('generate')
    .description('write the site to target/docs/ (opens from file:// or with keel docs serve)')
    .addOption(options.noWarehouse())
    .action(async (opts: { warehouse: boolean }) => {
      const { docsGenerateCommand } = await import('../../docs/command.js');
      io.exit(await docsGenerateCommand({ ...common(globals()), warehouse: opts.warehouse }, io.out));
    });
  docs
    .command('serve')
    .description('serve target/docs/ on 127.0.0.1 until interrupted')
    .addOption(options.port())
    .action(async (opts: { port: number }) => {
      const { docsServeCommand } = await import('../../docs/command.js');
      io.exit(await docsServeCommand({ ...common(globals()), port: opts.port }, io.out));
    });
}
