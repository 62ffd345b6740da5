import { join } from 'node:path';
import { compiledPath } from '../../artifacts/compiled-files.js';
import { writeFiles, type FileToWrite } from '../../artifacts/file-writer.js';
import { patchManifest } from '../../artifacts/manifest-patch.js';
import { nodeEntry, type EntrySource } from '../../artifacts/manifest-json.js';
import { SqlCompiler } from '../../compiler/compile.js';
import { createParseContext } from '../../compiler/parse/parse-project.js';
import { parseModel } from '../../compiler/parse/models.js';
import type { ModelNode, Node } from '../../core/nodes.js';
import { quotingFor } from '../../engines/registry.js';
import { withGeneratedSql } from '../../materialize/kind-plans.js';
import { loadProjectSettings, readPropertiesFile } from '../../project/load.js';
import { BUILTIN_TESTS } from '../../testing/builtin-tests.js';
import { fingerprinter } from '../../state/fingerprint.js';
import type { SnapshotCheck, SnapshotOptions } from './check.js';
import { envValueDigest, fileStat } from './file-stats.js';
import { refKey } from './record.js';
import { readModelRecords, writeSnapshotDelta, type ModelRecord, type SnapshotHead } from './snapshot.js';

export interface SnapshotCompile {
  targetPath: string;
  filesWritten: number;
  /** models compiled again */
  recompiled: string[];
}

/**
 * Brings manifest.json and the compiled SQL up to date from the last compile's snapshot: edited
 * models are rendered again and only their entries and files are rewritten. Undefined when an
 * edit reaches beyond the model (its relation, what it reads, being enabled or ephemeral, a
 * warning, run_started_at): the caller then compiles in full.
 */
export function compileFromSnapshot(check: SnapshotCheck, opts: SnapshotOptions & { runStartedAt?: Date; invocationId: string }): SnapshotCompile | undefined {
  const { snapshot, targetPath, root } = check;
  const env = opts.env ?? process.env;
  const generatedAt = (opts.runStartedAt ?? new Date()).toISOString();
  const manifestPath = join(targetPath, 'manifest.json');
  const prior = check.loaded.delta;
  const update: SnapshotHead = { startedAt: check.startedAt, env: { ...snapshot.env }, manifest: snapshot.manifest, inputs: { ...prior?.inputs }, outputs: { ...prior?.outputs } };
  for (const file of check.verified) {
    const s = fileStat(join(root, file));
    if (!s) return undefined;
    update.inputs[file] = [...s, snapshot.inputs[file]![4]];
  }

  const entries = new Map<string, string>();
  const files: FileToWrite[] = [];
  if (check.changed.length) {
    const records = readModelRecords(targetPath, check.loaded.base, check.changed.map((c) => c.file));
    if (!records) return undefined;
    const recompiled = recompile(check, records, opts, env);
    if (!recompiled) return undefined;
    const { project } = recompiled.source;
    for (const { node, record } of recompiled.nodes) {
      entries.set(record.id, JSON.stringify(nodeEntry(recompiled.source, node, recompiled.fingerprint(node))));
      const rel = compiledPath(project.name, node)!;
      files.push({ path: join(targetPath, rel), text: `${withGeneratedSql(node, recompiled.target).compiledSql}\n` });
      for (const name of node.envVarsRead) update.env[name] = envValueDigest(name, env[name]);
    }
  }
  if (!patchManifest(manifestPath, { invocationId: opts.invocationId, generatedAt, entries })) return undefined;
  writeFiles(files).finish();
  for (const f of files) update.outputs[f.path.slice(targetPath.length + 1)] = fileStat(f.path)!;
  for (const c of check.changed) {
    const s = fileStat(join(root, c.file));
    if (!s) return undefined;
    update.inputs[c.file] = [...s, c.checksum];
  }
  update.manifest = fileStat(manifestPath)!;
  writeSnapshotDelta(targetPath, check.loaded, update);
  return { targetPath, filesWritten: snapshot.filesWritten, recompiled: check.changed.map((c) => c.file) };
}

interface Recompiled {
  source: EntrySource;
  target: ReturnType<typeof loadProjectSettings>['target'];
  fingerprint: ReturnType<typeof fingerprinter>;
  nodes: Array<{ node: ModelNode; record: ModelRecord }>;
}

function recompile(check: SnapshotCheck, records: Map<string, ModelRecord>, opts: SnapshotOptions & { runStartedAt?: Date }, env: NodeJS.ProcessEnv): Recompiled | undefined {
  const wanted = check.changed.map((c) => ({ ...c, record: records.get(c.file) }));
  if (wanted.some((w) => !w.record)) return undefined;
  const settings = loadProjectSettings(check.root, opts);
  const yamlFiles = [...new Set(wanted.map((w) => w.record!.yaml).filter((f): f is string => f !== null))];
  const project = {
    ...settings,
    modelFiles: [],
    macroFiles: check.snapshot.macroFiles,
    seedFiles: [],
    testFiles: [],
    properties: yamlFiles.map((f) => readPropertiesFile(check.root, f)),
    folders: [],
  };
  let volatile = false;
  const { ctx } = createParseContext(project, { builtinMacros: [BUILTIN_TESTS], env, runStartedAt: opts.runStartedAt, onVolatileRead: () => (volatile = true) });
  const quoting = quotingFor(project.target);
  const nodes: Recompiled['nodes'] = [];
  for (const w of wanted) {
    const record = w.record!;
    let node: ModelNode;
    try {
      node = parseModel(ctx, w.file, w.text);
    } catch {
      // the full compile says what is wrong, with every other error it finds
      return undefined;
    }
    if (!sameInputs(node, record) || volatile || ctx.warnings.length) return undefined;
    node.dependsOn = record.dependsOn;
    node.compiledSql = new SqlCompiler([node, ...stubsFor(record)], quoting.quoteRelation, quoting.quoteIdentifier).compile(node);
    nodes.push({ node, record });
  }
  const source: EntrySource = { project, env, quoting, parsed: { context: { props: ctx.props } } };
  return { source, target: project.target, fingerprint: fingerprinter(source), nodes };
}

/** Still the same node, at the same relation, reading the same relations: nothing else's SQL or entry changes. */
function sameInputs(node: ModelNode, record: ModelRecord): boolean {
  return (
    node.uniqueId === record.id &&
    node.config.enabled !== false &&
    node.relation !== undefined &&
    JSON.stringify(node.relation) === JSON.stringify(record.relation) &&
    node.refs.length === record.refs.length &&
    node.refs.every((r, i) => refKey(r) === record.refs[i]!.call) &&
    node.sources.length === record.sources.length &&
    node.sources.every((s, i) => s.source === record.sources[i]!.source && s.table === record.sources[i]!.table)
  );
}

/** What SqlCompiler reads of the nodes a model refers to, as the snapshot recorded them. */
function stubsFor(record: ModelRecord): Node[] {
  const refs = record.refs.map((r) => ({ kind: r.kind, name: r.name, config: {}, relation: r.relation }));
  const sources = record.sources.map((s) => ({ kind: 'source', sourceName: s.source, fqn: ['', s.source, s.table], relation: s.relation }));
  return [...refs, ...sources] as unknown as Node[];
}
