import { CATALOG } from '../../lake/duck.js';
import type { Lake } from '../../lake/lake.js';
import type { QualifiedName } from '../../sql/sql-text.js';
import { QueryFailure } from '../aws-error.js';
import type { ResultSetData } from './result-set.js';

/** Where a statement runs: its query, QueryExecutionContext and result location. */
export interface StatementContext {
  lake: Lake;
  queryId: string;
  catalog: string;
  database: string;
  /** s3://.../ the query's results go to; CTAS without a location writes under it */
  outputLocation: string;
  /** an injected failure that strikes after a CTAS wrote its files, before it registers the table */
  failAfterWrite?: QueryFailure;
}

export interface StatementOutcome {
  statementType: 'DDL' | 'DML' | 'UTILITY';
  substatementType: string;
  result?: ResultSetData;
  updateCount?: number;
  dataScannedBytes: number;
}

export interface TableName {
  db: string;
  name: string;
  /** catalog.db.name as Athena prints it */
  display: string;
}

/** `t`, `db.t` or `catalog.db.t`, resolved against the query's context; Glue names are lower case. */
export function resolveName(q: QualifiedName, ctx: StatementContext): TableName {
  const parts = q.parts.map((p) => p.toLowerCase());
  const [catalog, db, name] =
    parts.length >= 3
      ? parts.slice(-3)
      : parts.length === 2
        ? [ctx.catalog.toLowerCase(), ...parts]
        : [ctx.catalog.toLowerCase(), ctx.database.toLowerCase(), parts[0]!];
  if (catalog !== CATALOG) throw new QueryFailure(`CATALOG_NOT_FOUND: line 1:1: Catalog '${catalog}' does not exist`);
  return { db: db!, name: name!, display: `${catalog}.${db}.${name}` };
}

export function requireDatabase(ctx: StatementContext, t: TableName): void {
  if (!ctx.lake.glue.databases.has(t.db)) throw new QueryFailure(`SCHEMA_NOT_FOUND: line 1:1: Schema '${t.db}' does not exist`);
}
