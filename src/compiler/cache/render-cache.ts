import { createHash } from 'node:crypto';
import type { RefCall, SourceCall } from '../../core/nodes.js';
import { loadShards, saveShards, shardOf } from './render-cache-shards.js';

/** What rendering a model produced, and every input that render read besides its own text. */
export interface CachedRender {
  contentHash: string;
  baseConfigHash: string;
  sql: string;
  refs: RefCall[];
  sources: SourceCall[];
  config: Record<string, unknown>;
  /** macro name → hash of its definition, at render time */
  macros: Record<string, string>;
  /** var name → JSON of its value, at render time */
  vars: Record<string, string>;
  /** env var name → salted digest of its value at render time (null: unset); never the value, it may be a secret */
  env: Record<string, string | null>;
}

/** The current values the cached renders are checked against. */
export interface DependencyState {
  macroHash(name: string): string | undefined;
  vars: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
}

// 4: relation placeholders between STX and ETX
const VERSION = 4;

function envDigest(value: string | undefined): string | null {
  return value === undefined ? null : createHash('sha256').update('keel-render-cache\0').update(value).digest('hex');
}
/** Inputs that change with every run: a render that read one is never reused. */
export const VOLATILE_VAR = '@run_started_at';

/**
 * Reuses a model's render when its text, its folder/YAML config, the macros it called, and the
 * vars and env vars it read are all unchanged. Anything else that can change a render (target,
 * project name, the set of macro names) is in the global key, which drops the whole cache.
 */
export class RenderCache {
  hits = 0;
  misses = 0;
  /** model files whose lookup missed: rendered again */
  readonly rendered: string[] = [];
  private readonly used = new Map<string, CachedRender>();
  private readonly dirty = new Set<number>();

  private constructor(
    private readonly dir: string,
    private readonly globalKey: string,
    private readonly loaded: { renders: Map<string, CachedRender>; counts: number[] },
    private readonly deps: DependencyState,
  ) {}

  /** `dir`: target/.keel/render-cache/ */
  static load(dir: string, globalKey: string, deps: DependencyState): RenderCache {
    return new RenderCache(dir, globalKey, loadShards<CachedRender>(dir, VERSION, globalKey), deps);
  }

  lookup(modelFile: string, contentHash: string, baseConfigHash: string): CachedRender | undefined {
    const e = this.loaded.renders.get(modelFile);
    const fresh =
      e !== undefined &&
      e.contentHash === contentHash &&
      e.baseConfigHash === baseConfigHash &&
      Object.entries(e.macros).every(([name, h]) => this.deps.macroHash(name) === h) &&
      Object.entries(e.vars).every(([name, v]) => name !== VOLATILE_VAR && JSON.stringify(this.deps.vars[name] ?? null) === v) &&
      Object.entries(e.env).every(([name, v]) => envDigest(this.deps.env[name]) === v);
    if (!fresh) {
      this.misses++;
      this.rendered.push(modelFile);
      return undefined;
    }
    this.hits++;
    this.used.set(modelFile, e);
    return e;
  }

  store(modelFile: string, entry: Omit<CachedRender, 'macros' | 'vars' | 'env'>, read: { macros: string[]; vars: string[]; env: string[] }): void {
    const full: CachedRender = {
      ...entry,
      macros: Object.fromEntries(read.macros.map((m) => [m, this.deps.macroHash(m) ?? ''])),
      vars: Object.fromEntries(read.vars.map((v) => [v, JSON.stringify(this.deps.vars[v] ?? null)])),
      env: Object.fromEntries(read.env.map((k) => [k, envDigest(this.deps.env[k])])),
    };
    this.used.set(modelFile, full);
    this.dirty.add(shardOf(modelFile));
  }

  /** Keeps only the renders used this time, so deleted models do not linger. */
  save(): void {
    saveShards(this.dir, VERSION, this.globalKey, this.used, this.loaded.counts, this.dirty);
  }
}
