import { KeelError, type SourceLocation } from '../../core/errors.js';
import type { Materialization, NodeConfig } from '../../core/nodes.js';
import { checkKindConfig } from '../../materialize/kind-plans.js';
import { nodeConfigSchema } from '../../project/schema.js';
import { asArray } from '../helpers.js';

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
  return (isPlainData(config) ? copyPlain(config) : structuredClone(config)) as NodeConfig;
}

/** Objects, arrays and JSON-like primitives; a structure nested deeper than any config (a cycle) is not. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  if (depth > 64) return false;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

function copyPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyPlain);
  // spread copies a flat object fastest (and keeps an own __proto__ key an ordinary property)
  const out: Record<string, unknown> = { ...value };
  for (const key in out) {
    const v = out[key];
    if (v !== null && typeof v === 'object') out[key] = copyPlain(v);
  }
  return out;
}

function validateConfig(
  raw: Record<string, unknown>,
  defaultMaterialized: Materialization,
  location: SourceLocation | (() => SourceLocation),
): NodeConfig {
  const parsed = nodeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown config '${key}'` : `config '${key}': ${issue.message}`;
    throw new KeelError(message, { location: typeof location === 'function' ? location() : location });
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
