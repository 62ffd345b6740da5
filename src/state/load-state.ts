import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeelError } from '../core/errors.js';
import type { Relation } from '../core/relation.js';
import type { NodeFingerprint } from './fingerprint.js';

/** The manifest.json fields state comparison and deferral read. */
export interface StateNode {
  unique_id: string;
  resource_type: string;
  checksum?: { checksum?: string };
  relation?: Relation | null;
  /** empty digest maps are left out */
  state?: Partial<NodeFingerprint>;
}

export interface PreviousState {
  /** absolute directory given with --state */
  dir: string;
  target: string;
  nodes: Map<string, StateNode>;
}

/**
 * The manifest.json schema whose `state` digests this keel computes; manifest.json is written with
 * it. Bump it when how a digest is computed changes: comparing digests of two recipes would show
 * every node modified, so a state of another version is refused instead.
 */
export const STATE_SCHEMA_VERSION = 2;

/** Reads the manifest.json of a previous run (usually production's) from the --state directory. */
export function loadState(dir: string): PreviousState {
  const abs = resolve(dir);
  const path = join(abs, 'manifest.json');
  const hint = 'Point --state at a directory holding the manifest.json of the run to compare with (e.g. a copy of target/manifest.json from production).';
  if (!existsSync(path)) throw new KeelError(`--state ${dir}: no manifest.json in ${abs}`, { hint });
  let data: { metadata?: { keel_schema_version?: number; target?: string }; nodes?: Record<string, StateNode> };
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KeelError(`--state ${dir}: manifest.json is not valid JSON (${(err as Error).message})`, { hint });
  }
  const version = data.metadata?.keel_schema_version ?? 0;
  if (version !== STATE_SCHEMA_VERSION || !data.nodes) {
    const by = version < STATE_SCHEMA_VERSION ? 'an older' : 'a newer';
    throw new KeelError(
      `--state ${dir}: manifest.json was written by ${by} keel (schema version ${version}, this keel writes ${STATE_SCHEMA_VERSION}) and cannot be compared`,
      {
        hint: "Run `keel compile` with this keel on the state's project version to write a manifest.json it can compare.",
      },
    );
  }
  return { dir: abs, target: data.metadata?.target ?? '', nodes: new Map(Object.entries(data.nodes)) };
}
