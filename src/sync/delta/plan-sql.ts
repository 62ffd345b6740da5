import { sql, type Expression, type Kysely, type QueryCreator } from 'kysely';
import type { Relation } from '../../core/relation.js';
import type { IdentifierSpec } from '../../project/sync-schema.js';
import { identifierSql } from '../identifiers.js';
import type { SyncSql } from '../../engines/sync-sql.js';
import { col, relationRef } from '../sql/relation-ref.js';

/** One segment of a run, as the delta SQL sees it (the input contract of the sync). */
export interface SegmentDeltaInput {
  runId: string;
  segment: string;
  endpoint: string;
  /** current members: the person key and the identifier columns */
  members: Relation;
  /** membership history: person key, entered_at, exited_at (null while a member), optional exit reason */
  history: Relation;
  personKey: string;
  /** the history column saying why a member left ('rule' | 'consent_withdrawn'), when it has one */
  reasonColumn: string | null;
  identifiers: IdentifierSpec[];
  /** send every current id, not only the ones Lotame lacks */
  full: boolean;
}

/**
 * Where the run's time bounds come from: `live` reads them from the warehouse now (planning, dry
 * runs); `planned` from the run's row, so a resumed run diffs exactly what it planned.
 */
export type Bounds = 'live' | 'planned';

const RUNS = 'keel_sync_runs';
const IDENTITIES = 'keel_sync_identities';

/**
 * The CTEs every delta query starts from, all computed in the warehouse:
 * - `bounds`: `as_of` (the history's latest time) and `since` (as_of of the last acknowledged run);
 * - `state`: per person, member at as_of (`now`), at since (`before`), and whether an exit in
 *   between was a consent withdrawal, from one aggregation of the history intervals;
 * - `ledger`: the ids Lotame has from us for this segment;
 * - `removed`: who Lotame may still hold as a member and no longer is one (member before, or with
 *   ids in the ledger, and not now), `consent_withdrawn` when an exit since then says so;
 * - `ids` / `cur_ids`: every configured identifier of the members relation, normalized, validated
 *   and fingerprinted (the SHA-256 is taken later, only of what is sent); those of current members.
 */
export function deltaCtes(db: Kysely<any>, schema: string, f: SyncSql, p: SegmentDeltaInput, bounds: Bounds): QueryCreator<any> {
  const hk = col('h', p.personKey);
  return (
    withBounds(db, schema, p, bounds)
      .with('hist', (qb) =>
        qb
          .selectFrom(relationRef(p.history).as('h'))
          .select([
            f.asText(hk).as('person_key'),
            col('h', 'entered_at').as('entered_at'),
            col('h', 'exited_at').as('exited_at'),
            (p.reasonColumn ? f.asText(col('h', p.reasonColumn)) : sql<string>`cast(null as varchar)`).as('reason'),
          ]),
      )
      // one pass over the history gives every person's state: member now, member at the last
      // acknowledged run, withdrew consent in between; materialized, where the engine takes the hint,
      // because it is read several times
      .with(
        (cte) => (f.materializedCtes ? cte('state').materialized() : cte('state')),
        (qb) =>
          qb
            .selectFrom('hist')
            .crossJoin('bounds')
            .select([
              'hist.person_key',
              sql<boolean>`bool_or(hist.entered_at <= bounds.as_of and (hist.exited_at is null or hist.exited_at > bounds.as_of))`.as('now'),
              sql<boolean>`bool_or(bounds.since is not null and hist.entered_at <= bounds.since and (hist.exited_at is null or hist.exited_at > bounds.since))`.as(
                'before',
              ),
              sql<boolean>`bool_or(hist.reason = ${sql.lit('consent_withdrawn')} and hist.exited_at <= bounds.as_of and (bounds.since is null or hist.exited_at > bounds.since))`.as(
                'withdrew',
              ),
            ])
            .groupBy('hist.person_key'),
      )
      .with('ledger', (qb) =>
        qb
          .selectFrom(IDENTITIES)
          .select(['person_key', 'id_type', 'userid', 'source_hash'])
          .where('endpoint', '=', p.endpoint)
          .where('segment', '=', p.segment),
      )
      // who Lotame may still hold as a member and no longer is one: members at the last acknowledged
      // run, and anyone with ids in the ledger (whatever the history says now), who are not members
      .with('removed', (qb) =>
        qb
          .selectFrom((sub) =>
            sub
              .selectFrom('state')
              .select('person_key')
              .where('before', '=', true)
              .where('now', '=', false)
              .union(
                sub
                  .selectFrom('ledger as l')
                  .leftJoin('state as s', 's.person_key', 'l.person_key')
                  .select('l.person_key')
                  .where(sql<boolean>`coalesce(${sql.ref('s.now')}, false) = false`),
              )
              .as('g'),
          )
          .leftJoin('state as s', 's.person_key', 'g.person_key')
          .select(['g.person_key', sql<string>`case when s.withdrew then ${sql.lit('consent_withdrawn')} else ${sql.lit('rule')} end`.as('reason')]),
      )
      .with('ids', (qb) => {
        // one branch per identifier column; normalized once in a subquery, then validated and hashed
        const parts = p.identifiers.map((spec) => {
          const id = identifierSql(f, spec.type, col('m', spec.column));
          const n = col('x', 'n');
          return qb
            .selectFrom((sub) =>
              sub
                .selectFrom(relationRef(p.members).as('m'))
                .select([f.asText(col('m', p.personKey)).as('person_key'), id.normalized.as('n')])
                .where(sql<boolean>`${col('m', spec.column)} is not null`)
                .as('x'),
            )
            .select([
              'x.person_key',
              sql.lit(id.wire).as('id_type'),
              'x.n',
              f.fingerprint(n).as('h'),
              id.valid(n).as('valid'),
              sql.lit(spec.type).as('source_type'),
            ]);
        });
        return parts.slice(1).reduce((acc, q) => acc.unionAll(q), parts[0]!);
      })
      .with('cur_ids', (qb) =>
        // identifiers of current members; two columns of one id type may give one pair twice
        qb
          .selectFrom('ids')
          .innerJoin('state', 'state.person_key', 'ids.person_key')
          .where('state.now', '=', true)
          .select(['ids.person_key', 'ids.id_type', 'ids.n', 'ids.h', 'ids.valid', 'ids.source_type'])
          .$if(hasRepeatedWireType(p), (q) => q.distinct()),
      )
  );
}

/** The value sent for a normalized source value `n` of the identifier type named by `type` (a column). */
function useridOf(f: SyncSql, p: SegmentDeltaInput, n: Expression<unknown>, type: Expression<unknown>) {
  const kinds = [...new Set(p.identifiers.map((i) => i.type))];
  if (kinds.length === 1) return identifierSql(f, kinds[0]!, n).userid(n);
  // several id types in one union: pick the conversion by the row's source type
  return sql<string>`case ${sql.join(
    kinds.map((k) => sql`when ${type} = ${sql.lit(k)} then ${identifierSql(f, k, n).userid(n)}`),
    sql` `,
  )} end`;
}

/** More than one identifier column sending the same id type (two email columns). */
function hasRepeatedWireType(p: SegmentDeltaInput): boolean {
  const wires = p.identifiers.map((i) => (i.type === 'maid' ? 'maid' : 'email_sha256'));
  return new Set(wires).size < wires.length;
}

/**
 * The `bounds` CTE alone: `as_of` is the history's latest entry or exit time and `since` the as_of of
 * the segment's last acknowledged run. Both stay in SQL (never a JS Date round trip), so the
 * comparisons keep the history's own type and precision.
 */
export function withBounds(
  db: Kysely<any>,
  schema: string,
  p: Pick<SegmentDeltaInput, 'runId' | 'segment' | 'endpoint' | 'history'>,
  bounds: Bounds,
): QueryCreator<any> {
  return db.withSchema(schema).with('bounds', (qb) =>
    bounds === 'planned'
      ? qb.selectFrom(RUNS).select(['as_of', 'since']).where('run_id', '=', p.runId).where('segment', '=', p.segment)
      : qb.selectNoFrom([
          sql`(select max(greatest(${col('h', 'entered_at')}, coalesce(${col('h', 'exited_at')}, ${col('h', 'entered_at')}))) from ${relationRef(p.history)} as h)`.as(
            'as_of',
          ),
          sql`(${qb
            .selectFrom(RUNS)
            .select((eb) => eb.fn.max('as_of').as('m'))
            .where('endpoint', '=', p.endpoint)
            .where('segment', '=', p.segment)
            .where('status', '=', 'acknowledged')})`.as('since'),
        ]),
  );
}

/**
 * INSERT of the run's per-member changes into keel_sync_delta: `add` (an id Lotame lacks),
 * `resend` (an id a full run sends again), `remove` (a person who left, with every id Lotame has
 * from us for them) and `invalid` (a value that is not sent, kept for the count). The ledger keeps
 * every id sent for a member until the member leaves, old addresses included, so a consent
 * withdrawal opts out all of them.
 */
export function insertDeltaQuery(db: Kysely<any>, schema: string, f: SyncSql, p: SegmentDeltaInput) {
  const run = sql.lit(p.runId);
  const seg = sql.lit(p.segment);
  const nullText = sql<string>`cast(null as varchar)`;
  // one pass over the current ids: unchanged source values match the ledger by fingerprint, so
  // only new ones are hashed; invalid values are only counted
  const sent = deltaCtes(db, schema, f, p, 'planned')
    .selectFrom('cur_ids as c')
    .leftJoin('ledger as k', (j) => j.onRef('k.person_key', '=', 'c.person_key').onRef('k.id_type', '=', 'c.id_type').onRef('k.source_hash', '=', 'c.h'))
    .select([
      run.as('run_id'),
      seg.as('segment'),
      sql<string>`case when not c.valid then 'invalid' when k.person_key is null then 'add' else 'resend' end`.as('change'),
      'c.person_key',
      nullText.as('reason'),
      'c.id_type',
      sql<string>`case when c.valid then ${useridOf(f, p, sql.ref('c.n'), sql.ref('c.source_type'))} end`.as('userid'),
      sql`case when c.valid then c.h end`.as('source_hash'),
    ])
    .$if(!p.full, (q) => q.where(sql<boolean>`(not c.valid or k.person_key is null)`));
  const removes = db
    .selectFrom('removed as r')
    .leftJoin('ledger as l', 'l.person_key', 'r.person_key')
    .select([run.as('run_id'), seg.as('segment'), sql.lit('remove').as('change'), 'r.person_key', 'r.reason', 'l.id_type', 'l.userid', 'l.source_hash']);
  // INSERT INTO ... WITH ... SELECT: Redshift and Trino take no WITH in front of an INSERT
  return db
    .withSchema(schema)
    .insertInto('keel_sync_delta')
    .columns(['run_id', 'segment', 'change', 'person_key', 'reason', 'id_type', 'userid', 'source_hash'])
    .expression(sent.unionAll(removes));
}

export interface SegmentCounts {
  /** members at as_of, per the history */
  members: number;
  /** rows of the members relation (must equal `members`: one row per member) */
  membersRelation: number;
  /** entered since the last acknowledged run */
  adds: number;
  removes: number;
  /** removals whose reason is a consent withdrawal */
  optouts: number;
  unchanged: number;
  /** identifier values of current members that are not a valid id of their type (not sent) */
  invalidIds: number;
}

/**
 * Person-level counts of the change. Membership counts come from the history; for a planned run,
 * removals and invalid ids are read from its pinned delta rather than computed again (hashing every
 * identifier a second time would double the planning cost).
 */
export async function countDelta(db: Kysely<any>, schema: string, f: SyncSql, p: SegmentDeltaInput, bounds: Bounds): Promise<SegmentCounts> {
  const q = deltaCtes(db, schema, f, p, bounds).selectNoFrom((eb) => {
    const delta = (change: string) =>
      eb
        .selectFrom('keel_sync_delta')
        .select(sql<number>`count(distinct person_key)`.as('n'))
        .where('run_id', '=', p.runId)
        .where('segment', '=', p.segment)
        .where('change', '=', change);
    const persons = (before?: boolean) =>
      eb
        .selectFrom('state')
        .select((e) => e.fn.countAll().as('n'))
        .where('now', '=', true)
        .$if(before !== undefined, (q) => q.where('before', '=', before!));
    return [
      persons().as('members'),
      sql`(select count(*) from ${relationRef(p.members)})`.as('members_relation'),
      persons(false).as('adds'),
      persons(true).as('unchanged'),
      bounds === 'planned'
        ? delta('remove').as('removes')
        : eb
            .selectFrom('removed')
            .select((e) => e.fn.countAll().as('n'))
            .as('removes'),
      bounds === 'planned'
        ? delta('remove').where('reason', '=', 'consent_withdrawn').as('optouts')
        : eb
            .selectFrom('removed')
            .select((e) => e.fn.countAll().as('n'))
            .where('reason', '=', 'consent_withdrawn')
            .as('optouts'),
      bounds === 'planned'
        ? eb
            .selectFrom('keel_sync_delta')
            .select((e) => e.fn.countAll().as('n'))
            .where('run_id', '=', p.runId)
            .where('segment', '=', p.segment)
            .where('change', '=', 'invalid')
            .as('invalid_ids')
        : eb
            .selectFrom('cur_ids')
            .select((e) => e.fn.countAll().as('n'))
            .where('valid', '=', false)
            .as('invalid_ids'),
    ];
  });
  const row = (await q.executeTakeFirstOrThrow()) as Record<string, number | string>;
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    members: n('members'),
    membersRelation: n('members_relation'),
    adds: n('adds'),
    removes: n('removes'),
    optouts: n('optouts'),
    unchanged: n('unchanged'),
    invalidIds: n('invalid_ids'),
  };
}
