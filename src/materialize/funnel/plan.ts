import type { Relation } from '../../core/relation.js';
import type { AnalyticsDialect } from '../../engines/analytics-dialect.js';
import { sqlContext } from '../journey/sql-context.js';
import type { FunnelSpec } from './config.js';
import type { PersonKey } from './person.js';
import { defaultStrategy, personsSelect, type FunnelStrategy } from './persons-sql.js';
import { stepsSelect } from './steps-sql.js';

/** The funnel's two outputs: the model's relation holds the persons, the aggregate sits beside it. */
export function funnelOutputs(model: Relation): { persons: Relation; steps: Relation } {
  return { persons: model, steps: { ...model, identifier: `${model.identifier}__steps` } };
}

export interface FunnelPlanInput {
  spec: FunnelSpec;
  person: PersonKey;
  /** the model's compiled SELECT: the events */
  eventsSql: string;
  dialect: AnalyticsDialect;
  /** the engine's preferred plan unless given (tests run both) */
  strategy?: FunnelStrategy;
}

export interface FunnelPlan {
  strategy: FunnelStrategy;
  /** the per-person table's SELECT: the only one that reads the events */
  personsSql: string;
  /** the aggregate table's SELECT, reading the per-person table `persons` */
  stepsSql(persons: Relation): string;
}

/** Pure: config and events SQL in, the funnel's statements out, spelled for one engine. */
export function planFunnel(input: FunnelPlanInput): FunnelPlan {
  const s = sqlContext(input.dialect);
  const strategy = input.strategy ?? defaultStrategy(s);
  return {
    strategy,
    personsSql: personsSelect(s, input.spec, input.person, input.eventsSql, strategy),
    stepsSql: (persons) => stepsSelect(s, input.spec, persons),
  };
}
