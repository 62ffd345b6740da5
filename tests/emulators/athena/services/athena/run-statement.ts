import { parseStatement, ParseFailure } from '../../sql/statements.js';
import { trinoToDuckDB } from '../../sql/trino-to-duckdb.js';
import { failureFromDuckDB, QueryFailure } from '../aws-error.js';
import { runCtas } from './ctas.js';
import { runCreateDatabase, runCreateView, runDropTable, runDropView, runRenameTable } from './ddl.js';
import { runInsert } from './insert.js';
import { runModify } from './modify.js';
import { toResultSet } from './result-set.js';
import { bytesScanned, referencedTables } from './scan.js';
import type { StatementContext, StatementOutcome } from './statement-context.js';

/** Runs one Athena statement on the lake (inside Lake.exclusive). Failures come out as QueryFailure. */
export async function runStatement(text: string, ctx: StatementContext): Promise<StatementOutcome> {
  try {
    const { statement } = parseStatement(text);
    const { lake } = ctx;
    await lake.syncBindings();
    await lake.duck.useSchema(ctx.database.toLowerCase(), lake.glue.databases.has(ctx.database.toLowerCase()));
    const read = referencedTables(lake, text);
    lake.assertReadable(read);
    const scanned = await bytesScanned(lake, read);
    const outcome = await (async (): Promise<StatementOutcome> => {
      switch (statement.kind) {
        case 'create-database':
          return runCreateDatabase(statement, ctx);
        case 'ctas':
          return runCtas(statement, ctx);
        case 'create-view':
          return runCreateView(statement, ctx);
        case 'drop-table':
          return runDropTable(statement, ctx);
        case 'drop-view':
          return runDropView(statement, ctx);
        case 'insert':
          return runInsert(statement, ctx);
        case 'rename-table':
          return runRenameTable(statement, ctx);
        case 'merge':
        case 'update':
        case 'delete':
          return runModify(statement, ctx);
        case 'query': {
          const reader = await lake.duck.read(trinoToDuckDB(statement.sql));
          return { statementType: 'DML', substatementType: 'SELECT', result: toResultSet(reader), dataScannedBytes: 0 };
        }
        case 'unsupported':
          throw new QueryFailure(`NOT_SUPPORTED: the Athena emulator does not run ${statement.what} statements`);
      }
    })();
    // DDL reads no data; everything else is billed on what it read
    return { ...outcome, dataScannedBytes: outcome.statementType === 'DDL' ? 0 : scanned };
  } catch (e) {
    if (e instanceof ParseFailure) throw new QueryFailure(e.message);
    throw failureFromDuckDB(e);
  }
}
