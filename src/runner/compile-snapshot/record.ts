import { join } from 'node:path';
import { ADDED_ROOM } from '../../artifacts/manifest-room.js';
import type { WrittenArtifacts } from '../../artifacts/write.js';
import type { ModelNode, Node, RefCall } from '../../core/nodes.js';
import type { Manifest } from '../manifest.js';
import { projectFolderRoots } from '../../project/load.js';
import { argsKey, envValueDigest, fileStat, folderMtime } from './file-stats.js';
import { propertiesShape, propertiesStructure } from './yaml-structure.js';
import { checksum } from '../../compiler/parse/checksum.js';
import { namesCalledIn, outsideMacros } from '../../state/macro-digests.js';
import { macroDigestsOf } from '../../state/fingerprint.js';
import { dropSnapshot, writeSnapshot, type CompileSnapshot, type InputKind, type MacroState, type ModelRecord } from './snapshot.js';

export interface CompileFacts {
  /** when the compile started, before it read any file (ms) */
  startedAt: number;
  target?: string;
  vars?: Record<string, unknown>;
  /** every env var a template read */
  envRead: Set<string>;
  /** a template read run_started_at: its SQL changes on every compile */
  volatile: boolean;
  /** the project files the compile read (`snapshotInputs(m)`) */
  inputs: string[];
  /** the compiled files written and the stats of `inputs`, taken once written */
  written: WrittenArtifacts;
}

/** The project files a compile read, to be stat'ed after it (relative to the root). */
export function snapshotInputs(m: Manifest): string[] {
  const p = m.project;
  return [...p.modelFiles, ...p.macroFiles, ...p.seedFiles, ...p.testFiles, ...p.properties.map((d) => d.yaml.file)];
}

/**
 * Records what a full compile of the whole project read and wrote. A project whose compile warned
 * or read run_started_at gets none: the next compile must run in full to say or render it again.
 */
export function recordSnapshot(m: Manifest, facts: CompileFacts): void {
  const { project } = m;
  if (facts.volatile || m.parsed.warnings.length) return dropSnapshot(project.targetPath);

  const folders: CompileSnapshot['folders'] = {};
  for (const folder of [...project.folders, ...projectFolderRoots(project.file)]) folders[folder] = folderMtime(join(project.root, folder));

  const modelNodes = [...m.parsed.nodes, ...m.parsed.disabled].filter((n): n is ModelNode => n.kind === 'model');
  const checksums = new Map(modelNodes.map((n) => [n.path, n.checksum]));
  const inputs: CompileSnapshot['inputs'] = {};
  const yaml: CompileSnapshot['yaml'] = {};
  const modelFile = new Map(modelNodes.map((n) => [n.name, n.path]));
  const kinds = new Map<string, InputKind>(modelNodes.map((n) => [n.path, 'model']));
  for (const doc of project.properties) {
    checksums.set(doc.yaml.file, doc.checksum);
    const models = (doc.data.models ?? []).map((entry) => modelFile.get(entry.name));
    // seeds' entries are not redone from the snapshot: a property file describing seeds is only verified
    if (!doc.data.seeds?.length && models.every((f) => f !== undefined)) {
      yaml[doc.yaml.file] = { structure: propertiesStructure(doc.data), shape: propertiesShape(doc.data), models: models as string[] };
      kinds.set(doc.yaml.file, 'yaml');
    }
  }
  for (const { file, text } of m.parsed.macroSources) {
    checksums.set(file, checksum(text));
    kinds.set(file, 'macro');
  }
  for (const n of [...m.parsed.nodes, ...m.parsed.disabled]) if (n.kind === 'test' && n.testName === 'singular') checksums.set(n.path, n.checksum);
  const files = facts.inputs;
  for (let i = 0; i < files.length; i++) {
    const s = facts.written.stats[i];
    if (!s) return dropSnapshot(project.targetPath);
    inputs[files[i]!] = [...s, checksums.get(files[i]!) ?? null, kinds.get(files[i]!) ?? 'other'];
  }
  const outputs: CompileSnapshot['outputs'] = {};
  for (const { path, stat } of facts.written.compiled) outputs[path] = stat;
  const manifest = fileStat(join(project.targetPath, 'manifest.json'));
  if (!manifest) return dropSnapshot(project.targetPath);

  const env: Record<string, string> = {};
  for (const name of [...facts.envRead].sort()) env[name] = envValueDigest(name, m.env[name]);
  const snapshot: CompileSnapshot = {
    args: argsKey(facts),
    projectYml: project.fileChecksum,
    startedAt: facts.startedAt,
    env,
    manifest,
    filesWritten: facts.written.compiled.length,
    macroFiles: project.macroFiles,
    folders,
    yaml,
    macros: macroState(m),
    inputs,
    outputs,
    paths: { models: project.file['model-paths'], others: [...project.file['macro-paths'], ...project.file['test-paths']] },
    manifestEnds: [facts.written.ends.nodes, facts.written.ends.parents],
    // a whole-project compile writes its manifest with this room (patchable)
    manifestFree: [ADDED_ROOM.nodes, ADDED_ROOM.parents],
  };
  const byMacro: Record<string, string[]> = {};
  for (const n of modelNodes) for (const name of n.macrosCalled) (byMacro[name] ??= []).push(n.path);
  writeSnapshot(project.targetPath, snapshot, modelRecords(m, facts.written), byMacro);
}

/** The macros' digests, their files' other text, and the macros singular tests name. */
export function macroState(m: Pick<Manifest, 'parsed'>): MacroState {
  const { macroSources, nodes, disabled } = m.parsed;
  const digests = macroDigestsOf(m.parsed).all();
  const outside: Record<string, string> = {};
  for (const { file, text } of macroSources) outside[file] = checksum(outsideMacros(text));
  const named = new Set<string>();
  for (const n of [...nodes, ...disabled]) {
    if (n.kind !== 'test' || n.testName !== 'singular') continue;
    for (const name of namesCalledIn(n.rawSql)) if (digests[name] !== undefined) named.add(name);
  }
  return { digests, outside, singularTests: [...named].sort() };
}

/** Models whose inputs are all plain relations (an ephemeral input is inlined: its edits reach them). */
function modelRecords(m: Manifest, { entries, parents }: WrittenArtifacts): Record<string, ModelRecord> {
  const levels = dependencyLevels(m);
  const refable = new Map<string, Node>();
  const sources = new Map<string, Node>();
  for (const n of m.nodes.values()) {
    if (n.kind === 'model' || n.kind === 'seed') refable.set(n.name, n);
    else if (n.kind === 'source') sources.set(`${n.sourceName}\0${n.fqn[2]}`, n);
  }
  const out: Record<string, ModelRecord> = {};
  next: for (const node of m.nodes.values()) {
    if (node.kind !== 'model' || !node.relation) continue;
    const refs: ModelRecord['refs'] = [];
    for (const call of node.refs) {
      const target = refable.get(call.name);
      if (!target?.relation || (target.kind !== 'model' && target.kind !== 'seed')) continue next;
      refs.push({ call: refKey(call), name: call.name, kind: target.kind, relation: target.relation });
    }
    const srcs: ModelRecord['sources'] = [];
    for (const call of node.sources) {
      const target = sources.get(`${call.source}\0${call.table}`);
      if (!target?.relation) continue next;
      srcs.push({ source: call.source, table: call.table, relation: target.relation });
    }
    const yaml = m.parsed.context.props.models.get(node.name)?.doc.yaml.file ?? null;
    out[node.path] = { id: node.uniqueId, relation: node.relation, yaml, refs, sources: srcs, dependsOn: node.dependsOn, macros: node.macrosCalled, level: levels.get(node.uniqueId)!, entry: entries[node.uniqueId], parents: parents[node.uniqueId] };
  }
  return out;
}

/** Each node's longest chain of dependencies: every edge goes to a higher level. */
function dependencyLevels(m: Manifest): Map<string, number> {
  const levels = new Map<string, number>();
  for (const node of m.graph.nodes()) {
    let level = 0;
    for (const id of node.dependsOn) level = Math.max(level, levels.get(id)! + 1);
    levels.set(node.uniqueId, level);
  }
  return levels;
}

/** A ref() call as it resolves, whatever line it is on. */
export const refKey = ({ line: _line, ...call }: RefCall): string => JSON.stringify(call);
