import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * The PostgreSQL behind the emulator, set up to behave like Redshift where keel can tell:
 * backslash escapes in string literals, UTC, Redshift functions and system views, and the
 * emulator's own bookkeeping (late-binding views, table design) in schema keel_emulator.
 *
 * initdb plus the setup takes seconds, so the set-up data directory is kept in the OS temp dir
 * (keyed by the setup SQL) and loaded by later runs.
 */
export async function openDatabase(timezone = 'UTC'): Promise<PGlite> {
  const snapshot = join(tmpdir(), `keel-redshift-emulator-${createHash('sha256').update(SETUP).digest('hex').slice(0, 16)}.tar`);
  let pg: PGlite;
  if (existsSync(snapshot)) {
    pg = new PGlite({ loadDataDir: new Blob([readFileSync(snapshot)]) });
    await pg.waitReady;
  } else {
    pg = new PGlite();
    await pg.waitReady;
    await pg.exec(SETUP);
    const dump = await pg.dumpDataDir('none');
    const partial = `${snapshot}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, snapshot);
  }
  await pg.exec(SESSION);
  await pg.query(`select set_config('timezone', $1, false)`, [timezone]);
  return pg;
}

/** Session settings are not part of the data directory: applied on every open. */
const SESSION = `
set standard_conforming_strings = off;
set escape_string_warning = off;
`;

const SETUP = `
set allow_system_table_mods = on;

create schema keel_emulator;
create table keel_emulator.late_binding_views (
  schema_name text not null, view_name text not null, columns text not null default '', body text not null,
  primary key (schema_name, view_name));
-- keyed by the table's oid, so a rename (table swap) keeps the design with the table
create table keel_emulator.table_design (
  table_oid oid primary key, diststyle text, distkey text, sortkeys text[], sort_type text, backup boolean);

-- Redshift's VARCHAR(n) counts bytes (sql/varchar.ts): a cast cuts to n bytes at a character boundary
create function keel_emulator.cut_bytes(s text, n int) returns text immutable language plpgsql as $$
declare r text := left(s, n);
begin
  while octet_length(r) > n loop
    r := left(r, length(r) - greatest(1, (octet_length(r) - n) / 4));
  end loop;
  return r;
end $$;
create domain keel_emulator.varchar_256 as varchar check (octet_length(value) <= 256);
create domain keel_emulator.varchar_65535 as varchar check (octet_length(value) <= 65535);

create function keel_emulator.date_part_name(part text) returns text immutable language sql as $$
  select case lower(part)
    when 'year' then 'year' when 'years' then 'year' when 'y' then 'year' when 'yr' then 'year' when 'yrs' then 'year'
    when 'quarter' then 'quarter' when 'quarters' then 'quarter' when 'qtr' then 'quarter' when 'qtrs' then 'quarter'
    when 'month' then 'month' when 'months' then 'month' when 'mon' then 'month' when 'mons' then 'month'
    when 'week' then 'week' when 'weeks' then 'week' when 'w' then 'week'
    when 'day' then 'day' when 'days' then 'day' when 'd' then 'day'
    when 'hour' then 'hour' when 'hours' then 'hour' when 'h' then 'hour' when 'hr' then 'hour' when 'hrs' then 'hour'
    when 'minute' then 'minute' when 'minutes' then 'minute' when 'm' then 'minute' when 'min' then 'minute' when 'mins' then 'minute'
    when 'second' then 'second' when 'seconds' then 'second' when 's' then 'second' when 'sec' then 'second' when 'secs' then 'second'
    when 'millisecond' then 'milliseconds' when 'milliseconds' then 'milliseconds' when 'ms' then 'milliseconds'
    when 'microsecond' then 'microseconds' when 'microseconds' then 'microseconds'
  end
$$;

create function keel_emulator.part_interval(part text, n bigint) returns interval immutable language sql as $$
  select case keel_emulator.date_part_name(part)
    when 'quarter' then make_interval(months => (n * 3)::int)
    else (n::text || ' ' || keel_emulator.date_part_name(part))::interval
  end
$$;

-- boundaries of the date part crossed between a and b, as Redshift's DATEDIFF counts them (weeks start on Monday)
create function keel_emulator.datediff_ts(part text, a timestamp, b timestamp) returns bigint immutable language sql as $$
  select case keel_emulator.date_part_name(part)
    when 'year' then (extract(year from b) - extract(year from a))::bigint
    when 'quarter' then ((extract(year from b) * 4 + extract(quarter from b)) - (extract(year from a) * 4 + extract(quarter from a)))::bigint
    when 'month' then ((extract(year from b) * 12 + extract(month from b)) - (extract(year from a) * 12 + extract(month from a)))::bigint
    when 'week' then ((date_trunc('week', b)::date - date_trunc('week', a)::date) / 7)::bigint
    when 'day' then (b::date - a::date)::bigint
    when 'hour' then (extract(epoch from date_trunc('hour', b) - date_trunc('hour', a)) / 3600)::bigint
    when 'minute' then (extract(epoch from date_trunc('minute', b) - date_trunc('minute', a)) / 60)::bigint
    when 'second' then extract(epoch from date_trunc('second', b) - date_trunc('second', a))::bigint
    when 'milliseconds' then (extract(epoch from date_trunc('milliseconds', b) - date_trunc('milliseconds', a)) * 1000)::bigint
    when 'microseconds' then (extract(epoch from b - a) * 1000000)::bigint
  end
$$;

create function pg_catalog.getdate() returns timestamp stable language sql as $$
  select date_trunc('second', statement_timestamp() at time zone 'UTC')
$$;
create function pg_catalog.dateadd(part text, n bigint, ts timestamp) returns timestamp immutable language sql as $$
  select ts + keel_emulator.part_interval(part, n) $$;
create function pg_catalog.dateadd(part text, n bigint, d date) returns timestamp immutable language sql as $$
  select d::timestamp + keel_emulator.part_interval(part, n) $$;
create function pg_catalog.dateadd(part text, n bigint, ts timestamptz) returns timestamptz immutable language sql as $$
  select ts + keel_emulator.part_interval(part, n) $$;
create function pg_catalog.datediff(part text, a timestamp, b timestamp) returns bigint immutable language sql as $$
  select keel_emulator.datediff_ts(part, a, b) $$;
create function pg_catalog.datediff(part text, a date, b date) returns bigint immutable language sql as $$
  select keel_emulator.datediff_ts(part, a::timestamp, b::timestamp) $$;
create function pg_catalog.datediff(part text, a timestamptz, b timestamptz) returns bigint immutable language sql as $$
  select keel_emulator.datediff_ts(part, a at time zone 'UTC', b at time zone 'UTC') $$;
create function pg_catalog.sha2(value text, bits int) returns varchar immutable strict language sql as $$
  select encode(case bits when 224 then sha224(convert_to(value, 'UTF8')) when 384 then sha384(convert_to(value, 'UTF8'))
    when 512 then sha512(convert_to(value, 'UTF8')) else sha256(convert_to(value, 'UTF8')) end, 'hex') $$;
-- C strtol, as Redshift documents it: leading white space, one sign, 0x when the base is 16, digits
-- up to the first that is not one; empty is 0; beyond the signed 64-bit range is an error
create function pg_catalog.strtol(num_string text, base int) returns bigint immutable strict language plpgsql as $$
declare
  rest text := ltrim(num_string, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13));
  negative boolean := false;
  total numeric := 0;
  digit int;
begin
  if base < 2 or base > 36 then raise exception 'STRTOL base must be an INTEGER between 2 and 36'; end if;
  if left(rest, 1) in ('+', '-') then
    negative := left(rest, 1) = '-';
    rest := substr(rest, 2);
  end if;
  if base = 16 and lower(left(rest, 2)) = '0x' then rest := substr(rest, 3); end if;
  for i in 1 .. length(rest) loop
    digit := strpos('0123456789abcdefghijklmnopqrstuvwxyz', lower(substr(rest, i, 1))) - 1;
    exit when digit < 0 or digit >= base;
    total := total * base + digit;
  end loop;
  if negative then total := -total; end if;
  if total not between -9223372036854775808 and 9223372036854775807 then
    raise exception 'STRTOL: the converted value of ''%'' is outside the signed 64-bit range', num_string;
  end if;
  return total::bigint;
end $$;
create function pg_catalog.len(value text) returns int immutable language sql as $$ select length(value) $$;
create function pg_catalog.charindex(needle text, haystack text) returns int immutable language sql as $$ select strpos(haystack, needle) $$;
create function pg_catalog.nvl2(value anyelement, if_not_null anycompatible, if_null anycompatible) returns anycompatible immutable language sql as $$
  select case when value is null then if_null else if_not_null end $$;
create function pg_catalog.trunc(ts timestamp) returns date immutable language sql as $$ select ts::date $$;
create function pg_catalog.convert_timezone(source text, target text, ts timestamp) returns timestamp stable language sql as $$
  select (ts at time zone source) at time zone target $$;
create function pg_catalog.convert_timezone(target text, ts timestamp) returns timestamp stable language sql as $$
  select (ts at time zone 'UTC') at time zone target $$;
-- a TIMESTAMPTZ is an instant: it converts from its own zone, the session's time zone plays no part
create function pg_catalog.convert_timezone(target text, ts timestamptz) returns timestamp stable language sql as $$
  select ts at time zone target $$;
-- a DATE converts to a TIMESTAMP (PostgreSQL would prefer TIMESTAMPTZ, in the session's zone)
create function pg_catalog.convert_timezone(target text, d date) returns timestamp stable language sql as $$
  select (d::timestamp at time zone 'UTC') at time zone target $$;
-- text converts implicitly to a TIMESTAMP on Redshift, not on PostgreSQL
create function pg_catalog.convert_timezone(target text, ts text) returns timestamp stable language sql as $$
  select (ts::timestamp at time zone 'UTC') at time zone target $$;

-- SVV_TABLES / SVV_COLUMNS list late-binding views too, also while what they read is missing
create view pg_catalog.svv_tables as
  select current_database()::varchar as table_catalog, table_schema::varchar, table_name::varchar, table_type::varchar, null::varchar as remarks
  from information_schema.tables
  where table_schema not in ('pg_catalog', 'information_schema', 'keel_emulator')
  union all
  select current_database(), l.schema_name, l.view_name, 'VIEW', null
  from keel_emulator.late_binding_views l
  where to_regclass(quote_ident(l.schema_name) || '.' || quote_ident(l.view_name)) is null;

create view pg_catalog.svv_columns as
  select current_database()::varchar as table_catalog, table_schema::varchar, table_name::varchar, column_name::varchar,
    ordinal_position::int, column_default::varchar, is_nullable::varchar,
    (case data_type when 'text' then 'character varying' else data_type end)::varchar as data_type,
    coalesce((regexp_match(domain_name, '^varchar_([0-9]+)$'))[1]::int, character_maximum_length)::int as character_maximum_length, numeric_precision::int, numeric_scale::int, null::varchar as remarks
  from information_schema.columns
  where table_schema not in ('pg_catalog', 'information_schema', 'keel_emulator');

create view pg_catalog.svv_table_info as
  select current_database()::varchar as database, n.nspname::varchar as schema, c.oid::int as table_id, c.relname::varchar as "table",
    (case coalesce(d.diststyle, 'auto') when 'key' then 'KEY(' || d.distkey || ')' when 'auto' then 'AUTO(EVEN)' else upper(d.diststyle) end)::varchar as diststyle,
    (case when d.sort_type = 'interleaved' then 'INTERLEAVED' else d.sortkeys[1] end)::varchar as sortkey1,
    coalesce(cardinality(d.sortkeys), 0)::int as sortkey_num
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join keel_emulator.table_design d on d.table_oid = c.oid
  where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'keel_emulator') and n.nspname not like 'pg\\_%';

-- COPY's refused rows (copy.ts), as SYS_LOAD_ERROR_DETAIL and STL_LOAD_ERRORS show them
create table keel_emulator.load_errors (
  query_id serial, file_name text, line_number bigint, column_name text, column_type text,
  raw_field_value text, raw_line text, error_message text, start_time timestamp default now());
create view pg_catalog.sys_load_error_detail as
  select query_id::bigint, file_name::varchar, line_number, column_name::varchar, column_type::varchar,
    raw_field_value::varchar, raw_line::varchar, error_message::varchar, start_time
  from keel_emulator.load_errors;
create view pg_catalog.stl_load_errors as
  select query_id::int as query, file_name::varchar as filename, line_number, column_name::varchar as colname,
    column_type::varchar as type, raw_field_value::varchar, raw_line::varchar, error_message::varchar as err_reason, start_time as starttime
  from keel_emulator.load_errors;

set allow_system_table_mods = off;
`;
