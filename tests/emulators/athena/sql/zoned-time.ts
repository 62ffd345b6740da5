import { closingParen, segments } from './sql-text.js';

/**
 * Trino's TIMESTAMP WITH TIME ZONE keeps each value's own zone; DuckDB's TIMESTAMPTZ is only an
 * instant. The emulator carries a zoned value as ZONED, a struct of the instant and the zone's
 * offset from UTC in minutes, so that what depends on the zone behaves as on Athena:
 * `CAST(zoned AS TIMESTAMP)` is the wall time in the value's own zone, at_timezone changes the zone
 * and keeps the instant. A TIMESTAMP becomes zoned in the session zone, which is UTC on Athena.
 * Zones are UTC or a fixed offset (±HH:MM); named zones are refused, not guessed.
 */
export const ZONED = 'STRUCT(instant TIMESTAMPTZ, offset_minutes INTEGER)';

const OFFSET_AT_END = "'[T ][0-9:.,]+[+-][0-9]{2}(:?[0-9]{2})?$'";

export const ZONED_MACROS: string[] = [
  // the offset written at the end of an ISO 8601 text (none, or Z: UTC)
  `CREATE MACRO trino_iso_offset_minutes(s) AS CASE WHEN regexp_matches(s, ${OFFSET_AT_END})
     THEN (CASE WHEN regexp_extract(s, '([+-])[0-9]{2}(:?[0-9]{2})?$', 1) = '-' THEN -1 ELSE 1 END)
       * (CAST(regexp_extract(s, '[+-]([0-9]{2})(:?[0-9]{2})?$', 1) AS INTEGER) * 60
          + COALESCE(TRY_CAST(NULLIF(regexp_extract(s, '[+-][0-9]{2}:?([0-9]{2})$', 1), '') AS INTEGER), 0))
     ELSE 0 END`,
  `CREATE MACRO trino_zone_offset_minutes(zone) AS CASE
     WHEN upper(zone) IN ('UTC', 'Z', 'GMT', 'UT', 'ETC/UTC') THEN 0
     WHEN regexp_matches(zone, '^[+-][0-9]{2}:[0-9]{2}$')
       THEN (CASE WHEN left(zone, 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(zone, 2, 2) AS INTEGER) * 60 + CAST(substr(zone, 5, 2) AS INTEGER))
     ELSE error('the Athena emulator knows the zones UTC and ±HH:MM only, not ' || zone) END`,
  // without an offset the text is in the session zone, UTC (not DuckDB's, which is the machine's)
  `CREATE MACRO trino_from_iso8601_timestamp(s) AS struct_pack(
     instant := CASE WHEN regexp_matches(s, ${OFFSET_AT_END}) OR regexp_matches(s, '[Zz]$')
       THEN CAST(s AS TIMESTAMPTZ) ELSE timezone('UTC', CAST(s AS TIMESTAMP)) END,
     offset_minutes := trino_iso_offset_minutes(s))`,
  `CREATE MACRO trino_at_timezone(x ${ZONED}, zone) AS struct_pack(instant := x.instant, offset_minutes := trino_zone_offset_minutes(zone)),
     (x TIMESTAMP, zone) AS struct_pack(instant := timezone('UTC', x), offset_minutes := trino_zone_offset_minutes(zone))`,
  `CREATE MACRO trino_cast_timestamp(x ${ZONED}) AS CAST(timezone('UTC', x.instant) AS TIMESTAMP) + to_minutes(x.offset_minutes),
     (x TIMESTAMP) AS x,
     (x TIMESTAMPTZ) AS CAST(timezone('UTC', x) AS TIMESTAMP),
     (x) AS CAST(x AS TIMESTAMP)`,
  `CREATE MACRO trino_cast_timestamptz(x ${ZONED}) AS x,
     (x TIMESTAMP) AS struct_pack(instant := timezone('UTC', x), offset_minutes := 0),
     (x TIMESTAMPTZ) AS struct_pack(instant := x, offset_minutes := 0),
     (x) AS trino_from_iso8601_timestamp(CAST(x AS VARCHAR))`,
];

const CAST_OPEN = /\bCAST\s*\(/gi;
const TO_TIMESTAMP = /\s+AS\s+TIMESTAMP(\s+WITH\s+TIME\s+ZONE)?\s*$/i;

/** `CAST(e AS TIMESTAMP [WITH TIME ZONE])` → `trino_cast_timestamp[tz](e)`, innermost first. */
export function rewriteTimestampCasts(sql: string): string {
  for (;;) {
    const code = maskLiterals(sql);
    const opens = [...code.matchAll(CAST_OPEN)];
    let changed = false;
    for (const m of opens.reverse()) {
      const open = m.index! + m[0].length - 1;
      const close = closingParen(sql, open);
      if (close < 0) continue;
      const target = TO_TIMESTAMP.exec(code.slice(open + 1, close));
      if (!target) continue;
      const expr = sql.slice(open + 1, open + 1 + target.index);
      const fn = target[1] ? 'trino_cast_timestamptz' : 'trino_cast_timestamp';
      sql = `${sql.slice(0, m.index!)}${fn}(${expr})${sql.slice(close + 1)}`;
      changed = true;
      break;
    }
    if (!changed) return sql;
  }
}

/** The text with literals, quoted names and comments masked (same length, no blanks), for matching code. */
function maskLiterals(sql: string): string {
  return segments(sql)
    .map((s) => (s.kind === 'code' ? s.text : 'x'.repeat(s.text.length)))
    .join('');
}
