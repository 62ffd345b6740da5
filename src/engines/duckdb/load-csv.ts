import { sql, type Kysely } from 'kysely';
import type { Relation } from '../../core/relation.js';
import { CsvLoadError, type CsvSource } from '../csv-load.js';
import type { BuildStepOptions, ColumnInfo, QueryResult } from '../engine.js';
import type { DuckDBDialect } from './dialect.js';

interface DuckDBLoadTarget {
  readonly db: Kysely<any>;
  readonly dialect: DuckDBDialect;
  execute(sql: string, opts?: BuildStepOptions): Promise<QueryResult>;
}

/**
 * Creates `rel` from the CSV with DuckDB's own reader (parallel, streaming): the columns and their
 * types are given, nothing is auto-detected, and the reader is strict, so every row is checked
 * against them; `""` stays an empty string while an empty unquoted field is NULL.
 */
export async function loadCsvDuckDB(
  engine: DuckDBLoadTarget,
  rel: Relation,
  source: CsvSource,
  columns: ColumnInfo[],
  opts: BuildStepOptions = {},
): Promise<QueryResult> {
  const struct = sql.raw(`{${columns.map((c) => `${engine.dialect.literal(c.name)}: ${engine.dialect.literal(c.type)}`).join(', ')}}`);
  const select = sql`select * from read_csv(${sql.lit(source.path)}, columns = ${struct}, header = ${sql.lit(source.header)}, delim = ${sql.lit(source.delimiter)}, quote = '"', escape = '"', strict_mode = true, null_padding = false, allow_quoted_nulls = false, auto_detect = false)`;
  const statement = engine.dialect.createTableAs(rel, select.compile(engine.db).sql);
  opts.log?.(statement);
  try {
    await engine.execute(statement, opts);
  } catch (e) {
    throw readerError(e);
  }
  // CREATE TABLE AS reports no row count through the driver; counting the new table is cheap
  const counted = await engine.execute(sql`select count(*) as n from ${sql.id(rel.schema, rel.identifier)}`.compile(engine.db).sql, opts);
  return { columns: [], rows: [], rowsAffected: Number(counted.rows[0]?.n ?? 0) };
}

/** DuckDB's CSV errors carry the line and what was wrong; other errors pass through as they are. */
function readerError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  const at = /CSV Error on Line: (\d+)/.exec(message);
  if (!at) return e;
  const line = Number(at[1]);
  const count = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (count) return new CsvLoadError(`row has ${count[2]} fields, the header has ${count[1]}`, 'field-count', line);
  if (/unterminated quote/i.test(message))
    return new CsvLoadError('unclosed quote: a quoted field opened here never closes (or text follows its closing quote)', 'unclosed-quote', line);
  if (/Invalid unicode/i.test(message))
    return new CsvLoadError('not UTF-8: this line has bytes that are not valid UTF-8; save the file as UTF-8', 'encoding', line);
  const conversion = /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"]|"")*)" to '([^']+)'/.exec(message);
  if (conversion) {
    const [, column, value, type] = conversion;
    return new CsvLoadError(`column ${column}: '${value}' is not a valid ${type}`, 'type', line, column);
  }
  const firstLine = message.split('\n').find((l) => l.trim() && !/CSV Error on Line/.test(l) && !/^Original Line/.test(l));
  return new CsvLoadError(firstLine?.trim() ?? message, 'other', line);
}
