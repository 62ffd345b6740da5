import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledPath } from '../../artifacts/compiled-files.js';
import { nodeEntry, type EntrySource } from '../../artifacts/manifest-json.js';
import { SqlCompiler } from '../../compiler/compile.js';
import { createParseContext } from '../../compiler/parse/parse-project.js';
import { parseModel } from '../../compiler/parse/models.js';
import type { ModelNode, TestNode } from '../../core/nodes.js';
import { quotingFor } from '../../engines/registry.js';
import { withGeneratedSql } from '../../materialize/kind-plans.js';
import { loadProjectSettings, readPropertiesFile } from '../../project/load.js';
import { BUILTIN_TESTS } from '../../testing/builtin-tests.js';
import { fingerprinter } from '../../state/fingerprint.js';
import type { SnapshotCheck, SnapshotOptions } from './check.js';
import { envValueDigest, recordingReads } from './file-stats.js';
import { refKey } from './record.js';
import { refreshFromSnapshot, type Recompiled, type SnapshotCompile } from './refresh.js';
import { readAllModelRecords, readModelRecords, type MacroState, type ModelRecord, type YamlRecord } from './snapshot.js';
import { leadsBack, recordWithNewRefs } from './new-refs.js';
import { addedModelRecord } from './added-model.js';
import { modelFiles, nameOfFile, recordsNow, stubsFor } from './record-lookup.js';
import { editedMacros, editedPropertyDocs } from './edits.js';
import { compileYamlTests } from './yaml-tests.js';

/**
 * Brings manifest.json and the compiled SQL up to date from the last compile's snapshot: edited
 * models are rendered again and only their entries and files are rewritten. Undefined when an
 * edit reaches beyond the model (its relation, what it reads, being enabled or ephemeral, a
 * warning, run_started_at): the caller then compiles in full.
 */
export function compileFromSnapshot(check: SnapshotCheck, opts: SnapshotOptions & { runStartedAt?: Date; invocationId: string }): SnapshotCompile | undefined {
  const run = { invocationId: opts.invocationId, generatedAt: (opts.runStartedAt ?? new Date()).toISOString() };
  if (!check.changed.length) return refreshFromSnapshot(check, run);
  const raw = opts.env ?? process.env;
  const read = new Set<string>();
  const env = recordingReads(raw, read);
  const compiled = recompile(check, opts, env);
  if (!compiled) return undefined;
  const out: Recompiled = {
    entries: new Map(),
    ranges: {},
    parents: new Map(),
    parentRanges: {},
    added: new Map(),
    addedParents: new Map(),
    tests: { entries: new Map(), parents: new Map() },
    yaml: {},
    records: {},
    unordered: compiled.unordered,
    files: [],
    env: {},
    macros: compiled.macros,
  };
  for (const { node, record, file, refsChanged, recordChanged, added } of compiled.nodes) {
    const entry = JSON.stringify(nodeEntry(compiled.source, node, compiled.fingerprint(node)));
    if (added) {
      out.added.set(record.id, entry);
      out.addedParents.set(record.id, JSON.stringify(record.dependsOn));
    } else out.entries.set(record.id, entry);
    if (record.entry) out.ranges[record.id] = record.entry;
    if (refsChanged) {
      out.parents.set(record.id, JSON.stringify(node.dependsOn));
      if (record.parents) out.parentRanges[record.id] = record.parents;
    }
    if (recordChanged) out.records[file] = record;
    const rel = compiledPath(compiled.source.project.name, node)!;
    out.files.push({ path: join(check.targetPath, rel), text: `${withGeneratedSql(node, compiled.target).compiledSql}\n` });
  }
  for (const { file, yaml, tests } of compiled.tests) {
    out.yaml[file] = yaml;
    for (const test of tests) {
      out.tests.entries.set(test.uniqueId, JSON.stringify(nodeEntry(compiled.source, test, compiled.fingerprint(test))));
      out.tests.parents.set(test.uniqueId, JSON.stringify(test.dependsOn));
    }
  }
  for (const name of read) out.env[name] = envValueDigest(name, raw[name]);
  return refreshFromSnapshot(check, run, out);
}

interface Recompile {
  macros: MacroState;
  source: EntrySource;
  target: ReturnType<typeof loadProjectSettings>['target'];
  fingerprint: ReturnType<typeof fingerprinter>;
  /** each model redone or added, its record as now, whether its refs changed (its parent_map entry then changes too) and whether its record did (refs or macros called) */
  nodes: Array<{ node: ModelNode; record: ModelRecord; file: string; refsChanged: boolean; recordChanged: boolean; added?: boolean }>;
  /** an edit made a model read one of its own level or higher */
  unordered: boolean;
  /** property files whose tests changed: their record as now and their tests, compiled */
  tests: Array<{ file: string; yaml: YamlRecord; tests: TestNode[] }>;
}

function recompile(check: SnapshotCheck, opts: SnapshotOptions & { runStartedAt?: Date }, env: NodeJS.ProcessEnv): Recompile | undefined {
  const edited = editedPropertyDocs(check);
  const macros = editedMacros(check);
  // tests of two files could take the same name, which only the order of every file settles
  if (!edited || !macros || edited.tests.size > 1) return undefined;
  const { docs } = edited;
  const texts = new Map(check.changed.filter((c) => c.kind === 'model').map((c) => [c.file, c.text]));
  const added = check.changed.filter((c) => c.added).map((c) => c.file);
  const files = new Set([...texts.keys(), ...[...docs.keys()].flatMap((f) => check.snapshot.yaml[f]!.models), ...macros.models]);
  for (const file of added) files.delete(file);
  const records = readModelRecords(check.targetPath, check.loaded.base, [...files], check.snapshot.records);
  if (!records) return undefined;
  for (const record of records.values()) if (record.yaml && !docs.has(record.yaml)) docs.set(record.yaml, readPropertiesFile(check.root, record.yaml));
  const settings = loadProjectSettings(check.root, opts);
  const project = {
    ...settings,
    modelFiles: [],
    macroFiles: check.snapshot.macroFiles,
    seedFiles: [],
    testFiles: [],
    properties: [...docs.values()],
    folders: [],
  };
  let volatile = false;
  const { ctx, macroSources } = createParseContext(project, { builtinMacros: [BUILTIN_TESTS], env, runStartedAt: opts.runStartedAt, onVolatileRead: () => (volatile = true) });
  const quoting = quotingFor(project.target);
  const nodes: Recompile['nodes'] = [];
  const refs = newRefs(check);
  for (const [file, record] of records) {
    let node: ModelNode;
    try {
      node = parseModel(ctx, file, texts.get(file) ?? readFileSync(join(check.root, file), 'utf8'));
    } catch {
      // the full compile says what is wrong, with every other error it finds
      return undefined;
    }
    if (!sameNode(node, record) || volatile || ctx.warnings.length) return undefined;
    let now = record;
    if (!sameRefs(node, record)) {
      const changed = refs.record(file, node, record, project.name);
      if (!changed) return undefined;
      now = changed;
    }
    const refsChanged = now !== record;
    // kept in its record, where a later macro edit looks for the models calling that macro
    if (!sameMacros(node, now)) now = { ...now, macros: node.macrosCalled };
    node.dependsOn = now.dependsOn;
    node.compiledSql = new SqlCompiler([node, ...stubsFor(now)], quoting.quoteRelation, quoting.quoteIdentifier).compile(node);
    nodes.push({ node, record: now, file, refsChanged, recordChanged: now !== record });
  }
  for (const file of added) {
    let node: ModelNode;
    try {
      node = parseModel(ctx, file, texts.get(file)!);
    } catch {
      return undefined;
    }
    const record = addedModel(check, file, node, nodes, project.name);
    if (!record || volatile || ctx.warnings.length) return undefined;
    node.dependsOn = record.dependsOn;
    node.compiledSql = new SqlCompiler([node, ...stubsFor(record)], quoting.quoteRelation, quoting.quoteIdentifier).compile(node);
    // its parent_map entry is added, as its entry is
    nodes.push({ node, record, file, refsChanged: false, recordChanged: true, added: true });
  }
  const tests: Recompile['tests'] = [];
  for (const [file, yaml] of edited.tests) {
    const compiled = compileYamlTests(check, ctx, file, recordsNow(check, nodes), quoting);
    if (!compiled || volatile || ctx.warnings.length) return undefined;
    tests.push({ file, yaml, tests: compiled });
  }
  const source: EntrySource = { project, env, quoting, parsed: { context: { props: ctx.props }, macroSources } };
  return { source, target: project.target, fingerprint: fingerprinter(source), nodes, macros: macros.state, unordered: refs.unordered(), tests };
}

/**
 * Records for models whose edits changed their ref() calls, one after the other in a compile.
 * A ref to a model of a lower level (see ModelRecord) cannot close a cycle, while every edit since
 * the full compile kept to that; otherwise the new targets' ancestors are walked in every record
 * (read once, with the records this compile changed), which also sees a cycle two edits make together.
 */
function newRefs(check: SnapshotCheck) {
  const { targetPath } = check;
  const { base } = check.loaded;
  const changedHere = new Map<string, ModelRecord>();
  const changed = () => ({ ...check.snapshot.records, ...Object.fromEntries(changedHere) });
  let ordered = !check.snapshot.unordered;
  let all: Map<string, ModelRecord> | undefined;
  return {
    unordered: () => !ordered,
    record(file: string, node: ModelNode, record: ModelRecord, projectName: string): ModelRecord | undefined {
      const fileByName = modelFiles(check);
      // a name without a model file or a record (ephemeral, a seed, no such model): compile in full
      const files: string[] = [];
      for (const { name } of node.refs) {
        const target = fileByName.get(name);
        if (target === undefined) return undefined;
        files.push(target);
      }
      const found = readModelRecords(targetPath, base, files, changed());
      if (!found) return undefined;
      const targets = new Map(node.refs.map(({ name }, i) => [name, found.get(files[i]!)!]));
      const now = recordWithNewRefs(node, record, targets, projectName);
      if (!now) return undefined;
      const forward = ordered && [...targets.values()].every((t) => t.level < record.level);
      if (!forward) {
        all ??= readAllModelRecords(targetPath, base, changed());
        if (!all || leadsBack(node.uniqueId, now.dependsOn, all) !== false) return undefined;
        ordered = false;
      }
      changedHere.set(file, now);
      all?.set(file, now);
      return now;
    },
  };
}

/**
 * The record of a model file added since the full compile, if it can be compiled from the snapshot:
 * enabled, not ephemeral, undescribed by YAML (a description of a model that did not exist warned,
 * and a project that warned has no snapshot), named unlike any model or seed (a model file added
 * in this compile included), reading what records resolve (see addedModelRecord).
 */
function addedModel(check: SnapshotCheck, file: string, node: ModelNode, others: Recompile['nodes'], projectName: string): ModelRecord | undefined {
  if (node.config.enabled === false || node.relation === undefined) return undefined;
  // a name another model or a seed has means a full compile
  const fileOf = new Map(modelFiles(check));
  if (fileOf.has(node.name) || Object.keys(check.snapshot.inputs).some((path) => path.endsWith('.csv') && nameOfFile(path) === node.name)) return undefined;
  if (check.changed.some((c) => c.added && c.file !== file && nameOfFile(c.file) === node.name)) return undefined;
  for (const o of others) fileOf.set(nameOfFile(o.file), o.file);
  const changed = recordsNow(check, others);
  let records: Map<string, ModelRecord> | undefined = new Map();
  // a source is resolved by a model that reads it, which may be any; refs alone need only the
  // records of the models they name (a few shards of the records file)
  if (node.sources.length) records = readAllModelRecords(check.targetPath, check.loaded.base, changed);
  else if (node.refs.length) {
    const files = node.refs.map((call) => fileOf.get(call.name));
    if (files.some((f) => f === undefined)) return undefined;
    records = readModelRecords(check.targetPath, check.loaded.base, files as string[], changed);
  }
  return records && addedModelRecord(node, records, projectName);
}

/**
 * Still the same node, at the same relation, reading the same sources: nothing else's SQL or entry
 * changes (its refs and the macros it calls are checked on their own).
 */
function sameNode(node: ModelNode, record: ModelRecord): boolean {
  return (
    node.uniqueId === record.id &&
    node.config.enabled !== false &&
    node.relation !== undefined &&
    JSON.stringify(node.relation) === JSON.stringify(record.relation) &&
    node.sources.length === record.sources.length &&
    node.sources.every((s, i) => s.source === record.sources[i]!.source && s.table === record.sources[i]!.table)
  );
}

/** The macros its render called, as the record lists them (in the order renders list them). */
const sameMacros = (node: ModelNode, record: ModelRecord) => node.macrosCalled.length === record.macros.length && node.macrosCalled.every((name, i) => name === record.macros[i]);

/** The same ref() calls as the record's, in the same order. */
const sameRefs = (node: ModelNode, record: ModelRecord) => node.refs.length === record.refs.length && node.refs.every((r, i) => refKey(r) === record.refs[i]!.call);

