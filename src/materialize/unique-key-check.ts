import { sql } from 'kysely';
import { KeelError } from '../core/errors.js';
import type { Relation } from '../core/relation.js';
import { run, type BuildContext } from './context.js';

/** Where the rows checked come from, for the message. */
export type CheckedRows = 'the new rows' | 'the built table';

/**
 * Fails the node when `rel` holds two rows with the same `unique_key`: a merge or delete+insert
 * would then drop or duplicate rows without a word. Rows with a NULL key column are left out, as
 * the `unique` test leaves them out (a NULL key never matches, so such rows are only ever inserted).
 * One query when the keys are unique; a second one finds an example when they are not.
 */
export async function assertUniqueKey(ctx: BuildContext, rel: Relation, uniqueKey: string[], what: CheckedRows): Promise<void> {
  const { db, dialect } = ctx.engine;
  const keys = uniqueKey.map((k) => sql.id(k));
  const repeating = db
    .selectFrom(sql.raw(dialect.quoteRelation(rel)).as('keel_checked') as never)
    .select([...keys.map((k, i) => k.as(`keel_key_${i}`)), sql<number>`count(*)`.as('keel_rows')])
    .where((eb) => eb.and(keys.map((k) => eb(k as never, 'is not', null))))
    .groupBy(keys as never)
    .having(sql`count(*)`, '>', sql.lit(1));
  const counted = await run(ctx, db.selectFrom(repeating.as('keel_repeating')).select(sql<number>`count(*)`.as('n')).compile().sql);
  const repeats = Number(counted.rows[0]?.n ?? 0);
  if (!repeats) return;
  const example = (await run(ctx, repeating.orderBy(sql`count(*)`, 'desc').limit(sql.lit(1)).compile().sql)).rows[0] ?? {};
  const key = uniqueKey.map((k, i) => `${k}=${literalText(example[`keel_key_${i}`])}`).join(', ');
  throw new KeelError(
    `unique_key (${uniqueKey.join(', ')}) is not unique in ${what}: ${repeats} ${repeats === 1 ? 'key repeats' : 'keys repeat'}, e.g. ${key} (${Number(example.keel_rows)} rows)`,
    {
      location: { file: ctx.node.path },
      hint: 'Nothing was applied: the table is as it was. Make the model return one row per unique_key, or change unique_key.',
    },
  );
}

function literalText(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return String(value);
}
