import { basename, join } from 'node:path';
import { KeelError, type SourceLocation } from '../../core/errors.js';
import { closestName } from '../../core/closest-name.js';
import type { NodeConfig, TestNode } from '../../core/nodes.js';
import { configsForFolders } from '../../project/folder-config.js';
import { foldersBelow } from '../../project/discover.js';
import type { YamlFile } from '../../project/yaml-file.js';
import { checksum } from './checksum.js';
import { readUtf8 } from '../../project/read-text.js';
import { checkOneStatement } from './one-statement.js';
import { cloneConfig, finalizeConfig, mergeConfigs } from './config.js';
import { newCapture, withCapture } from '../capture.js';
import { toTemplateError } from '../template-error.js';
import type { ParseContext } from './context.js';

// store_failures is one so that it is refused as unsupported, not taken for a test argument
const TEST_CONFIG_KEYS = ['severity', 'where', 'warn_if', 'error_if', 'tags', 'enabled', 'limit', 'store_failures', 'meta'];
const TEST_DEFAULTS = { severity: 'error', warn_if: '!= 0', error_if: '!= 0' };

/** The resource a YAML test is attached to, and how a template refers to it. */
interface Target {
  uniqueId: string;
  label: string;
  expr: string;
}

/** A Nunjucks literal for a YAML value; `ref(...)`/`source(...)` strings stay expressions, as dbt renders them. */
function literal(v: unknown): string {
  if (typeof v === 'string' && /^\s*(ref|source)\(.*\)\s*$/.test(v)) return v.trim();
  return JSON.stringify(v);
}

function globals(ctx: ParseContext): Record<string, unknown> {
  return (ctx.env as unknown as { globals: Record<string, unknown> }).globals;
}

type Fn = (...args: unknown[]) => unknown;

const RELATION_ARG = /^\s*(ref|source)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)\s*$/;
// every test on a model passes the same `ref("model")`: match each text once
const relationCalls = new Map<string, [helper: string, ...args: string[]] | null>();

/** `ref('x')` / `source('a', 'b')` written as a YAML string argument, evaluated as dbt does. */
function evaluateRelationArg(g: Record<string, unknown>, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  let call = relationCalls.get(v);
  if (call === undefined) {
    const m = RELATION_ARG.exec(v);
    call = m ? (m[5] === undefined ? [m[1]!, m[3]!] : [m[1]!, m[3]!, m[5]]) : null;
    if (relationCalls.size < 100_000) relationCalls.set(v, call);
  }
  if (!call) return v;
  // called each time: the helper records the ref or source on the render being captured
  const helper = g[call[0]] as Fn;
  return call.length === 2 ? helper(call[1]) : helper(call[1], call[2]);
}

/**
 * Calls the test macro directly instead of compiling a template per test: a project has
 * thousands of YAML tests and compiling each call as a template dominated compile time.
 */
function renderTestCall(
  ctx: ParseContext,
  test: { name: string; raw: string; macro: string; target: Target; column?: string; args: Record<string, unknown>; where?: string },
  file: string,
  location: () => SourceLocation,
) {
  const g = globals(ctx);
  const capture = newCapture(file, test.name, test.raw, {});
  try {
    const sql = withCapture(capture, () => {
      const model = evaluateRelationArg(g, test.target.expr);
      const kwargs: Record<string, unknown> = { model: test.where ? (g.keel_where as Fn)(model, test.where) : model, __keywords: true };
      if (test.column) kwargs.column_name = test.column;
      for (const k of Object.keys(test.args)) {
        const v = test.args[k];
        if (v !== null && v !== undefined) kwargs[k] = evaluateRelationArg(g, v);
      }
      return String((g[test.macro] as Fn)(kwargs));
    });
    return { sql, capture };
  } catch (err) {
    const e = toTemplateError(err, file, 'render', capture.error);
    throw new KeelError(e.message, { location: location(), hint: e.hint });
  }
}

/** The config of a test that sets none itself, validated once per parse; each test gets a copy. */
const defaultTestConfigs = new WeakMap<ParseContext, { config: NodeConfig; json: string }>();

function defaultTestConfig(ctx: ParseContext, location: () => SourceLocation): { config: NodeConfig; json: string } {
  let known = defaultTestConfigs.get(ctx);
  if (!known) {
    const config = finalizeConfig(mergeConfigs(TEST_DEFAULTS, ...configsForFolders(ctx.project.folderConfig.tests, [])), 'view', location);
    known = { config, json: JSON.stringify(config) };
    defaultTestConfigs.set(ctx, known);
  }
  return known;
}

/** `yamlPath` is called only for an error: finding a line means building the YAML's position map. */
export function parseGenericTest(
  ctx: ParseContext,
  entry: unknown,
  target: Target,
  column: string | undefined,
  yaml: YamlFile,
  yamlPath: () => PropertyKey[],
): TestNode {
  const location = (): SourceLocation => ({ file: yaml.file, line: yaml.lineOf(yamlPath()) });
  let testName: string;
  let rawArgs: Record<string, unknown> = {};
  if (typeof entry === 'string') testName = entry;
  else {
    const keys = Object.keys(entry as object);
    if (keys.length !== 1) throw new KeelError(`a test entry has one key, the test's name (found: ${keys.join(', ')})`, { location: location() });
    testName = keys[0]!;
    const value = (entry as Record<string, unknown>)[testName];
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
      throw new KeelError(`arguments of test '${testName}' must be a mapping`, { location: location() });
    }
    if (value) rawArgs = value as Record<string, unknown>;
  }
  const macro = `test_${testName}`;
  if (typeof globals(ctx)[macro] !== 'function') {
    const known = Object.keys(globals(ctx))
      .filter((k) => k.startsWith('test_'))
      .map((k) => k.slice(5));
    const near = closestName(testName, known);
    throw new KeelError(`Unknown test '${testName}'`, { location: location(), hint: near ? `Did you mean '${near}'?` : `Known tests: ${known.join(', ')}` });
  }
  const { config: nested, arguments: explicitArgs } = rawArgs as { config?: object; arguments?: object };
  const configLayer: Record<string, unknown> = { ...(nested ?? {}) };
  const args: Record<string, unknown> = { ...((explicitArgs as object) ?? {}) };
  for (const k of Object.keys(rawArgs)) {
    if (k !== 'config' && k !== 'arguments') (TEST_CONFIG_KEYS.includes(k) ? configLayer : args)[k] = rawArgs[k];
  }

  checkTestArguments(ctx, testName, macro, column, args, location);

  let callArgs = `model=${target.expr}`;
  if (column) callArgs += `, column_name=${JSON.stringify(column)}`;
  for (const k of Object.keys(args)) if (args[k] !== null && args[k] !== undefined) callArgs += `, ${k}=${literal(args[k])}`;
  // the template a user would write; kept for the manifest and the checksum
  const raw = `{{ ${macro}(${callArgs}) }}`;

  const baseName = testBaseName(testName, target.label, column);
  let config: NodeConfig;
  let configJson: string;
  if (Object.keys(configLayer).length === 0) {
    const known = defaultTestConfig(ctx, location);
    config = cloneConfig(known.config);
    configJson = known.json;
  } else {
    config = finalizeConfig(mergeConfigs(TEST_DEFAULTS, ...configsForFolders(ctx.project.folderConfig.tests, []), configLayer), 'view', location);
    configJson = JSON.stringify(config);
  }
  const { sql, capture } = renderTestCall(ctx, { name: baseName, raw, macro, target, column, args, where: config.where }, yaml.file, location);
  return {
    uniqueId: `test.${ctx.project.name}.${baseName}`,
    kind: 'test',
    name: baseName,
    path: yaml.file,
    fqn: [ctx.project.name, baseName],
    columns: {},
    config,
    dependsOn: [],
    checksum: checksum(raw, configJson),
    testName,
    attachedTo: target.uniqueId,
    columnName: column,
    args,
    rawSql: raw,
    renderedSql: sql,
    refs: capture.refs,
    sources: capture.sources,
  };
}

/**
 * The arguments a test's macro needs are given, and only ones it takes: known from the YAML, so
 * refused here with its line rather than by the engine at run time.
 */
function checkTestArguments(
  ctx: ParseContext,
  testName: string,
  macro: string,
  column: string | undefined,
  args: Record<string, unknown>,
  location: () => SourceLocation,
): void {
  const signature = ctx.testSignature?.(macro);
  if (!signature) return;
  const given = new Set(Object.keys(args).filter((k) => args[k] !== null && args[k] !== undefined));
  if (column !== undefined) given.add('column_name');
  given.add('model');
  for (const param of signature.required) {
    if (given.has(param)) continue;
    const where = param === 'column_name' ? ' (list it under a column, or give column_name)' : '';
    throw new KeelError(`test '${testName}' needs the argument '${param}'${where}`, {
      location: location(),
      hint: `Its arguments: ${signature.all.filter((p) => p !== 'model').join(', ')}`,
    });
  }
  if (!signature.takesKwargs) {
    for (const k of Object.keys(args)) {
      if (signature.all.includes(k)) continue;
      const near = closestName(k, [...signature.all.filter((p) => p !== 'model'), ...TEST_CONFIG_KEYS]);
      throw new KeelError(`test '${testName}' has no argument '${k}'`, {
        location: location(),
        hint: near ? `Did you mean '${near}'?` : `Its arguments: ${signature.all.filter((p) => p !== 'model').join(', ')}`,
      });
    }
  }
  // the built-in accepted_values loops over `values`: a string or a mapping would test its characters or keys
  if (testName === 'accepted_values' && 'values' in args && (!Array.isArray(args.values) || args.values.length === 0)) {
    throw new KeelError(`test 'accepted_values': 'values' must be a non-empty list`, { location: location() });
  }
}

/** `unique_orders_id`: the test, the resource and the column (when there is one), as a word. */
function testBaseName(testName: string, label: string, column: string | undefined): string {
  const join = (a: string, b: string | undefined) => (!b ? a : a ? `${a}_${b}` : b);
  const name = join(join(testName, label), column);
  return /[^A-Za-z0-9_]/.test(name) ? name.replace(/[^A-Za-z0-9_]+/g, '_') : name;
}

/**
 * Every test declared in YAML property files, on models, seeds, sources and their columns; with
 * `modelsOf`, only those on the models that property file describes.
 */
export function parseYamlTests(ctx: ParseContext, modelsOf?: string): TestNode[] {
  const out: TestNode[] = [];
  const project = ctx.project.name;
  const collect = (
    target: Target,
    yaml: YamlFile,
    base: PropertyKey[],
    resource: { tests?: unknown[]; data_tests?: unknown[]; columns?: Array<{ name: string; tags?: string[]; tests?: unknown[]; data_tests?: unknown[] }> },
  ) => {
    const own = resource.data_tests ? 'data_tests' : 'tests';
    (resource[own] ?? []).forEach((t, i) => out.push(parseGenericTest(ctx, t, target, undefined, yaml, () => [...base, own, i])));
    (resource.columns ?? []).forEach((col, ci) => {
      const key = col.data_tests ? 'data_tests' : 'tests';
      (col[key] ?? []).forEach((t, i) => {
        const test = parseGenericTest(ctx, t, target, col.name, yaml, () => [...base, 'columns', ci, key, i]);
        // a column's tags are its tests' tags, as in dbt (`keel test -s tag:pii`)
        if (col.tags?.length) test.config.tags = [...new Set([...test.config.tags, ...col.tags])];
        out.push(test);
      });
    });
  };
  for (const kind of modelsOf === undefined ? (['models', 'seeds'] as const) : (['models'] as const)) {
    for (const [name, e] of ctx.props[kind]) {
      if (modelsOf !== undefined && e.doc.yaml.file !== modelsOf) continue;
      const target = { uniqueId: `${kind.slice(0, -1)}.${project}.${name}`, label: name, expr: `ref(${JSON.stringify(name)})` };
      collect(target, e.doc.yaml, [kind, e.index], e.input);
    }
  }
  for (const { doc, index, input: src } of modelsOf === undefined ? ctx.props.sources : []) {
    src.tables.forEach((table, ti) => {
      const target = {
        uniqueId: `source.${project}.${src.name}.${table.name}`,
        label: `source_${src.name}_${table.name}`,
        expr: `source(${JSON.stringify(src.name)}, ${JSON.stringify(table.name)})`,
      };
      collect(target, doc.yaml, ['sources', index, 'tables', ti], table);
    });
  }
  return dedupeNames(out);
}

/** Two tests with the same generated name (same test on the same column, other arguments) get a short suffix. */
function dedupeNames(tests: TestNode[]): TestNode[] {
  const seen = new Map<string, number>();
  for (const t of tests) {
    const n = seen.get(t.name) ?? 0;
    seen.set(t.name, n + 1);
    if (n > 0) {
      t.name = `${t.name}_${t.checksum.slice(0, 8)}`;
      t.uniqueId = `test.${t.fqn[0]}.${t.name}`;
      t.fqn = [t.fqn[0]!, t.name];
    }
  }
  return tests;
}

export function parseSingularTest(ctx: ParseContext, file: string): TestNode {
  const raw = readUtf8(join(ctx.project.root, file), file);
  const name = basename(file, '.sql');
  const folders = foldersBelow(file, ctx.project.file['test-paths']);
  const base = mergeConfigs(TEST_DEFAULTS, ...configsForFolders(ctx.project.folderConfig.tests, folders));
  const { sql, capture } = ctx.renderer.render({ file, name, raw, baseConfig: base });
  checkOneStatement(file, raw, sql, 'test');
  return {
    uniqueId: `test.${ctx.project.name}.${name}`,
    kind: 'test',
    name,
    path: file,
    fqn: [ctx.project.name, ...folders, name],
    columns: {},
    config: finalizeConfig(capture.config, 'view', { file }),
    dependsOn: [],
    checksum: checksum(raw),
    testName: 'singular',
    args: {},
    rawSql: raw,
    renderedSql: sql,
    refs: capture.refs,
    sources: capture.sources,
  };
}
