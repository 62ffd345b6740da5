import { KeelError, type SourceLocation } from '../../core/errors.js';
import type { Materialization, NodeConfig } from '../../core/nodes.js';
import { checkKindConfig } from '../../materialize/kind-plans.js';
import { nodeConfigSchema } from '../../project/schema.js';
import { asArray } from '../helpers.js';
import { validateYaml } from '../../project/validate.js';
import type { YamlFile } from '../../project/yaml-file.js';
import { closestName } from '../../core/closest-name.js';
import { refuseUnsupported } from '../../project/unsupported-configs.js';

/** Merges config layers, outermost first: tags add up and meta merges, anything else the innermost wins. */
export function mergeConfigs(...layers: Array<Record<string, unknown> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      if (k === 'tags') out.tags = [...asArray(out.tags), ...asArray(v)];
      else if (k === 'meta' && typeof v === 'object') out.meta = { ...(out.meta as object), ...(v as object) };
      else out[k] = v;
    }
  }
  return out;
}

// thousands of tests share a handful of configs: validate each distinct one once
const validated = new Map<string, NodeConfig>();

/** Validates a merged config (unknown keys, wrong types) and fills defaults. */
export function finalizeConfig(
  raw: Record<string, unknown>,
  defaultMaterialized: Materialization,
  location: SourceLocation | (() => SourceLocation),
): NodeConfig {
  const key = `${defaultMaterialized}\0${JSON.stringify(raw)}`;
  const known = validated.get(key);
  if (known) return cloneConfig(known);
  const config = validateConfig(raw, defaultMaterialized, location);
  if (validated.size < 10_000) validated.set(key, config);
  return cloneConfig(config);
}

/**
 * A deep copy, as each node may change its own config. Configs are almost always plain data,
 * copied here much faster than by structuredClone, which still copies anything else.
 */
export function cloneConfig(config: NodeConfig): NodeConfig {
  const copy = copyPlain(config, 0);
  return (copy === NOT_PLAIN ? structuredClone(config) : copy) as NodeConfig;
}

const NOT_PLAIN = Symbol('not plain data');

/**
 * A copy of objects, arrays and JSON-like primitives, or NOT_PLAIN for anything else (class
 * instances, functions, a structure nested deeper than any config: a cycle).
 */
function copyPlain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? NOT_PLAIN : value;
  }
  if (depth > 64) return NOT_PLAIN;
  let out: Record<string, unknown> | unknown[];
  if (Array.isArray(value)) out = value.slice();
  else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
    // spread copies a flat object fastest (and keeps an own __proto__ key an ordinary property)
    out = { ...value };
  }
  for (const key in out) {
    const v = (out as Record<string, unknown>)[key];
    if (v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint')) continue;
    const copy = copyPlain(v, depth + 1);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    (out as Record<string, unknown>)[key] = copy;
  }
  return out;
}

/**
 * A `config:` block of a property file, checked where it is written: merged into a node first, an
 * unknown key would be reported at the node's SQL file.
 */
export function checkConfigLayer(config: Record<string, unknown>, yaml: YamlFile, path: PropertyKey[]): void {
  const known = Object.keys(nodeConfigSchema.shape);
  for (const key of Object.keys(config)) {
    const location = { file: yaml.file, line: yaml.lineOf([...path, key]) };
    refuseUnsupported({ [key]: config[key] }, location);
    if (!known.includes(key)) {
      const near = closestName(key, known);
      throw new KeelError(`unknown config '${key}'`, { location, hint: near ? `Did you mean '${near}'?` : undefined });
    }
  }
  validateYaml(nodeConfigSchema, yaml, path, config);
}

function validateConfig(raw: Record<string, unknown>, defaultMaterialized: Materialization, location: SourceLocation | (() => SourceLocation)): NodeConfig {
  refuseUnsupported(raw, location);
  const parsed = nodeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown config '${key}'` : `config '${key}': ${issue.message}`;
    const near = issue.code === 'unrecognized_keys' ? closestName(key, Object.keys(nodeConfigSchema.shape)) : undefined;
    throw new KeelError(message, { location: typeof location === 'function' ? location() : location, hint: near ? `Did you mean '${near}'?` : undefined });
  }
  const c = parsed.data;
  const config = {
    ...c,
    materialized: c.materialized ?? defaultMaterialized,
    enabled: c.enabled ?? true,
    tags: [...new Set(asArray(c.tags))],
  } as NodeConfig;
  checkKindConfig(config, location);
  return config;
}
