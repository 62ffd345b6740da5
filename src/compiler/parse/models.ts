import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ColumnDoc, ModelNode } from '../../core/nodes.js';
import { configsForFolders } from '../../project/folder-config.js';
import { foldersBelow } from '../../project/discover.js';
import type { ColumnInput } from '../../project/schema.js';
import { checksum } from './checksum.js';
import { finalizeConfig, mergeConfigs } from './config.js';
import type { ParseContext } from './context.js';

export function columnsFrom(inputs: ColumnInput[] | undefined): Record<string, ColumnDoc> {
  const out: Record<string, ColumnDoc> = {};
  for (const c of inputs ?? []) {
    out[c.name] = { name: c.name, description: c.description, data_type: c.data_type, tests: c.data_tests ?? c.tests };
  }
  return out;
}

/** Renders a model file once: its config, refs and sources come out of that render. */
export function parseModel(ctx: ParseContext, file: string, raw = readFileSync(join(ctx.project.root, file), 'utf8')): ModelNode {
  const name = basename(file, '.sql');
  const folders = foldersBelow(file, ctx.project.file['model-paths']);
  const props = ctx.props.models.get(name);
  const base = mergeConfigs(...configsForFolders(ctx.project.folderConfig.models, folders), props?.input.config);
  const { sql, capture } = ctx.renderer.render({ file, name, raw, baseConfig: base });
  const config = finalizeConfig(capture.config, 'view', { file });
  const node: ModelNode = {
    uniqueId: `model.${ctx.project.name}.${name}`,
    kind: 'model',
    name,
    path: file,
    fqn: [ctx.project.name, ...folders, name],
    description: props?.input.description,
    columns: columnsFrom(props?.input.columns),
    config,
    dependsOn: [],
    relation: config.materialized === 'ephemeral' ? undefined : ctx.relationFor(name, 'model', config),
    checksum: checksum(raw),
    meta: props?.input.meta,
    rawSql: raw,
    renderedSql: sql,
    refs: capture.refs,
    sources: capture.sources,
    varsRead: [...capture.varsRead].sort(),
    envVarsRead: [...capture.envVarsRead].sort(),
    macrosCalled: [...capture.macrosCalled].sort(),
  };
  return node;
}
