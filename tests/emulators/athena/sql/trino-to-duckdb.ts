import { mapCode, segments } from './sql-text.js';
import { rewriteTimestampCasts, ZONED_MACROS } from './zoned-time.js';

/**
 * The emulator runs Athena's SQL (Trino) on DuckDB. The two agree on most of what keel and the
 * sample workspace write; where they do not, the emulator rewrites the text, and only this:
 *
 * 1. Trino functions DuckDB lacks or spells differently are renamed to `trino_<name>` macros
 *    (TRINO_MACROS) with Trino's meaning: varbinary hashing (sha256 and md5 take and return
 *    varbinary and refuse a varchar, as on Athena), to_utf8/to_hex, date_add(unit, n, ts),
 *    date_diff (whole units elapsed, which is DuckDB's date_sub), cardinality, sequence, element_at,
 *    array_join, approx_distinct, arbitrary, regexp_like, regexp_replace (every match),
 *    xxhash64 and from_big_endian_64, from_iso8601_*, to_unixtime,
 *    from_unixtime, json_extract_scalar, day_of_week.
 * 2. Types: timestamp(p) and time(p) lose their precision (DuckDB keeps microseconds), varbinary is BLOB.
 * 2b. TIMESTAMP WITH TIME ZONE keeps each value's zone (zoned-time.ts): from_iso8601_timestamp,
 *    at_timezone and `CAST(.. AS TIMESTAMP [WITH TIME ZONE])` go through zone-aware macros.
 * 3. `f(x) IGNORE NULLS OVER (...)` becomes DuckDB's `f(x IGNORE NULLS) OVER (...)`.
 * 4. Hive DDL's `backquoted` identifiers become "double-quoted" (Trino statements refuse them before this).
 * Integer division truncates as on Trino (DuckDB's integer_division setting), and catalogs are
 * DuckDB catalogs (AwsDataCatalog is ATTACHed), so names need no rewriting.
 */
export const TRINO_MACROS: string[] = [
  `CREATE MACRO trino_to_utf8(s) AS encode(s)`,
  `CREATE MACRO trino_from_utf8(b) AS decode(b)`,
  `CREATE MACRO trino_to_hex(b) AS upper(hex(b))`,
  `CREATE MACRO trino_from_hex(s) AS unhex(s)`,
  varbinaryOnly('sha256', 'unhex(sha256(b))'),
  varbinaryOnly('md5', 'unhex(md5(b))'),
  // registered by lake/xxhash64.ts: XXH64 as 8 big-endian bytes
  varbinaryOnly('xxhash64', 'trino_xxhash64_bytes(b)'),
  // the 8 bytes as a two's complement BIGINT; Trino refuses any other length
  `CREATE MACRO trino_from_big_endian_64(b) AS CASE WHEN octet_length(b) = 8
     THEN CAST(CAST(('0x' || hex(b)) AS UBIGINT)::HUGEINT - CASE WHEN CAST(('0x' || hex(b)) AS UBIGINT) >= 9223372036854775808 THEN 18446744073709551616 ELSE 0 END AS BIGINT)
     ELSE error('INVALID_FUNCTION_ARGUMENT: expected 8-byte input, but got instead: ' || octet_length(b)) END`,
  `CREATE MACRO trino_date_add(unit, n, ts) AS CASE lower(unit)
     WHEN 'millisecond' THEN ts + to_milliseconds(CAST(n AS BIGINT))
     WHEN 'second' THEN ts + to_seconds(CAST(n AS BIGINT))
     WHEN 'minute' THEN ts + to_minutes(CAST(n AS BIGINT))
     WHEN 'hour' THEN ts + to_hours(CAST(n AS BIGINT))
     WHEN 'day' THEN ts + to_days(CAST(n AS INTEGER))
     WHEN 'week' THEN ts + to_weeks(CAST(n AS INTEGER))
     WHEN 'month' THEN ts + to_months(CAST(n AS INTEGER))
     WHEN 'quarter' THEN ts + to_months(CAST(3 * n AS INTEGER))
     WHEN 'year' THEN ts + to_years(CAST(n AS INTEGER))
     ELSE error('INVALID_FUNCTION_ARGUMENT: ''' || unit || ''' is not a valid unit') END`,
  `CREATE MACRO trino_date_diff(unit, a, b) AS date_sub(unit, a, b)`,
  `CREATE MACRO trino_cardinality(a) AS len(a)`,
  `CREATE MACRO trino_sequence(a, b) AS generate_series(a, b)`,
  `CREATE MACRO trino_element_at(a, i) AS a[i]`,
  `CREATE MACRO trino_array_join(a, d) AS array_to_string(a, d)`,
  `CREATE MACRO trino_approx_distinct(x) AS approx_count_distinct(x)`,
  `CREATE MACRO trino_arbitrary(x) AS any_value(x)`,
  `CREATE MACRO trino_regexp_like(s, p) AS regexp_matches(s, p)`,
  // Trino replaces every match (DuckDB only the first without 'g') and writes groups as $1, DuckDB as \1
  `CREATE MACRO trino_regexp_replace(s, p, r := '') AS regexp_replace(s, p, regexp_replace(r, '[$](\\d)', '\\\\\\1', 'g'), 'g')`,
  `CREATE MACRO trino_from_iso8601_date(s) AS CAST(s AS DATE)`,
  `CREATE MACRO trino_to_unixtime(ts) AS epoch(ts)`,
  `CREATE MACRO trino_from_unixtime(n) AS to_timestamp(n)`,
  `CREATE MACRO trino_json_extract_scalar(j, p) AS json_extract_string(j, p)`,
  `CREATE MACRO trino_day_of_week(d) AS isodow(d)`,
  // zoned values (zoned-time.ts): from_iso8601_timestamp, at_timezone, casts to and from TIMESTAMP
  ...ZONED_MACROS,
];

function varbinaryOnly(name: string, body: string): string {
  return `CREATE MACRO trino_${name}(b) AS CASE WHEN typeof(b) = 'BLOB' THEN ${body}
    ELSE error('FUNCTION_NOT_FOUND: line 1:1: Unexpected parameters (' || lower(typeof(b)) || ') for function ${name}. Expected: ${name}(varbinary)') END`;
}

const macroName = (m: string) => /CREATE MACRO trino_(\w+)/.exec(m)![1]!;
// of the zoned-time macros only these two are Trino functions; the others are the emulator's helpers
const RENAMED = [...TRINO_MACROS.filter((m) => !ZONED_MACROS.includes(m)).map(macroName), 'from_iso8601_timestamp', 'at_timezone'];
const FUNCTION_CALL = new RegExp(`(?<![\\w.$])(${RENAMED.join('|')})(\\s*\\()`, 'gi');

export function trinoToDuckDB(sql: string): string {
  const rewritten = mapCode(sql, (code) =>
    code
      .replace(FUNCTION_CALL, (_m, name: string, paren: string) => `trino_${name.toLowerCase()}${paren}`)
      .replace(/\b(timestamp|time)\s*\(\s*\d+\s*\)/gi, '$1')
      .replace(/\bvarbinary\b/gi, 'BLOB'),
  );
  return moveIgnoreNulls(rewriteTimestampCasts(rewritten));
}

/** Hive DDL: `name` → "name". */
export function hiveToDuckDB(sql: string): string {
  return segments(sql)
    .map((s) => (s.kind === 'bquote' ? `"${s.text.slice(1, -1).replaceAll('``', '`').replaceAll('"', '""')}"` : s.text))
    .join('');
}

/** `first_value(x) IGNORE NULLS OVER` → `first_value(x IGNORE NULLS) OVER` */
function moveIgnoreNulls(sql: string): string {
  for (;;) {
    const m = findInCode(sql, /\)\s*IGNORE\s+NULLS(?=\s+OVER\b)/i);
    if (m < 0) return sql;
    const close = sql.indexOf(')', m);
    const after = sql.slice(close + 1).replace(/^\s*IGNORE\s+NULLS/i, '');
    sql = `${sql.slice(0, close)} IGNORE NULLS)${after}`;
  }
}

function findInCode(sql: string, re: RegExp): number {
  let offset = 0;
  for (const s of segments(sql)) {
    if (s.kind === 'code') {
      const m = re.exec(s.text);
      if (m) return offset + m.index;
    }
    offset += s.text.length;
  }
  return -1;
}
