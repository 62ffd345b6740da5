import { KeelError } from '../core/errors.js';
import type { TargetConfig } from '../project/schema.js';
import type { AnalyticsDialect } from './analytics-dialect.js';
import type { ConnectOptions, Connector } from './connector.js';
import type { EngineDefinition } from './definition.js';
import type { Engine } from './engine.js';
import type { EngineType } from './engine-type.js';
import type { Quoting } from './quoting.js';
import { athenaDefinition } from './athena/definition.js';
import { duckdbDefinition } from './duckdb/definition.js';
import { redshiftDefinition } from './redshift/definition.js';

// Definitions only: no driver and no Kysely, so `keel compile` can import this module.
const DEFINITIONS: { readonly [T in EngineType]: EngineDefinition<T> } = {
  duckdb: duckdbDefinition,
  athena: athenaDefinition,
  redshift: redshiftDefinition,
};

// Each engine's driver, imported only when a command connects.
const CONNECTORS: { readonly [T in EngineType]: () => Promise<Connector> } = {
  duckdb: async () => (await import('./duckdb/connect.js')).connect,
  athena: async () => (await import('./athena/connect.js')).connect,
  redshift: async () => (await import('./redshift/connect.js')).connect,
};

/** The engine a target type names. */
export function engineDefinition(type: EngineType): EngineDefinition {
  const definition = (DEFINITIONS as Partial<Record<string, EngineDefinition>>)[type];
  // every type is listed: this is for a target schema that grew a type before its engine
  if (!definition) throw new KeelError(`target type '${type}' is not available yet in this version of keel`);
  return definition;
}

/** The engine of a target. */
export const definitionOf = (target: Pick<TargetConfig, 'type'>): EngineDefinition => engineDefinition(target.type);

/** How compiled SQL quotes names and strings on this target. */
export const quotingFor = (target: Pick<TargetConfig, 'type'>): Quoting => definitionOf(target).quoting;

/** The analytics kinds' SQL spellings of an engine (by target or type). */
export function analyticsDialectFor(target: Pick<TargetConfig, 'type'> | EngineType): AnalyticsDialect {
  return engineDefinition(typeof target === 'string' ? target : target.type).analytics;
}

/** The engine for a target, not yet open; drivers (DuckDB's native binding, AWS SDKs) load here. */
export async function createEngine(target: TargetConfig, projectRoot: string, threads: number, opts: Omit<ConnectOptions, 'threads'> = {}): Promise<Engine> {
  definitionOf(target); // an unknown type is refused before any import
  const connect = await CONNECTORS[target.type]();
  return connect(target, projectRoot, { ...opts, threads });
}
