import { gunzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { CsvParser, type CsvRow } from '../../../src/materialize/seed/csv-parser.js';
import type { S3Emulator } from '../s3/server.js';
import { EmulatorSqlError } from './sql/errors.js';

/**
 * COPY <table> [(cols)] FROM 's3://bucket/prefix' IAM_ROLE '...' FORMAT AS CSV [IGNOREHEADER n]
 * [GZIP] [DELIMITER 'c'] [EMPTYASNULL] [TIMEFORMAT ...] [DATEFORMAT ...]: reads every object under
 * the prefix from the S3 emulator. As on Redshift, one refused row fails the whole COPY (it runs in
 * the statement's transaction, so nothing is loaded) and its detail goes to sys_load_error_detail.
 */
export interface CopyStatement {
  table: string;
  columns?: string[];
  bucket: string;
  prefix: string;
  iamRole?: string;
  csv: boolean;
  ignoreHeader: number;
  gzip: boolean;
  delimiter: string;
  emptyAsNull: boolean;
}

/** A refused row: written to the load error tables after the statement's transaction is rolled back. */
export class CopyLoadError extends EmulatorSqlError {
  constructor(
    table: string,
    readonly detail: {
      fileName: string;
      lineNumber: number;
      columnName: string;
      columnType: string;
      rawFieldValue: string;
      rawLine: string;
      errorMessage: string;
    },
  ) {
    super(`Load into table '${table}' failed.  Check 'sys_load_error_detail' system table for details.`);
  }
}

const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function parseCopy(sql: string): CopyStatement | undefined {
  const head = /^\s*copy\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s*(?:\(([^)]*)\))?\s*from\s+'s3:\/\/([^/']+)\/?([^']*)'([\s\S]*)$/i.exec(sql);
  if (!head) return undefined;
  const [, table, cols, bucket, prefix, rest] = head;
  const option = (re: RegExp) => re.exec(rest!)?.[1];
  const words = rest!.replace(/'(?:[^']|'')*'/g, "''");
  return {
    table: table!,
    columns: cols?.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase()),
    bucket: bucket!,
    prefix: prefix!,
    iamRole: option(/\biam_role\s+'([^']*)'/i),
    csv: /\bformat\s+(?:as\s+)?csv\b/i.test(words) || /\bcsv\b/i.test(words),
    ignoreHeader: Number(option(/\bignoreheader\s+(?:as\s+)?(\d+)/i) ?? 0),
    gzip: /\bgzip\b/i.test(words),
    delimiter: option(/\bdelimiter\s+(?:as\s+)?'([^']*)'/i) ?? (/\bcsv\b/i.test(words) ? ',' : '|'),
    emptyAsNull: /\bemptyasnull\b/i.test(words),
  };
}

/** Loads the objects; returns the rows loaded. Throws CopyLoadError for a refused row. */
export async function runCopy(pg: PGlite, s3: S3Emulator | undefined, copy: CopyStatement): Promise<number> {
  if (copy.iamRole === undefined) {
    throw new EmulatorSqlError(
      "Invalid credentials. Must be of the format: credentials 'aws_iam_role=...' or 'aws_access_key_id=...;aws_secret_access_key=...[;token=...]'",
    );
  }
  if (!IAM_ROLE_ARN.test(copy.iamRole)) throw new EmulatorSqlError(`Invalid IAM Role ARN: '${copy.iamRole}'`);
  if (!copy.csv) throw new EmulatorSqlError('the emulator loads only FORMAT AS CSV');
  const keys = s3?.list(copy.bucket, copy.prefix) ?? [];
  if (!keys.length) throw new EmulatorSqlError(`The specified S3 prefix '${copy.prefix}' does not exist`);

  const columns = await tableColumns(pg, copy.table);
  const target = copy.columns ?? columns.map((c) => c.name);
  const types = target.map((name) => {
    const c = columns.find((x) => x.name === name);
    if (!c) throw new EmulatorSqlError(`column "${name}" of relation "${copy.table}" does not exist`);
    return c;
  });
  const insert = `insert into ${copy.table} (${target.map((c) => `"${c}"`).join(', ')}) values (${target.map((_, i) => `$${i + 1}`).join(', ')})`;
  let loaded = 0;
  for (const key of keys) {
    const fileName = `s3://${copy.bucket}/${key}`;
    const raw = s3!.get(copy.bucket, key)!.body;
    const text = (copy.gzip ? gunzipSync(raw) : raw).toString('utf8');
    const lines = text.split(/\r?\n/);
    const parser = new CsvParser(copy.delimiter);
    const rows = [...parser.push(text), ...parser.end()];
    for (const row of rows) {
      if (row.line <= copy.ignoreHeader) continue;
      const rawLine = lines[row.line - 1] ?? '';
      const fail = (i: number, reason: string, value: string) =>
        new CopyLoadError(copy.table, {
          fileName,
          lineNumber: row.line,
          columnName: types[i]?.name ?? '',
          columnType: types[i]?.type ?? '',
          rawFieldValue: value,
          rawLine,
          errorMessage: reason,
        });
      if (row.fields.length < target.length) throw fail(row.fields.length, 'Delimiter not found', '');
      if (row.fields.length > target.length) throw fail(target.length - 1, 'Extra column(s) found', row.fields[target.length] ?? '');
      const values = fieldValues(row, types, copy.emptyAsNull);
      await pg.query('savepoint keel_copy_row');
      try {
        await pg.query(insert, values);
        await pg.query('release savepoint keel_copy_row');
      } catch (e) {
        await pg.query('rollback to savepoint keel_copy_row');
        const i = await refusedField(pg, values, types);
        throw fail(i, (e as Error).message, row.fields[i] ?? '');
      }
      loaded++;
    }
  }
  return loaded;
}

/** Writes a refused row's detail where Redshift keeps it (outside the failed transaction). */
export async function recordLoadError(pg: PGlite, e: CopyLoadError): Promise<void> {
  const d = e.detail;
  await pg.query(
    `insert into keel_emulator.load_errors (file_name, line_number, column_name, column_type, raw_field_value, raw_line, error_message) values ($1, $2, $3, $4, $5, $6, $7)`,
    [d.fileName, d.lineNumber, d.columnName, d.columnType, d.rawFieldValue, d.rawLine, d.errorMessage],
  );
}

/** An empty unquoted field is NULL; an empty text field is '' unless EMPTYASNULL; other empty fields are NULL. */
function fieldValues(row: CsvRow, types: Column[], emptyAsNull: boolean): (string | null)[] {
  return row.fields.map((f, i) => {
    if (f === null) return null;
    if (f === '' && (emptyAsNull || !/char|text/.test(types[i]!.type))) return null;
    return f;
  });
}

interface Column {
  name: string;
  type: string;
}

async function refusedField(pg: PGlite, values: (string | null)[], types: Column[]): Promise<number> {
  for (let i = 0; i < values.length; i++) {
    await pg.query('savepoint keel_copy_field');
    try {
      await pg.query(`select $1::${types[i]!.type}`, [values[i]]);
      await pg.query('release savepoint keel_copy_field');
    } catch {
      await pg.query('rollback to savepoint keel_copy_field');
      return i;
    }
  }
  return 0;
}

async function tableColumns(pg: PGlite, table: string): Promise<Column[]> {
  const r = await pg.query<{ name: string; type: string }>(
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
    [table],
  );
  return r.rows;
}
