import { sql, type Kysely } from 'kysely';
import type { Engine, LockAttempt, LockHolder } from '../engine.js';

/** One row while a build holds the target: who, since when. */
const LOCK_TABLE = 'keel_build_lock';

/**
 * The build lock of a Redshift target: a one-row table in the target schema, taken in one
 * transaction (BatchExecuteStatement) that LOCKs the table, clears a holder older than
 * `maxAgeSeconds` (a killed build), inserts us only when no row is left, and reads who holds it.
 * The table lock serializes two builds trying at once; Redshift's serializable isolation
 * would otherwise let both see an empty table.
 */
export async function tryAcquireBuildLock(engine: Engine, schema: string, holder: LockHolder, maxAgeSeconds: number): Promise<LockAttempt> {
  const db: Kysely<any> = engine.db;
  const table = sql.id(schema, LOCK_TABLE);
  const staleBefore = new Date(Date.now() - maxAgeSeconds * 1000);
  const statements = [
    db.schema
      .withSchema(schema)
      .createTable(LOCK_TABLE)
      .ifNotExists()
      .addColumn('invocation_id', 'varchar(64)')
      .addColumn('pid', 'integer')
      .addColumn('host', 'varchar(256)')
      .addColumn('command', 'varchar(64)')
      .addColumn('started_at', 'timestamp'),
    sql`lock ${table}`,
    db.withSchema(schema).deleteFrom(LOCK_TABLE).where('started_at', '<', staleBefore),
    db
      .withSchema(schema)
      .insertInto(LOCK_TABLE)
      .columns(['invocation_id', 'pid', 'host', 'command', 'started_at'])
      .expression(
        db
          .selectFrom(sql`(select count(*) as held from ${table})`.as('current'))
          .select([
            sql.lit(holder.invocationId).as('invocation_id'),
            sql.lit(holder.pid).as('pid'),
            sql.lit(holder.host).as('host'),
            sql.lit(holder.command).as('command'),
            sql`cast(${sql.lit(holder.startedAt.replace('T', ' ').replace('Z', ''))} as timestamp)`.as('started_at'),
          ])
          .where('held', '=', 0),
      ),
    db.withSchema(schema).selectFrom(LOCK_TABLE).select(['invocation_id', 'pid', 'host', 'command', 'started_at']),
  ].map((q) => q.compile(db).sql);
  const results = await engine.transaction(statements, { label: `keel build lock ${holder.invocationId}` });
  const row = results.at(-1)?.rows[0];
  if (row?.invocation_id === holder.invocationId) {
    return {
      acquired: true,
      release: async () => {
        await engine.execute(
          db.withSchema(schema).deleteFrom(LOCK_TABLE).where('invocation_id', '=', holder.invocationId).compile().sql,
        );
      },
    };
  }
  return { acquired: false, holder: row ? toHolder(row) : undefined };
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
