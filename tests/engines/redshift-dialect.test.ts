import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import { RedshiftDialect } from '../../src/engines/redshift/index.js';

const d = new RedshiftDialect();
const rel = (identifier: string, schema = 'marts') => ({ schema, identifier });
const flat = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('RedshiftDialect', () => {
  it('writes table attributes from dist, sort and sort_type', () => {
    expect(flat(d.createTableAs(rel('t'), 'select 1 as id', { config: { dist: 'person_id', sort: ['ordered_at', 'order_id'] } }))).toBe(
      'create table "marts"."t" diststyle key distkey("person_id") compound sortkey("ordered_at", "order_id") as select 1 as id',
    );
    expect(flat(d.createTableAs(rel('t'), 'select 1', { config: { dist: 'EVEN', sort: 'ts', sort_type: 'interleaved' } }))).toBe(
      'create table "marts"."t" diststyle even interleaved sortkey("ts") as select 1',
    );
    expect(flat(d.createTableAs(rel('t'), 'select 1', { config: { dist: 'auto' } }))).toBe('create table "marts"."t" diststyle auto as select 1');
    expect(flat(d.createTableAs(rel('t'), 'select 1'))).toBe('create table "marts"."t" as select 1');
    expect(() => d.createTableAs(rel('t'), 'select 1', { config: { sort: [], dist: 'id' } })).toThrow(/sort must name/);
    expect(() => d.createTableAs(rel('t'), 'select 1', { config: { sort: 'a', sort_type: 'zigzag' } })).toThrow(/sort_type/);
    expect(() => d.createTableAs(rel('t'), 'select 1', { config: { sort: 'abcdefghi'.split(''), sort_type: 'interleaved' } })).toThrow(/at most 8/);
  });

  it('makes views late-binding unless bind: true, on lines of their own after the model SQL', () => {
    expect(d.createViewAs(rel('v'), 'select 1 -- note')).toBe('create view "marts"."v" as\nselect 1 -- note\nwith no schema binding');
    expect(d.createViewAs(rel('v'), 'select 1', { config: { bind: true } })).toBe('create view "marts"."v" as\nselect 1');
  });

  it('renames tables and views with ALTER TABLE and drops without CASCADE', () => {
    expect(d.renameRelation(rel('v'), 'v__keel_backup', 'view')).toBe('alter table "marts"."v" rename to "v__keel_backup"');
    expect(d.dropRelation(rel('t'), 'table')).toBe('drop table if exists "marts"."t"');
    expect(d.dropRelation(rel('v'), 'view')).toBe('drop view if exists "marts"."v"');
  });

  it('merges without a target alias, and keeps a WHEN MATCHED clause when every column is a key', () => {
    expect(d.merge(rel('t'), rel('t__keel_tmp'), ['id'], ['id', 'v'])).toEqual([
      'merge into "marts"."t" using "marts"."t__keel_tmp" as "source" on "marts"."t"."id" = "source"."id" when matched then update set "v" = "source"."v" when not matched then insert ("id", "v") values ("source"."id", "source"."v")',
    ]);
    expect(d.merge(rel('t'), rel('s'), ['a', 'b'], ['a', 'b'])[0]).toContain('when matched then update set "a" = "source"."a" when not matched');
    expect(() => d.merge(rel('t'), rel('s'), [], ['a'])).toThrow(/unique_key/);
  });

  it('refuses incremental_predicates with a clear error rather than ignoring them', () => {
    const opts = { predicates: ['target.day >= 0'] };
    expect(() => d.merge(rel('t'), rel('s'), ['id'], ['id', 'v'], opts)).toThrow(KeelError);
    expect(() => d.deleteInsert(rel('t'), rel('s'), ['id'], ['id', 'v'], opts)).toThrow(/incremental_predicates are not supported on Redshift/);
    expect(d.merge(rel('t'), rel('s'), ['id'], ['id', 'v'], { predicates: [] })).toHaveLength(1);
  });

  it('deletes by key then inserts for delete+insert', () => {
    expect(d.deleteInsert(rel('t'), rel('t__keel_tmp'), ['id', 'day'], ['id', 'day', 'v'])).toEqual([
      'delete from "marts"."t" using "marts"."t__keel_tmp" as "source" where "marts"."t"."id" = "source"."id" and "marts"."t"."day" = "source"."day"',
      'insert into "marts"."t" ("id", "day", "v") select "source"."id" as "id", "source"."day" as "day", "source"."v" as "v" from "marts"."t__keel_tmp" as "source"',
    ]);
  });

  it('quotes names and literals the Redshift way (backslashes are escapes there)', () => {
    expect(d.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(d.quoteRelation({ database: 'dev', schema: 's', identifier: 't' })).toBe('"dev"."s"."t"');
    expect(d.literal("it's C:\\dir")).toBe("'it''s C:\\\\dir'");
    expect(d.literal(null)).toBe('null');
    expect(d.literal(2.5)).toBe('2.5');
    expect(() => d.literal(Number.NaN)).toThrow();
    expect(d.type('string')).toBe('VARCHAR(65535)');
    expect(d.type('double')).toBe('DOUBLE PRECISION');
    expect(d.maxStatementBytes).toBe(100_000);
  });
});
