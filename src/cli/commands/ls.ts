import type { Command } from 'commander';
import type { NodeKind } from '../../core/nodes.js';
import { common, type CommandContext } from '../common.js';
import { options, withSelection, type SelectionFlags } from '../options.js';

/** `keel ls` / `keel list`. */
export function registerLsCommand(program: Command, { globals, io }: CommandContext): void {
  withSelection(program.command('ls').alias('list').description('list the selected nodes'))
    .addOption(options.resourceType())
    .addOption(options.output('name, path or json', ['name', 'path', 'json'] as const))
    .addOption(options.state())
    .action(async (opts: SelectionFlags & { resourceType?: NodeKind[]; output: 'name' | 'path' | 'json'; state?: string }) => {
      const { listCommand } = await import('../../runner/compile-command.js');
      const r = listCommand({ ...common(globals()), select: opts.select, exclude: opts.exclude, resourceTypes: opts.resourceType, state: opts.state });
      for (const w of r.warnings) io.err.write(`Warning: ${w}\n`);
      for (const id of r.nodes) {
        const n = r.manifest.nodes.get(id)!;
        const line =
          opts.output === 'json'
            ? JSON.stringify({
                unique_id: id,
                name: n.name,
                resource_type: n.kind,
                path: n.path,
                materialized: n.config.materialized ?? null,
                tags: n.config.tags,
              })
            : opts.output === 'path'
              ? n.path
              : n.kind === 'source'
                ? `source:${n.sourceName}.${n.name}`
                : n.name;
        io.out.write(`${line}\n`);
      }
      io.exit(0);
    });
}
