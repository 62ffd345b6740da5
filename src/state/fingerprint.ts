import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VOLATILE_VAR } from '../compiler/cache/render-cache.js';
import type { Node } from '../core/nodes.js';
import type { Manifest } from '../runner/manifest.js';
import { BUILTIN_TESTS } from '../testing/builtin-tests.js';
import { MacroDigests } from './macro-digests.js';
import { shortHash, stableJson } from './stable-json.js';

/**
 * What state:modified compares besides the body checksum, as short digests. Env var values are
 * only ever stored as digests: they may be secrets, and manifests get copied around (CI caches,
 * S3) for --state.
 */
export interface NodeFingerprint {
  config: string;
  properties: string;
  /** macro → digest of its definition and the macros it calls */
  macros: Record<string, string>;
  /** var → digest of its value */
  vars: Record<string, string>;
  /** env var → digest of its value (or of its absence) */
  env_vars: Record<string, string>;
}

const cache = new WeakMap<Manifest, (node: Node) => NodeFingerprint>();

/** A fingerprinter for the manifest's nodes; the macro digests are computed once per manifest. */
export function fingerprinter(m: Manifest): (node: Node) => NodeFingerprint {
  let fp = cache.get(m);
  if (!fp) {
    const sources = [BUILTIN_TESTS, ...m.project.macroFiles.map((file) => ({ file, text: readFileSync(join(m.project.root, file), 'utf8') }))];
    const macros = new MacroDigests(sources);
    const { vars } = m.project;
    fp = (node) => fingerprint(m, macros, vars, m.env, node);
    cache.set(m, fp);
  }
  return fp;
}

export const varDigest = (name: string, value: unknown) => shortHash(`var:${name}=${stableJson(value ?? null)}`);
// the name goes into the digest so one secret used under two names does not show as equal digests
export const envDigest = (name: string, value: string | undefined) => shortHash(value === undefined ? `env:${name} unset` : `env:${name}=${value}`);

function fingerprint(m: Manifest, macros: MacroDigests, vars: Record<string, unknown>, env: NodeJS.ProcessEnv, node: Node): NodeFingerprint {
  const digests = (names: string[]) => {
    const out: Record<string, string> = {};
    for (const n of names) {
      const d = macros.digest(n);
      if (d !== undefined) out[n] = d;
    }
    return out;
  };
  const fp: NodeFingerprint = { config: shortHash(stableJson(node.config)), properties: shortHash(stableJson(propertiesOf(m, node))), macros: {}, vars: {}, env_vars: {} };
  if (node.kind === 'model') {
    fp.macros = digests(node.macrosCalled);
    // run_started_at changes every run; it is not a change of the model
    for (const v of node.varsRead) if (v !== VOLATILE_VAR) fp.vars[v] = varDigest(v, vars[v]);
    for (const e of node.envVarsRead) fp.env_vars[e] = envDigest(e, env[e]);
  } else if (node.kind === 'test' && node.testName !== 'singular') {
    fp.macros = digests([`test_${node.testName}`]);
  }
  return fp;
}

/**
 * The node's YAML entry without its config (compared on its own, merged with folder and
 * in-file config) and without its tests (nodes of their own, compared as such).
 */
function propertiesOf(m: Manifest, node: Node): unknown {
  if (node.kind === 'test') return null;
  if (node.kind === 'source') return { description: node.description ?? null, columns: withoutTests(Object.values(node.columns)), meta: node.meta ?? null };
  const entry = (node.kind === 'model' ? m.parsed.context.props.models : m.parsed.context.props.seeds).get(node.name);
  if (!entry) return null;
  const { name: _name, config: _config, tests: _tests, data_tests: _dataTests, columns, ...rest } = entry.input;
  const props: Record<string, unknown> = { ...rest };
  if (columns?.length) props.columns = withoutTests(columns);
  // an entry that only sets config describes nothing: the same as no entry
  return Object.keys(props).length ? props : null;
}

function withoutTests(columns: Array<{ tests?: unknown; data_tests?: unknown }>): unknown[] {
  return columns.map(({ tests: _t, data_tests: _d, ...c }) => c);
}
