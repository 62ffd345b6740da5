import { randomUUID } from 'node:crypto';
import { checkSnapshot, type SnapshotCheck, type SnapshotOptions } from './check.js';
import { refreshFromSnapshot, type SnapshotCompile } from './refresh.js';

/**
 * A whole-project compile with nothing edited since the last one, done without initializing the
 * compiler; otherwise the check made, for the compile command to go on from.
 */
export function compileQuickly(opts: SnapshotOptions & { select?: string[]; exclude?: string[]; state?: string }): { done?: SnapshotCompile & { warnings: string[] }; check?: SnapshotCheck } {
  if (opts.select?.length || opts.exclude?.length || opts.state) return {};
  const check = checkSnapshot(opts);
  if (!check || check.changed.length) return { check };
  const done = refreshFromSnapshot(check, { invocationId: randomUUID(), generatedAt: new Date().toISOString() });
  return done ? { done: { ...done, warnings: [] } } : {};
}
