import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeelError } from '../core/errors.js';

/** Beside run_results.json while a run is going: one JSON line per node it finished. */
export const PROGRESS_FILE = 'run_results.progress.jsonl';

/** A node's result as run_results.json (or a killed run's journal) stores it. */
export interface StoredNodeResult {
  unique_id: string;
  status: string;
  name?: string;
  resource_type?: string;
  message?: string;
  started_at?: string;
  completed_at?: string;
  execution_time?: number;
}

/** The run_results.json fields `keel retry` needs. */
export interface StoredRunResults {
  metadata: {
    invocation_id: string;
    command: string;
    /** 'running' from the run's start until its final results replace the file */
    status?: string;
    pid?: number;
    host?: string;
    started_at?: string;
  };
  args: {
    select?: string[];
    exclude?: string[];
    target?: string;
    threads?: number;
    full_refresh?: boolean;
    vars?: Record<string, unknown>;
    state?: string | null;
    defer?: boolean;
    require_fresh?: boolean;
    retry_of?: string;
  };
  results: StoredNodeResult[];
}

/** What a node of a run that never finished gets: no result was written for it. */
export const UNFINISHED_MESSAGE = 'not finished: the run ended (killed or crashed) before this node completed';

/** The last run's results; for a run still marked running, its journal and every unfinished node as 'cancelled'. */
export function readRunResults(targetPath: string): StoredRunResults {
  const path = join(targetPath, 'run_results.json');
  if (!existsSync(path)) throw new KeelError(`No run_results.json in ${targetPath}: there is no earlier run to retry`);
  let data: StoredRunResults & { selected?: StoredNodeResult[] };
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as typeof data;
    if (!data.metadata?.command || !Array.isArray(data.results)) throw new Error('metadata.command or results is missing');
  } catch (err) {
    throw new KeelError(`${path} cannot be read: ${(err as Error).message}`);
  }
  const stored = { ...data, args: data.args ?? {} };
  if (data.metadata.status !== 'running') return stored;
  const finished = readProgress(targetPath, data.metadata.invocation_id);
  const results = (data.selected ?? []).map((n) => ({
    ...n,
    ...(finished.get(n.unique_id) ?? { status: 'cancelled', message: UNFINISHED_MESSAGE, execution_time: 0 }),
  }));
  return { ...stored, results };
}

/** The journal's lines of this invocation; a last line cut by the kill is left out. */
function readProgress(targetPath: string, invocationId: string): Map<string, StoredNodeResult> {
  const out = new Map<string, StoredNodeResult>();
  let text: string;
  try {
    text = readFileSync(join(targetPath, PROGRESS_FILE), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as StoredNodeResult & { invocation_id?: string };
      if (r.invocation_id === invocationId && typeof r.unique_id === 'string') out.set(r.unique_id, r);
    } catch {
      // half a line: the process died writing it
    }
  }
  return out;
}
