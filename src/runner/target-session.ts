import { hostname } from 'node:os';
import type { Engine, LockHolder } from '../engines/engine.js';
import { createEngine } from '../engines/registry.js';
import { describeHolder } from '../scheduling/lock/lock-busy.js';
import { acquireTargetLock, lockProviderFor, type LockOptions } from '../scheduling/lock/target-lock.js';
import { recordRun, type RunRecord } from '../scheduling/history/record.js';
import { openWaitingForTarget } from '../scheduling/lock/open-waiting.js';
import { historyConfig } from '../scheduling/history/tables.js';
import type { Manifest } from '../graph/manifest.js';
import type { Reporter } from './reporter.js';

export interface SessionOptions {
  manifest: Manifest;
  command: string;
  invocationId: string;
  threads: number;
  reporter: Pick<Reporter, 'warn' | 'info'>;
  signal?: AbortSignal;
  /** an engine the caller opened (tests): used as is, not opened or closed here */
  engine?: Engine;
  lock?: LockOptions;
}

/**
 * One invocation's hold on its target: takes the target's build lock, opens the engine, runs
 * `work`, appends the run to the target's history (when `history` is given), then lets go: a lock file (DuckDB) is released
 * after the engine closes, so the next build never finds the database still open; a lock kept
 * in the warehouse is released while the engine can still reach it.
 */
export async function withTargetSession<T>(opts: SessionOptions, work: (engine: Engine) => Promise<T>, history?: (value: T) => RunRecord): Promise<T> {
  const { manifest, reporter } = opts;
  const { project } = manifest;
  const engine = opts.engine ?? (await createEngine(project.target, project.root, opts.threads, { invocationId: opts.invocationId }));
  const provider = lockProviderFor(project, engine, opts.lock?.maxAgeSeconds);
  if (!provider && !engine.capabilities.embedded) {
    reporter.warn(`${project.target.type} targets have no build lock yet: keel cannot keep two builds on target '${project.targetName}' apart`);
  }
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    invocationId: opts.invocationId,
    command: opts.command,
    startedAt: new Date().toISOString(),
  };
  const waitSeconds = opts.lock?.waitSeconds ?? 0;
  const lock = () =>
    acquireTargetLock(provider!, holder, project.targetName, {
      waitSeconds,
      signal: opts.signal,
      onWait: (h) => reporter.info?.(`Waiting up to ${waitSeconds}s for the lock on target '${project.targetName}', held by ${describeHolder(h)}`),
    });
  let release: (() => Promise<void>) | undefined;
  let opened = false;
  try {
    if (provider && !provider.needsOpenEngine) release = await lock();
    if (!opts.engine) {
      await openWaitingForTarget(engine, {
        target: project.targetName,
        waitSeconds,
        signal: opts.signal,
        onWait: (h) => reporter.info?.(`Waiting up to ${waitSeconds}s for target '${project.targetName}', open in ${h ?? 'another program'}`),
      });
      opened = true;
    }
    if (provider?.needsOpenEngine) release = await lock();
    const value = await work(engine);
    if (history) await appendHistory(engine, manifest, history(value), reporter);
    return value;
  } finally {
    const engineHeld = provider?.needsOpenEngine ?? false;
    try {
      if (engineHeld) await release?.();
    } finally {
      try {
        if (opened) await engine.close();
      } finally {
        if (!engineHeld) await release?.();
      }
    }
  }
}

/** History is for people reading it later: failing to write it warns, it never fails the run. */
async function appendHistory(engine: Engine, manifest: Manifest, run: RunRecord, reporter: Pick<Reporter, 'warn'>): Promise<void> {
  const config = historyConfig(manifest.project);
  if (!config.enabled) return;
  try {
    await recordRun(engine, config.schema, run);
  } catch (err) {
    reporter.warn(`could not record this run in ${config.schema}.keel_runs: ${err instanceof Error ? err.message : String(err)}`);
  }
}
