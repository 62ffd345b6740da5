import { PostgresQueryCompiler } from 'kysely';

/**
 * DuckDB speaks PostgreSQL's grammar where Kysely touches it: double-quoted identifiers
 * (embedded quotes doubled), `$1` parameters, RETURNING, ON CONFLICT, MERGE INTO, and
 * `create ... as`. Override here only what DuckDB parses differently.
 */
export class DuckDBQueryCompiler extends PostgresQueryCompiler {}
