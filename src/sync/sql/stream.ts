import type { Compilable } from 'kysely';
import type { Engine } from '../../engines/engine.js';

const FALLBACK_BATCH = 2048;

/**
 * The rows of a Kysely query in batches: the engine's own batched stream when it has one (one
 * await per chunk), else Kysely's row stream regrouped. Either way memory stays flat.
 */
export async function* streamBatches<R>(engine: Engine, query: Compilable<R> & { stream(chunkSize?: number): AsyncIterableIterator<R> }): AsyncIterable<R[]> {
  if (engine.streamBatches) {
    yield* engine.streamBatches(query.compile()) as AsyncIterable<R[]>;
    return;
  }
  let batch: R[] = [];
  for await (const row of query.stream(FALLBACK_BATCH)) {
    batch.push(row);
    if (batch.length >= FALLBACK_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
