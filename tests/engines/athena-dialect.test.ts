import { describe, expect, it } from 'vitest';
import { AthenaDialect } from '../../src/engines/athena/index.js';
import { tableLayout } from '../../src/engines/athena/table-layout.js';
import { trinoLiteral } from '../../src/engines/athena/trino-literal.js';

const dialect = new AthenaDialect({ dataDir: 's3://lake/warehouse/', tableType: 'iceberg' });
const rel = { schema: 'marts', identifier: 'orders__keel_tmp' };

describe('Athena dialect (Trino SQL, Hive DDL)', () => {
  it('writes literals as Trino reads them', () => {
    expect(trinoLiteral("it's")).toBe("'it''s'");
    expect(trinoLiteral('a\\b')).toBe("'a\\b'");
    expect(trinoLiteral(3)).toBe('3');
    expect(trinoLiteral(1.5)).toBe("DOUBLE '1.5'");
    expect(trinoLiteral(true)).toBe('TRUE');
    expect(trinoLiteral(null)).toBe('NULL');
    expect(trinoLiteral(new Date('2025-01-02T03:04:05.006Z'))).toBe("TIMESTAMP '2025-01-02 03:04:05.006'");
    expect(trinoLiteral(['a', 1])).toBe("ARRAY['a', 1]");
    expect(() => trinoLiteral(Number.NaN)).toThrow();
  });

  it('quotes Trino names with double quotes and Hive DDL names with backquotes', () => {
    expect(dialect.quoteRelation({ database: 'awsdatacatalog', schema: 'marts', identifier: 'a"b' })).toBe('"awsdatacatalog"."marts"."a""b"');
    expect(dialect.createSchema('marts')).toBe('CREATE DATABASE IF NOT EXISTS `marts`');
    expect(dialect.dropRelation(rel, 'table')).toBe('DROP TABLE IF EXISTS `marts`.`orders__keel_tmp`');
    expect(dialect.dropRelation(rel, 'view')).toBe('DROP VIEW IF EXISTS "marts"."orders__keel_tmp"');
    expect(() => dialect.renameRelation(rel, 'x', 'view')).toThrow(/cannot rename a view/);
  });

  it('creates Iceberg and Hive tables into a fresh folder of the model', () => {
    const iceberg = dialect.createTableAs(rel, 'SELECT 1 AS id', { config: { partitioning: ['day(ordered_at)', 'bucket(id, 8)'] } });
    expect(iceberg).toMatch(
      /^CREATE TABLE "marts"."orders__keel_tmp"\nWITH \(table_type = 'ICEBERG', is_external = false, location = 's3:\/\/lake\/warehouse\/marts\/orders\/[0-9a-f-]{36}\/', format = 'PARQUET', partitioning = ARRAY\['day\(ordered_at\)', 'bucket\(id, 8\)'\]\)\nAS\nSELECT 1 AS id$/,
    );
    const hive = dialect.createTableAs(rel, 'SELECT 1 AS id, 2 AS day', {
      config: { table_type: 'hive', partitioned_by: ['day'], bucketed_by: ['id'], bucket_count: 4 },
    });
    expect(hive).toContain("table_type = 'HIVE', external_location = 's3://lake/warehouse/marts/orders/");
    expect(hive).toContain("partitioned_by = ARRAY['day'], bucketed_by = ARRAY['id'], bucket_count = 4");
    expect(dialect.ctasLocation(hive)).toMatch(/^s3:\/\/lake\/warehouse\/marts\/orders\/[0-9a-f-]{36}\/$/);
    expect(dialect.createTableAs(rel, 'SELECT 1')).not.toBe(dialect.createTableAs(rel, 'SELECT 1'));
  });

  it('refuses table properties that do not fit the table type', () => {
    expect(() => tableLayout({ bucketed_by: ['id'], bucket_count: 2 }, 'iceberg')).toThrow(/bucketed_by is for Hive/);
    expect(() => tableLayout({ table_type: 'hive', partitioning: ['day(ts)'] }, 'iceberg')).toThrow(/for Iceberg/);
    expect(() => tableLayout({ table_type: 'hive', partitioned_by: ['day(ts)'] }, 'iceberg')).toThrow(/plain columns/);
    expect(() => tableLayout({ table_type: 'hive', bucketed_by: ['id'] }, 'iceberg')).toThrow(/bucket_count/);
    expect(() => tableLayout({ format: 'textfile' }, 'iceberg')).toThrow(/not available for Iceberg/);
    expect(tableLayout({ partitioned_by: ['day(ts)'] }, 'iceberg').partitioning).toEqual(['day(ts)']);
  });

  it('merges on the unique key, narrowed by incremental predicates', () => {
    const [merge] = dialect.merge({ schema: 'marts', identifier: 'orders' }, rel, ['id'], ['id', 'v'], { predicates: ["target.day >= date '2025-01-01'"] });
    expect(merge).toBe(
      `merge into "marts"."orders" as "target" using "marts"."orders__keel_tmp" as "source" on "target"."id" = "source"."id" and (target.day >= date '2025-01-01') when matched then update set "v" = "source"."v" when not matched then insert ("id", "v") values ("source"."id", "source"."v")`,
    );
  });

  it('overwrites partitions and replaces keys in one MERGE each', () => {
    const layout = tableLayout({ partitioning: ['day(at)'] }, 'iceberg');
    const [overwrite] = dialect.overwritePartitions({ schema: 'marts', identifier: 'orders' }, rel, layout, ['id', 'at']);
    expect(overwrite).toContain(`ON "source"."__keel_op" = 'key' AND date_trunc('day', "target"."at") IS NOT DISTINCT FROM "source"."__keel_key_0"`);
    expect(overwrite).toContain(`SELECT DISTINCT NULL AS "id", NULL AS "at", date_trunc('day', "at") AS "__keel_key_0", 'key' AS "__keel_op"`);
    expect(overwrite).toContain('WHEN MATCHED THEN DELETE');
    expect(() =>
      dialect.overwritePartitions({ schema: 'marts', identifier: 'orders' }, rel, tableLayout({ partitioning: ['bucket(id, 4)'] }, 'iceberg'), ['id']),
    ).toThrow(/cannot tell the partitions/);
    const [replace] = dialect.deleteInsert!({ schema: 'marts', identifier: 'orders' }, rel, ['id'], ['id', 'at']);
    expect(replace).toContain(`"target"."id" = "source"."__keel_key_0"`);
    // incremental_predicates: applied by merge, refused by delete+insert rather than ignored
    expect(dialect.merge({ schema: 'marts', identifier: 'orders' }, rel, ['id'], ['id', 'at'], { predicates: ['target.at > 0'] })[0]).toContain(
      '(target.at > 0)',
    );
    expect(() => dialect.deleteInsert!({ schema: 'marts', identifier: 'orders' }, rel, ['id'], ['id', 'at'], { predicates: ['target.at > 0'] })).toThrow(
      /incremental_predicates are not supported with delete\+insert on Athena/,
    );
  });

  it('finds the target of an INSERT and types columns for Iceberg', () => {
    expect(dialect.insertTarget(dialect.insertInto({ schema: 'm"x', identifier: 'o' }, 'SELECT 1', ['id']))).toEqual({ schema: 'm"x', identifier: 'o' });
    expect(dialect.type('timestamp')).toBe('TIMESTAMP(6)');
    expect(new AthenaDialect({ dataDir: 's3://x/', tableType: 'hive' }).type('timestamp')).toBe('TIMESTAMP');
  });
});
