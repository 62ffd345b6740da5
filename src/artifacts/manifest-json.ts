import type { Node } from '../core/nodes.js';
import type { Manifest } from '../runner/manifest.js';
import { fingerprinter, type NodeFingerprint } from '../state/fingerprint.js';
import { STATE_SCHEMA_VERSION } from '../state/load-state.js';
import { compiledPath } from './compiled-files.js';

/** 2: per-node `state` digests (config, properties, macros, vars, env vars) for --state */
export const MANIFEST_SCHEMA_VERSION = STATE_SCHEMA_VERSION;

/** One node as written to manifest.json: config, dependencies, where its compiled SQL is, checksum. */
function nodeEntry(m: Manifest, node: Node, fingerprint: (n: Node) => NodeFingerprint): Record<string, unknown> {
  const base: Record<string, unknown> = {
    unique_id: node.uniqueId,
    resource_type: node.kind,
    name: node.name,
    path: node.path,
    fqn: node.fqn,
    description: node.description ?? '',
    columns: node.columns,
    config: node.config,
    tags: node.config.tags ?? [],
    depends_on: node.dependsOn,
    relation: node.relation ?? null,
    relation_name: node.relation ? m.quoting.quoteRelation(node.relation) : null,
    checksum: { name: 'sha256', checksum: node.checksum },
    // what --state compares; the names read are its keys, values only as digests
    state: compactState(fingerprint(node)),
  };
  if (node.kind === 'model' || node.kind === 'test') {
    Object.assign(base, {
      raw_code: node.rawSql,
      compiled_code: node.compiledSql ?? null,
      compiled_path: compiledPath(m.project.name, node) ?? null,
      refs: node.refs,
      sources: node.sources,
    });
  }
  if (node.kind === 'test') Object.assign(base, { test_name: node.testName, attached_node: node.attachedTo ?? null, column_name: node.columnName ?? null, test_args: node.args });
  if (node.kind === 'source') Object.assign(base, { source_name: node.sourceName, loaded_at_field: node.loadedAtField ?? null, freshness: node.freshness ?? null });
  if (node.kind === 'seed') Object.assign(base, { csv_path: node.path });
  return base;
}

/** Empty digest maps are left out: most nodes read no var, env var or macro, and manifests get large. */
function compactState(fp: NodeFingerprint): Partial<NodeFingerprint> {
  const out: Partial<NodeFingerprint> = { config: fp.config, properties: fp.properties };
  for (const k of ['macros', 'vars', 'env_vars'] as const) if (Object.keys(fp[k]).length) out[k] = fp[k];
  return out;
}

export function manifestJson(m: Manifest, invocationId: string, generatedAt: Date): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const fingerprint = fingerprinter(m);
  for (const node of m.nodes.values()) nodes[node.uniqueId] = nodeEntry(m, node, fingerprint);
  return {
    metadata: {
      keel_schema_version: MANIFEST_SCHEMA_VERSION,
      project_name: m.project.name,
      target: m.project.targetName,
      target_type: m.project.target.type,
      invocation_id: invocationId,
      generated_at: generatedAt.toISOString(),
    },
    nodes,
    disabled: m.parsed.disabled.map((n) => n.uniqueId),
    macros: Object.fromEntries([...m.parsed.macros].filter(([, f]) => !f.startsWith('<keel>'))),
    parent_map: Object.fromEntries([...m.nodes.values()].map((n) => [n.uniqueId, n.dependsOn])),
    vars: m.project.vars,
  };
}
