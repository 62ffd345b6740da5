import { sql, type ExpressionBuilder, type QueryCreator } from 'kysely';
import type { SyncTables } from '../state/tables.js';

/**
 * Filter for rows of `keel_sync_delta as d`: the id is not opted out (consent withdrawn) in the
 * same run. Consent wins: an id opting out in a run is never also sent as a member in it.
 */
export function notOptedOutInRun(runId: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return ({ not, exists, selectFrom }: ExpressionBuilder<any, any>) =>
    not(
      exists(
        selectFrom('keel_sync_delta as o')
          .select(sql.lit(1).as('one'))
          .where('o.run_id', '=', runId)
          .where('o.change', '=', 'remove')
          .where('o.reason', '=', 'consent_withdrawn')
          .whereRef('o.id_type', '=', 'd.id_type')
          .whereRef('o.userid', '=', 'd.userid'),
      ),
    );
}

/** Whether the run opts any id out (consent withdrawn): only then do the filters above apply. */
export async function runHasOptouts(q: QueryCreator<SyncTables>, runId: string): Promise<boolean> {
  const rows = await q
    .selectFrom('keel_sync_delta')
    .select(sql.lit(1).as('one'))
    .where('run_id', '=', runId)
    .where('change', '=', 'remove')
    .where('reason', '=', 'consent_withdrawn')
    .where('userid', 'is not', null)
    .limit(1)
    .execute();
  return rows.length > 0;
}
