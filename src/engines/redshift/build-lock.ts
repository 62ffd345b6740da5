import { sql, type Kysely } from 'kysely';
import type { LockHolder, QueryResult } from '../engine.js';

/** Beside keel's run history, out of the way of the schemas people query. */
const LOCK_SCHEMA = 'keel_meta';
/** One row per target schema while a build holds it: who, since when. */
const LOCK_TABLE = 'keel_build_lock';

/**
 * The build lock of a Redshift target (its database and schema): a row in keel_meta.keel_build_lock,
 * taken in one transaction (BatchExecuteStatement) that LOCKs the table, clears a holder older
 * than `maxAgeSeconds` (a killed build), inserts us only when the target has no row left, and
 * reads who holds it. The table lock serializes two builds trying at once; Redshift's
 * serializable isolation would otherwise let both see no row.
 */
export function buildLockStatements(db: Kysely<any>, targetSchema: string, holder: LockHolder, maxAgeSeconds: number): { acquire: string[]; release: string } {
  const locks = () => db.withSchema(LOCK_SCHEMA);
  const table = sql.id(LOCK_SCHEMA, LOCK_TABLE);
  const staleBefore = new Date(Date.now() - maxAgeSeconds * 1000);
  const statements = [
    db.schema.createSchema(LOCK_SCHEMA).ifNotExists(),
    db.schema
      .withSchema(LOCK_SCHEMA)
      .createTable(LOCK_TABLE)
      .ifNotExists()
      .addColumn('target_schema', 'varchar(127)')
      .addColumn('invocation_id', 'varchar(64)')
      .addColumn('pid', 'integer')
      .addColumn('host', 'varchar(256)')
      .addColumn('command', 'varchar(64)')
      .addColumn('started_at', 'timestamp'),
    sql`lock ${table}`,
    locks().deleteFrom(LOCK_TABLE).where('target_schema', '=', targetSchema).where('started_at', '<', staleBefore),
    locks()
      .insertInto(LOCK_TABLE)
      .columns(['target_schema', 'invocation_id', 'pid', 'host', 'command', 'started_at'])
      .expression(
        db
          .selectFrom(sql`(select count(*) as held from ${table} where target_schema = ${targetSchema})`.as('current'))
          .select([
            sql.lit(targetSchema).as('target_schema'),
            sql.lit(holder.invocationId).as('invocation_id'),
            sql.lit(holder.pid).as('pid'),
            sql.lit(holder.host).as('host'),
            sql.lit(holder.command).as('command'),
            sql`cast(${sql.lit(holder.startedAt.replace('T', ' ').replace('Z', ''))} as timestamp)`.as('started_at'),
          ])
          .where('held', '=', 0),
      ),
    locks().selectFrom(LOCK_TABLE).select(['invocation_id', 'pid', 'host', 'command', 'started_at']).where('target_schema', '=', targetSchema),
  ].map((q) => q.compile(db).sql);
  const release = locks().deleteFrom(LOCK_TABLE).where('target_schema', '=', targetSchema).where('invocation_id', '=', holder.invocationId);
  return { acquire: statements, release: release.compile().sql };
}

/** The holder the last acquire statement read: ours when the lock was taken. */
export function lockHolderOf(result: QueryResult | undefined): LockHolder | undefined {
  const row = result?.rows[0];
  return row ? toHolder(row) : undefined;
}

function toHolder(row: Record<string, unknown>): LockHolder {
  const started = row.started_at;
  return {
    invocationId: String(row.invocation_id),
    pid: Number(row.pid),
    host: String(row.host),
    command: String(row.command),
    startedAt: started instanceof Date ? started.toISOString() : String(started),
  };
}
