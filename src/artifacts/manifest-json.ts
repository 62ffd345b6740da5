import type { Node } from '../core/nodes.js';
import type { Manifest } from '../graph/manifest.js';
import type { Quoting } from '../engines/quoting.js';
import type { Project } from '../project/project.js';
import { fingerprinter, type FingerprintSource, type NodeFingerprint } from '../state/fingerprint.js';
import { STATE_SCHEMA_VERSION } from '../state/load-state.js';
import { compiledPath } from './compiled-files.js';
import { StreamedObject } from './json-stream.js';

/** 2: per-node `state` digests (config, properties, macros, vars, env vars) for --state */
export const MANIFEST_SCHEMA_VERSION = STATE_SCHEMA_VERSION;

/** What a node's entry reads besides the node. */
export interface EntrySource extends FingerprintSource {
  project: FingerprintSource['project'] & Pick<Project, 'name'>;
  quoting: Pick<Quoting, 'quoteRelation'>;
}

/**
 * One node as written to manifest.json: config, dependencies, where its compiled SQL is, checksum.
 * Built as one literal plus the kind's own fields assigned after it: merging partial objects with
 * spreads, for tens of thousands of entries, was a large part of writing the manifest.
 */
export function nodeEntry(m: EntrySource, node: Node, state: NodeFingerprint): Record<string, unknown> {
  // `state` is what --state compares; the names read are its keys, values only as digests
  const e: Record<string, unknown> = {
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
    state,
  };
  switch (node.kind) {
    case 'model':
    case 'test':
      e.raw_code = node.rawSql;
      e.compiled_code = node.compiledSql ?? null;
      e.compiled_path = compiledPath(m.project.name, node) ?? null;
      e.refs = node.refs;
      e.sources = node.sources;
      if (node.kind === 'test') {
        e.test_name = node.testName;
        e.attached_node = node.attachedTo ?? null;
        e.column_name = node.columnName ?? null;
        e.test_args = node.args;
      }
      break;
    case 'source':
      e.source_name = node.sourceName;
      e.loaded_at_field = node.loadedAtField ?? null;
      e.freshness = node.freshness ?? null;
      break;
    case 'seed':
      e.csv_path = node.path;
      break;
  }
  return e;
}

/** manifest.json's content, for writeJsonStream: node entries are built as it writes them, each garbage right after. */
export function manifestJson(m: Manifest, invocationId: string, generatedAt: Date): Record<string, unknown> {
  const fingerprint = fingerprinter(m);
  const macros: Record<string, string> = {};
  for (const [name, file] of m.parsed.macros) if (!file.startsWith('<keel>')) macros[name] = file;
  return {
    metadata: {
      keel_schema_version: MANIFEST_SCHEMA_VERSION,
      project_name: m.project.name,
      target: m.project.targetName,
      target_type: m.project.target.type,
      invocation_id: invocationId,
      generated_at: generatedAt.toISOString(),
    },
    nodes: new StreamedObject(function* () {
      for (const node of m.nodes.values()) yield [node.uniqueId, nodeEntry(m, node, fingerprint(node))];
    }),
    disabled: m.parsed.disabled.map((n) => n.uniqueId),
    macros,
    parent_map: new StreamedObject(function* () {
      for (const node of m.nodes.values()) yield [node.uniqueId, node.dependsOn];
    }),
    vars: m.project.vars,
  };
}
