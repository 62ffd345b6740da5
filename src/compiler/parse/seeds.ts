import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SeedNode } from '../../core/nodes.js';
import { foldersBelow } from '../../project/discover.js';
import { configsForFolders } from '../../project/folder-config.js';
import { checksum } from './checksum.js';
import { finalizeConfig, mergeConfigs } from './config.js';
import type { ParseContext } from './context.js';
import { columnsFrom } from './models.js';

export function parseSeed(ctx: ParseContext, file: string): SeedNode {
  const name = basename(file, '.csv');
  const folders = foldersBelow(file, ctx.project.file['seed-paths']);
  const props = ctx.props.seeds.get(name);
  const location = () => (props ? { file: props.doc.yaml.file, line: props.doc.yaml.lineOf(['seeds', props.index]) } : { file: 'project.yml' });
  const config = finalizeConfig(mergeConfigs(...configsForFolders(ctx.project.folderConfig.seeds, folders), props?.input.config), 'seed', location);
  const csvPath = join(ctx.project.root, file);
  return {
    uniqueId: `seed.${ctx.project.name}.${name}`,
    kind: 'seed',
    name,
    path: file,
    fqn: [ctx.project.name, ...folders, name],
    description: props?.input.description,
    columns: columnsFrom(props?.input.columns),
    config: { ...config, materialized: 'seed' },
    dependsOn: [],
    relation: ctx.relationFor(name, 'seed', config),
    checksum: checksum(readFileSync(csvPath), JSON.stringify(config.column_types ?? {})),
    meta: props?.input.meta,
    csvPath,
  };
}
