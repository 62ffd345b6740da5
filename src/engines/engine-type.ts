/** The engines keel can build on; every other list of engine types derives from this one. */
export const ENGINE_TYPES = ['duckdb', 'athena', 'redshift'] as const;

export type EngineType = (typeof ENGINE_TYPES)[number];
