/**
 * What an engine can do that another cannot, as named flags: code outside src/engines/ branches on
 * these, never on an engine's name, so a new engine states its answers in one place.
 */
export interface EngineCapabilities {
  /**
   * DDL commits with the statements around it: several renames and drops in one transaction are
   * seen all or none (the swap of several outputs at once). Without it, each relation is replaced on
   * its own by `Engine.replaceRelation`, and writes are ordered so that each step can be repeated.
   */
  readonly transactionalDdl: boolean;
  /** a subquery may have a WITH of its own (`FROM (WITH a AS (...) SELECT ...)`) */
  readonly cteInSubquery: boolean;
  /** `QUALIFY` filters on window functions (otherwise wrap the query and filter outside) */
  readonly qualify: boolean;
  /** `WITH x AS MATERIALIZED (...)` computes a CTE read several times once */
  readonly materializedCtes: boolean;
  /**
   * The database runs inside keel's process, from a file (or memory): keel locks a file beside it
   * before opening it, bounds its memory, and must not create the file just by reading.
   */
  readonly embedded: boolean;
}
