import type { MacroSource } from '../compiler/macros.js';
import { VOLATILE_VAR } from '../compiler/cache/render-cache.js';
import type { Node } from '../core/nodes.js';
import type { PropertiesIndex } from '../compiler/parse/properties-index.js';
import type { Project } from '../project/project.js';
import { BUILTIN_TESTS } from '../testing/builtin-tests.js';
import { MacroDigests } from './macro-digests.js';
import { shortHash, stableJson } from './stable-json.js';

/**
 * What state:modified compares besides the body checksum, as short digests. Env var values are
 * only ever stored as digests: they may be secrets, and manifests get copied around (CI caches,
 * S3) for --state. Digest maps that would be empty are left out: most nodes read no var, env
 * var or macro, and manifests get large.
 */
export interface NodeFingerprint {
  config: string;
  properties: string;
  /** macro → digest of its definition and the macros it calls */
  macros?: Record<string, string>;
  /** var → digest of its value */
  vars?: Record<string, string>;
  /** env var → digest of its value (or of its absence) */
  env_vars?: Record<string, string>;
}

/** What fingerprints read besides the node: a whole Manifest, or the parts a compile from the snapshot has. */
export interface FingerprintSource {
  project: Pick<Project, 'vars'>;
  env: NodeJS.ProcessEnv;
  parsed: { context: { props: Pick<PropertiesIndex, 'models' | 'seeds'> }; macroSources: MacroSource[] };
}

const cache = new WeakMap<FingerprintSource, (node: Node) => NodeFingerprint>();
const digests = new WeakMap<object, MacroDigests>();

/** The digests of keel's and the project's macros, from the texts the parse registered, built once per parse. */
export function macroDigestsOf(parsed: { macroSources: MacroSource[] }): MacroDigests {
  let d = digests.get(parsed);
  if (!d) digests.set(parsed, (d = new MacroDigests([BUILTIN_TESTS, ...parsed.macroSources])));
  return d;
}

/**
 * A fingerprinter for the manifest's nodes. Macro, var and env var digests are computed once per
 * manifest, config digests once per distinct config (thousands of tests share a few); nodes with
 * equal digest maps share one map object, so treat them as read-only.
 */
export function fingerprinter(m: FingerprintSource): (node: Node) => NodeFingerprint {
  let fp = cache.get(m);
  if (!fp) {
    fp = newFingerprinter(m, macroDigestsOf(m.parsed));
    cache.set(m, fp);
  }
  return fp;
}

export const varDigest = (name: string, value: unknown) => shortHash(`var:${name}=${stableJson(value ?? null)}`);
// the name goes into the digest so one secret used under two names does not show as equal digests
export const envDigest = (name: string, value: string | undefined) => shortHash(value === undefined ? `env:${name} unset` : `env:${name}=${value}`);

const NO_PROPERTIES = shortHash('null');

function newFingerprinter(m: FingerprintSource, macros: MacroDigests): (node: Node) => NodeFingerprint {
  const { vars } = m.project;
  const env = m.env;
  // configs hold YAML and template data (no toJSON): equal JSON text means equal content, so
  // the native JSON.stringify finds the configs already digested
  const byJson = new Map<string, string>();
  const configDigest = (config: unknown) => {
    const json = JSON.stringify(config);
    let d = byJson.get(json);
    if (d === undefined) byJson.set(json, (d = shortHash(stableJson(config))));
    return d;
  };
  const macroMaps = new Map<string, Record<string, string> | undefined>();
  const macroMap = (key: string, names: () => readonly string[]) => {
    if (macroMaps.has(key)) return macroMaps.get(key);
    let out: Record<string, string> | undefined;
    for (const n of names()) {
      const d = macros.digest(n);
      if (d !== undefined) (out ??= {})[n] = d;
    }
    macroMaps.set(key, out);
    return out;
  };
  const varDigests = new Map<string, string>();
  const envDigests = new Map<string, string>();
  return (node) => {
    const fp: NodeFingerprint = { config: configDigest(node.config), properties: propertiesDigest(m, node) };
    if (node.kind === 'model') {
      const called = macroMap(node.macrosCalled.join('\0'), () => node.macrosCalled);
      if (called) fp.macros = called;
      let read: Record<string, string> | undefined;
      for (const v of node.varsRead) {
        // run_started_at changes every run; it is not a change of the model
        if (v !== VOLATILE_VAR) (read ??= {})[v] = memo(varDigests, v, () => varDigest(v, vars[v]));
      }
      if (read) fp.vars = read;
      let envRead: Record<string, string> | undefined;
      for (const e of node.envVarsRead) (envRead ??= {})[e] = memo(envDigests, e, () => envDigest(e, env[e]));
      if (envRead) fp.env_vars = envRead;
    } else if (node.kind === 'test' && node.testName !== 'singular') {
      const called = macroMap(`test_${node.testName}`, () => [`test_${node.testName}`]);
      if (called) fp.macros = called;
    }
    return fp;
  };
}

function memo(known: Map<string, string>, name: string, digest: () => string): string {
  let d = known.get(name);
  if (d === undefined) known.set(name, (d = digest()));
  return d;
}

const NOT_PROPERTIES = new Set(['name', 'config', 'tests', 'data_tests', 'columns']);

/**
 * Digest of the node's YAML entry without its config (compared on its own, merged with folder
 * and in-file config) and without its tests (nodes of their own, compared as such).
 */
function propertiesDigest(m: FingerprintSource, node: Node): string {
  if (node.kind === 'test') return NO_PROPERTIES;
  if (node.kind === 'source') {
    return shortHash(stableJson({ description: node.description ?? null, columns: withoutTests(Object.values(node.columns)), meta: node.meta ?? null }));
  }
  const entry = (node.kind === 'model' ? m.parsed.context.props.models : m.parsed.context.props.seeds).get(node.name);
  if (!entry) return NO_PROPERTIES;
  const input = entry.input as unknown as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  let described = false;
  for (const key of Object.keys(input)) {
    if (NOT_PROPERTIES.has(key)) continue;
    props[key] = input[key];
    described = true;
  }
  if (entry.input.columns?.length) {
    props.columns = withoutTests(entry.input.columns);
    described = true;
  }
  // an entry that only sets config describes nothing: the same as no entry
  return described ? shortHash(stableJson(props)) : NO_PROPERTIES;
}

function withoutTests(columns: Array<{ tests?: unknown; data_tests?: unknown }>): unknown[] {
  return columns.map(({ tests: _t, data_tests: _d, ...c }) => c);
}
