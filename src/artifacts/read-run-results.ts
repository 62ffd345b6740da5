import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeelError } from '../core/errors.js';

/** The run_results.json fields `keel retry` needs. */
export interface StoredRunResults {
  metadata: { invocation_id: string; command: string };
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
  };
  results: Array<{ unique_id: string; status: string }>;
}

export function readRunResults(targetPath: string): StoredRunResults {
  const path = join(targetPath, 'run_results.json');
  if (!existsSync(path)) throw new KeelError(`No run_results.json in ${targetPath}: there is no earlier run to retry`);
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as StoredRunResults;
    if (!data.metadata?.command || !Array.isArray(data.results)) throw new Error('metadata.command or results is missing');
    return { ...data, args: data.args ?? {} };
  } catch (err) {
    throw new KeelError(`${path} cannot be read: ${(err as Error).message}`);
  }
}
