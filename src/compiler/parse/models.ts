import { basename, join } from 'node:path';
import type { ColumnDoc, ModelNode } from '../../core/nodes.js';
import { configsForFolders } from '../../project/folder-config.js';
import { foldersBelow } from '../../project/discover.js';
import type { ColumnInput } from '../../project/schema.js';
import { checksum } from './checksum.js';
import { finalizeConfig, mergeConfigs } from './config.js';
import type { ParseContext } from './context.js';
import type { RenderOutput } from '../render.js';
import { readUtf8 } from '../../project/read-text.js';
import { checkOneStatement } from './one-statement.js';

export function columnsFrom(inputs: ColumnInput[] | undefined): Record<string, ColumnDoc> {
  const out: Record<string, ColumnDoc> = {};
  for (const c of inputs ?? []) {
    out[c.name] = { name: c.name, description: c.description, data_type: c.data_type, tests: c.data_tests ?? c.tests };
  }
  return out;
}

/** Renders a model file once: its config, refs and sources come out of that render. */
export function parseModel(ctx: ParseContext, file: string, raw = readUtf8(join(ctx.project.root, file), file)): ModelNode {
  const name = basename(file, '.sql');
  const folders = foldersBelow(file, ctx.project.file['model-paths']);
  const props = ctx.props.models.get(name);
  const base = mergeConfigs(...configsForFolders(ctx.project.folderConfig.models, folders), props?.input.config);
  const contentHash = checksum(raw);
  const render = renderCached(ctx, file, name, raw, contentHash, base);
  checkOneStatement(file, raw, render.sql, 'model');
  const config = finalizeConfig(render.config, 'view', { file });
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
    checksum: contentHash,
    meta: props?.input.meta,
    rawSql: raw,
    renderedSql: render.sql,
    refs: render.refs,
    sources: render.sources,
    varsRead: render.varsRead,
    envVarsRead: render.envVarsRead,
    macrosCalled: render.macrosCalled,
  };
  return node;
}

interface ModelRender {
  sql: string;
  refs: ModelNode['refs'];
  sources: ModelNode['sources'];
  config: Record<string, unknown>;
  varsRead: string[];
  envVarsRead: string[];
  macrosCalled: string[];
}

/** Reuses the last compile's render when nothing it read changed (a hit costs less than even a fast-path render). */
function renderCached(ctx: ParseContext, file: string, name: string, raw: string, contentHash: string, base: Record<string, unknown>): ModelRender {
  const cache = ctx.cache;
  if (!cache) return fromCapture(ctx.renderer.render({ file, name, raw, baseConfig: base }));
  const baseConfigHash = checksum(JSON.stringify(base));
  const hit = cache.lookup(file, contentHash, baseConfigHash);
  if (hit) {
    return {
      sql: hit.sql,
      refs: hit.refs,
      sources: hit.sources,
      config: hit.config,
      varsRead: Object.keys(hit.vars).sort(),
      envVarsRead: Object.keys(hit.env).sort(),
      macrosCalled: Object.keys(hit.macros).sort(),
    };
  }
  const logged = ctx.warnings.length;
  const out = fromCapture(ctx.renderer.render({ file, name, raw, baseConfig: base }));
  // a render that logged is not kept: a hit would not say its messages again
  if (ctx.warnings.length === logged)
    cache.store(
      file,
      { contentHash, baseConfigHash, sql: out.sql, refs: out.refs, sources: out.sources, config: out.config },
      { macros: out.macrosCalled, vars: out.varsRead, env: out.envVarsRead },
    );
  return out;
}

function fromCapture({ sql, capture }: RenderOutput): ModelRender {
  return {
    sql,
    refs: capture.refs,
    sources: capture.sources,
    config: capture.config,
    varsRead: [...capture.varsRead].sort(),
    envVarsRead: [...capture.envVarsRead].sort(),
    macrosCalled: [...capture.macrosCalled].sort(),
  };
}
