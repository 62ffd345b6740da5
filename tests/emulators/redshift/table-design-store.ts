import type { PGlite } from '@electric-sql/pglite';
import type { QName, TableDesign } from './sql/table-attributes.js';

/** DISTSTYLE/DISTKEY/SORTKEY of a created table, kept by its oid so that renames carry it along. */
export async function recordTableDesign(pg: PGlite, table: QName, design: TableDesign): Promise<void> {
  await pg.query(
    `insert into keel_emulator.table_design (table_oid, diststyle, distkey, sortkeys, sort_type, backup)
     values (to_regclass($1)::oid, $2, $3, $4, $5, $6)
     on conflict (table_oid) do update set diststyle = excluded.diststyle, distkey = excluded.distkey,
       sortkeys = excluded.sortkeys, sort_type = excluded.sort_type, backup = excluded.backup`,
    [
      `"${(table.schema ?? 'public').replaceAll('"', '""')}"."${table.name.replaceAll('"', '""')}"`,
      design.diststyle ?? null,
      design.distkey ?? null,
      design.sortkeys ?? null,
      design.sortType ?? null,
      design.backup ?? null,
    ],
  );
}

export interface LiveTableDesign {
  diststyle: string | null;
  distkey: string | null;
  sortkeys: string[] | null;
  sortType: string | null;
}

export async function readTableDesign(pg: PGlite, schema: string, table: string): Promise<LiveTableDesign | null> {
  const { rows } = await pg.query<{ diststyle: string | null; distkey: string | null; sortkeys: string[] | null; sort_type: string | null }>(
    `select d.diststyle, d.distkey, d.sortkeys, d.sort_type from pg_class c join pg_namespace n on n.oid = c.relnamespace
     left join keel_emulator.table_design d on d.table_oid = c.oid where n.nspname = $1 and c.relname = $2 and c.relkind = 'r'`,
    [schema, table],
  );
  const r = rows[0];
  return r ? { diststyle: r.diststyle, distkey: r.distkey, sortkeys: r.sortkeys, sortType: r.sort_type } : null;
}
