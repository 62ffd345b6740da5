export { buildFunnel } from './materialize.js';
export { funnelCompiledSql } from './compiled.js';
export { funnelOutputs, planFunnel, type FunnelPlan, type FunnelPlanInput } from './plan.js';
export { parseFunnelConfig, type FunnelSpec } from './config.js';
export { resolvePerson, type PersonKey } from './person.js';
export type { FunnelStrategy } from './persons-sql.js';
