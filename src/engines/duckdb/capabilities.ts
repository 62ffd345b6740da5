import type { EngineCapabilities } from '../capabilities.js';

export const duckdbCapabilities: EngineCapabilities = {
  transactionalDdl: true,
  cteInSubquery: true,
  qualify: true,
  materializedCtes: true,
  embedded: true,
};
