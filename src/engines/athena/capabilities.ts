import type { EngineCapabilities } from '../capabilities.js';

/** Athena runs one statement per query, without transactions; Glue and S3 calls do the swaps. */
export const athenaCapabilities: EngineCapabilities = {
  transactionalDdl: false,
  cteInSubquery: true,
  qualify: false,
  materializedCtes: false,
  embedded: false,
};
