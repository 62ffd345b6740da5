import { sql } from 'kysely';
import { KeelError } from '../../core/errors.js';
import type { SeedNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import type { QueryResult } from '../../engines/engine.js';
import { CsvLoadError } from '../../engines/csv-load.js';
import { insertRows as insertRowsWithin } from '../../engines/insert-rows.js';
import { run, sideRelations, stepOptions, type BuildContext, type BuildResult } from '../context.js';
import { dropLeftovers, swapIn } from '../swap.js';
import { CsvSyntaxError } from './csv-parser.js';
import { convertValue } from './infer-types.js';
import { readCsv } from './read-csv.js';
import { seedColumns, type SeedColumn } from './seed-columns.js';

/** Rows whose values decide the inferred column types (as many as DuckDB's own CSV sniffer reads). */
export const SAMPLE_ROWS = 20_480;
const BATCH_ROWS = 500;

/**
 * Loads a CSV into a side table, then swaps it in. Column types are inferred from the first
 * SAMPLE_ROWS rows; the engine's bulk loader then reads the whole file against them, so a later
 * row that does not fit fails the seed with its line rather than being cast or dropped.
 */
export async function buildSeed(ctx: BuildContext): Promise<BuildResult> {
  const node = ctx.node as SeedNode;
  const delimiter = (node.config.delimiter as string | undefined) ?? ',';
  const bulk = Boolean(ctx.engine.loadCsv);
  const { header, rows, complete } = atLine(node, () => readCsv(node.csvPath, delimiter, bulk ? SAMPLE_ROWS : Infinity));
  const columns = seedColumns(node, header, rows, (t) => ctx.engine.dialect.type(t));
  const { tmp } = sideRelations(ctx.relation);
  await dropLeftovers(ctx);

  if (ctx.engine.loadCsv) {
    let loaded: QueryResult;
    try {
      loaded = await ctx.engine.loadCsv(tmp, { path: node.csvPath, delimiter, header: true }, columns, stepOptions(ctx, { config: node.config }));
    } catch (e) {
      throw e instanceof CsvLoadError ? loadError(node, e, columns, complete) : e;
    }
    await swapIn(ctx, 'table');
    const count = loaded.rowsAffected ?? 0;
    return { rowsAffected: count, message: `LOAD ${count}`, stats: loaded.stats };
  }

  warnSlowSeeds(ctx);
  const values = rows.map((r) => r.fields);
  if (ctx.engine.createTableWithRows) {
    const loaded = await ctx.engine.createTableWithRows(tmp, columns, values, stepOptions(ctx, { config: node.config }));
    await swapIn(ctx, 'table');
    return { rowsAffected: values.length, message: `INSERT ${values.length}`, stats: loaded.stats };
  }

  let create = ctx.engine.db.schema.withSchema(tmp.schema).createTable(tmp.identifier);
  for (const c of columns) create = create.addColumn(c.name, sql.raw(c.type));
  await run(ctx, create.compile().sql);
  for (let start = 0; start < values.length; start += BATCH_ROWS) {
    const batch = values.slice(start, start + BATCH_ROWS).map((r) => Object.fromEntries(columns.map((c, i) => [c.name, convertValue(r[i]!, c.inferred)])));
    await insertRows(ctx, tmp, batch);
  }
  await swapIn(ctx, 'table');
  return { rowsAffected: values.length, message: `INSERT ${values.length}` };
}

const warned = new WeakSet<object>();

/** The engine's reason seeds load slowly here, once per engine (one per run). */
function warnSlowSeeds(ctx: BuildContext): void {
  const warning = ctx.engine.seedLoadWarning;
  if (!warning || warned.has(ctx.engine)) return;
  warned.add(ctx.engine);
  process.stderr.write(`Warning: ${warning}\n`);
}

function atLine<T>(node: SeedNode, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new KeelError(e.message, { location: { file: node.path, line: e.line } });
    throw e;
  }
}

/** The bulk loader's refusal as keel's error on the seed file; a type that was inferred says from what. */
function loadError(node: SeedNode, e: CsvLoadError, columns: SeedColumn[], complete: boolean): KeelError {
  const column = e.column === undefined ? undefined : columns.find((c) => c.name === e.column);
  let hint: string | undefined;
  if (e.kind === 'type' && column?.inferred) {
    const from = complete ? 'its values' : `the first ${SAMPLE_ROWS.toLocaleString('en-US')} rows`;
    hint = `${column.name} was inferred as ${column.type} from ${from}; set its type with column_types (e.g. column_types: {${column.name}: varchar})`;
  } else if (e.kind === 'type') {
    hint = `${e.column}'s type ${column?.type ?? ''} is set by column_types`;
  }
  return new KeelError(e.message, { location: { file: node.path, line: e.line }, hint, cause: e });
}

/** One multi-row INSERT (split while longer than the engine accepts), recorded for --debug. */
async function insertRows(ctx: BuildContext, tmp: Relation, values: Record<string, unknown>[]): Promise<void> {
  const run = await insertRowsWithin(ctx.engine, tmp.schema, tmp.identifier, values);
  for (const q of run) ctx.statements.push(`${q.slice(0, 120)}… (${values.length} rows in ${run.length} statements)`);
}
