import type { NodeConfig, SourceNode } from '../../core/nodes.js';
import { checksum } from './checksum.js';
import type { ParseContext } from './context.js';
import { columnsFrom } from './models.js';

export function parseSources(ctx: ParseContext): SourceNode[] {
  const out: SourceNode[] = [];
  for (const { doc, input: src } of ctx.props.sources) {
    for (const table of src.tables) {
      // the table's name, as in dbt; selection and ls qualify it with the source name
      const name = table.name;
      const freshness = table.freshness === null ? undefined : (table.freshness ?? src.freshness ?? undefined);
      out.push({
        uniqueId: `source.${ctx.project.name}.${src.name}.${table.name}`,
        kind: 'source',
        name,
        sourceName: src.name,
        path: doc.yaml.file,
        fqn: [ctx.project.name, src.name, table.name],
        description: table.description ?? src.description,
        columns: columnsFrom(table.columns),
        config: { enabled: true, tags: [...(src.tags ?? []), ...(table.tags ?? [])] } as unknown as NodeConfig,
        dependsOn: [],
        relation: {
          ...(src.database ? { database: src.database } : {}),
          schema: src.schema ?? src.name,
          identifier: table.identifier ?? table.name,
        },
        checksum: checksum(JSON.stringify({ src: { ...src, tables: undefined }, table })),
        meta: table.meta,
        loadedAtField: table.loaded_at_field ?? src.loaded_at_field,
        freshness: freshness ?? undefined,
      });
    }
  }
  return out;
}
