import type { PGlite } from '@electric-sql/pglite';
import type { QName } from './sql/table-attributes.js';

const DEFAULT_SCHEMA = 'public';
/** errors that mean "what the view reads is not there (yet)", which a late-binding view tolerates */
const UNRESOLVED = new Set(['42P01', '3F000', '42703', '42883']);

const qualified = (q: QName) => `${ident(q.schema ?? DEFAULT_SCHEMA)}.${ident(q.name)}`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * Late-binding views (WITH NO SCHEMA BINDING) on PostgreSQL, whose views are bound to their
 * tables by oid. Each one is kept in keel_emulator.late_binding_views and exists in PostgreSQL
 * only while what it reads exists: before a table it reads is renamed or dropped, the view is
 * dropped, and after every DDL statement views whose tables exist again are re-created from
 * their text. So, as on Redshift, a view reads whatever table has its name at query time, and
 * one whose table is missing is still listed (SVV_TABLES) but fails when queried.
 *
 * Everything runs inside the statement's transaction (savepoints around each attempt), so a
 * rolled-back batch also rolls back the bookkeeping.
 */
export class LateBindingViews {
  /** why each view last failed to bind, by `schema.view`: what a query of it reports, as on Redshift */
  private readonly bindErrors = new Map<string, string>();

  constructor(private readonly pg: PGlite) {}

  /**
   * A query of a view that is not bound fails in PostgreSQL with "relation ... does not exist";
   * Redshift resolves the view at query time and reports what is missing inside it instead.
   */
  explain(error: Error): Error {
    const name = /relation "([^"]+)" does not exist/.exec(error.message)?.[1];
    const reason = name && (this.bindErrors.get(name) ?? this.bindErrors.get(`${DEFAULT_SCHEMA}.${name}`));
    return reason ? Object.assign(new Error(reason), { code: (error as { code?: string }).code }) : error;
  }

  /** CREATE VIEW ... WITH NO SCHEMA BINDING; `or replace` drops the old definition first. */
  async create(view: QName, columns: string, body: string, orReplace: boolean): Promise<void> {
    const schema = view.schema ?? DEFAULT_SCHEMA;
    if (orReplace) {
      await this.detachDependentsOf(view);
      await this.pg.query(`drop view if exists ${qualified(view)}`);
    } else if ((await this.exists(view)) || (await this.isRegistered(view))) {
      throw Object.assign(new Error(`relation "${view.name}" already exists`), { code: '42P07' });
    }
    await this.pg.query(
      `insert into keel_emulator.late_binding_views (schema_name, view_name, columns, body) values ($1, $2, $3, $4)
       on conflict (schema_name, view_name) do update set columns = excluded.columns, body = excluded.body`,
      [schema, view.name, columns, body],
    );
    const error = await this.tryCreate(schema, view.name, columns, body);
    // a syntax error fails the CREATE on Redshift too; missing tables or columns do not
    if (error && !UNRESOLVED.has(error.code ?? '')) throw error;
  }

  /** Drops the late-binding views that (through other views) read `rel`, to be re-created after the DDL. */
  async detachDependentsOf(rel: QName): Promise<void> {
    const { rows } = await this.pg.query<{ schema_name: string; view_name: string }>(
      `with recursive dependents(oid) as (
         select r.ev_class from pg_depend d join pg_rewrite r on r.oid = d.objid
         where d.classid = 'pg_rewrite'::regclass and d.refobjid = to_regclass($1) and r.ev_class <> d.refobjid
         union
         select r.ev_class from dependents x join pg_depend d on d.refobjid = x.oid and d.classid = 'pg_rewrite'::regclass
         join pg_rewrite r on r.oid = d.objid where r.ev_class <> d.refobjid)
       select l.schema_name, l.view_name from dependents x
       join pg_class c on c.oid = x.oid join pg_namespace n on n.oid = c.relnamespace
       join keel_emulator.late_binding_views l on l.schema_name = n.nspname and l.view_name = c.relname`,
      [qualified(rel)],
    );
    if (rows.length) await this.pg.query(`drop view ${rows.map((r) => qualified({ schema: r.schema_name, name: r.view_name })).join(', ')}`);
  }

  async isRegistered(view: QName): Promise<boolean> {
    const { rows } = await this.pg.query('select 1 from keel_emulator.late_binding_views where schema_name = $1 and view_name = $2', [
      view.schema ?? DEFAULT_SCHEMA,
      view.name,
    ]);
    return rows.length > 0;
  }

  async exists(rel: QName): Promise<boolean> {
    const { rows } = await this.pg.query<{ oid: unknown }>('select to_regclass($1) as oid', [qualified(rel)]);
    return rows[0]?.oid !== null;
  }

  async forget(view: QName): Promise<void> {
    await this.pg.query('delete from keel_emulator.late_binding_views where schema_name = $1 and view_name = $2', [view.schema ?? DEFAULT_SCHEMA, view.name]);
  }

  async renamed(from: QName, to: string): Promise<void> {
    await this.pg.query('update keel_emulator.late_binding_views set view_name = $3 where schema_name = $1 and view_name = $2', [
      from.schema ?? DEFAULT_SCHEMA,
      from.name,
      to,
    ]);
  }

  /** Re-creates every registered view that is missing and can be created now, until none more can. */
  async bindPending(): Promise<void> {
    for (;;) {
      const { rows } = await this.pg.query<{ schema_name: string; view_name: string; columns: string; body: string }>(
        `select schema_name, view_name, columns, body from keel_emulator.late_binding_views
         where to_regclass(quote_ident(schema_name) || '.' || quote_ident(view_name)) is null order by 1, 2`,
      );
      let created = 0;
      for (const r of rows) if (!(await this.tryCreate(r.schema_name, r.view_name, r.columns, r.body))) created++;
      if (!created) return;
    }
  }

  /** null when created; the PostgreSQL error otherwise (rolled back to a savepoint, the transaction goes on). */
  private async tryCreate(schema: string, name: string, columns: string, body: string): Promise<(Error & { code?: string }) | null> {
    await this.pg.query('savepoint keel_late_binding');
    try {
      await this.pg.query(`create view ${qualified({ schema, name })} ${columns} as ${body}`);
      await this.pg.query('release savepoint keel_late_binding');
      this.bindErrors.delete(`${schema}.${name}`);
      return null;
    } catch (e) {
      await this.pg.query('rollback to savepoint keel_late_binding');
      this.bindErrors.set(`${schema}.${name}`, (e as Error).message);
      return e as Error & { code?: string };
    }
  }
}
