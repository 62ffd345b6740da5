import type { GetQueryResultsCommandOutput, QueryExecution } from '@aws-sdk/client-athena';
import type { QueryResult } from '../../engine.js';
import { columnInfo, valueReader } from './result-values.js';

/** Athena's largest page. */
const PAGE_ROWS = 1000;

export type FetchPage = (nextToken: string | undefined, maxResults: number) => Promise<GetQueryResultsCommandOutput>;

/**
 * All rows of a finished query, page by page. For a SELECT, Athena repeats the column labels
 * as the first row of the first page; that row is not data.
 */
export async function readResults(execution: QueryExecution, fetchPage: FetchPage): Promise<QueryResult> {
  const isSelect = execution.SubstatementType?.toUpperCase() === 'SELECT';
  if (!isSelect && execution.StatementType !== 'UTILITY') {
    if (execution.StatementType !== 'DML') return { columns: [], rows: [] };
    // CTAS, INSERT, MERGE: only the row count
    const page = await fetchPage(undefined, 1);
    return { columns: [], rows: [], rowsAffected: page.UpdateCount };
  }
  const rows: Record<string, unknown>[] = [];
  let columns: QueryResult['columns'] = [];
  for await (const page of resultPages(execution, fetchPage)) {
    columns = page.columns;
    for (const row of page.rows) rows.push(row);
  }
  return { columns, rows };
}

/** The rows of a finished SELECT (or utility statement), one page of results at a time. */
export async function* resultPages(execution: QueryExecution, fetchPage: FetchPage): AsyncGenerator<QueryResult> {
  const isSelect = execution.SubstatementType?.toUpperCase() === 'SELECT';
  let columns: QueryResult['columns'] = [];
  let readers: Array<(t: string | undefined) => unknown> = [];
  let names: string[] = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await fetchPage(token, PAGE_ROWS);
    if (first) {
      const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      columns = info.map(columnInfo);
      readers = info.map(valueReader);
      names = columns.map((c) => c.name);
    }
    const pageRows = page.ResultSet?.Rows ?? [];
    const rows: Record<string, unknown>[] = [];
    for (let i = first && isSelect ? 1 : 0; i < pageRows.length; i++) {
      const data = pageRows[i]!.Data ?? [];
      const row: Record<string, unknown> = {};
      names.forEach((name, c) => {
        row[name] = readers[c]!(data[c]?.VarCharValue);
      });
      rows.push(row);
    }
    first = false;
    token = page.NextToken;
    yield { columns, rows };
  } while (token);
}
