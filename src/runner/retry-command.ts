import { readRunResults } from '../artifacts/read-run-results.js';
import { KeelError } from '../core/errors.js';
import { loadProject } from '../project/load.js';
import { invoke, type InvokeOptions } from './invoke.js';
import { isRunStillGoing, RunStillGoingError } from './killed-run.js';
import type { Manifest } from '../graph/manifest.js';
import type { Command, RunResults } from './results.js';

/** What a retry runs again: everything that did not finish well, and what was skipped or never started because of it. */
export const RETRY_STATUSES: ReadonlySet<string> = new Set(['error', 'fail', 'skipped', 'cancelled']);
const COMMANDS: readonly string[] = ['run', 'build', 'seed', 'test'];

export type RetryOptions = Pick<InvokeOptions, 'projectDir' | 'target' | 'env' | 'reporter' | 'signal' | 'engine' | 'lock' | 'freshnessNow' | 'threads'>;

export type RetryOutcome = { retried: false; lastInvocationId: string } | { retried: true; results: RunResults; manifest: Manifest };

/**
 * `keel retry`: runs again the nodes of the last run_results.json that failed, errored, were
 * skipped or cancelled, with that run's command, target, vars, flags and --state. A run that
 * was killed (its run_results.json still says running, its process is gone) is retried from its
 * journal: every selected node without a finished result runs again. The new
 * run_results.json keeps the original selection in its args, so a retry of a retry works.
 */
export async function retry(opts: RetryOptions): Promise<RetryOutcome> {
  const project = loadProject(opts.projectDir, { target: opts.target });
  const last = readRunResults(project.targetPath);
  const command = last.metadata.command;
  if (isRunStillGoing(last.metadata)) throw new RunStillGoingError(project.targetName, last.metadata);
  if (!COMMANDS.includes(command)) throw new KeelError(`The last run_results.json is from '${command}', which keel retry cannot repeat`);
  const ids = last.results.filter((r) => RETRY_STATUSES.has(r.status)).map((r) => r.unique_id);
  if (ids.length === 0) return { retried: false, lastInvocationId: last.metadata.invocation_id };
  const a = last.args;
  const { results, manifest } = await invoke({
    ...opts,
    command: command as Command,
    target: opts.target ?? a.target,
    vars: a.vars,
    select: a.select,
    exclude: a.exclude,
    threads: opts.threads ?? a.threads,
    fullRefresh: a.full_refresh,
    state: a.state ?? undefined,
    defer: a.defer,
    requireFresh: a.require_fresh,
    nodeIds: ids,
    retryOf: last.metadata.invocation_id,
  });
  return { retried: true, results, manifest };
}
