import type { EngineCapabilities } from '../capabilities.js';

export const redshiftCapabilities: EngineCapabilities = {
  transactionalDdl: true,
  // Redshift refuses a WITH inside a subquery
  cteInSubquery: false,
  qualify: true,
  materializedCtes: false,
  embedded: false,
};
