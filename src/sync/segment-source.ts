import { sql, type Kysely } from 'kysely';
import { KeelError } from '../core/errors.js';
import type { ModelNode } from '../core/nodes.js';
import { withIdentifier, type Relation } from '../core/relation.js';
import type { Engine } from '../engines/engine.js';
import { lotameSyncSchema, type LotameSyncConfig } from '../project/sync-schema.js';
import { identifierSql } from './identifiers.js';
import type { SyncSql } from '../engines/sync-sql.js';
import { col, relationRef } from './sql/relation-ref.js';

/**
 * The input contract of the sync, met by the segment kind (and by any model that keeps the same
 * shape):
 * - members: the model's relation, one row per current member: the person key and the identifier
 *   columns named in `sync.lotame.identifiers`;
 * - history: `<model>_history` (or `sync.lotame.history`), one row per membership interval:
 *   person key, `entered_at`, `exited_at` (null while a member) and, optionally, `exit_reason`
 *   ('rule' | 'consent_withdrawn'); intervals are kept across builds.
 */
export interface SegmentSource {
  node: ModelNode;
  name: string;
  config: LotameSyncConfig;
  members: Relation;
  history: Relation;
  personKey: string;
  /** the history's exit reason column, when it has one */
  reasonColumn: string | null;
}

/** as the segment kind names it (segmentOutputs in src/materialize/segment) */
export const HISTORY_SUFFIX = '_history';
const REASON_COLUMN = 'exit_reason';

export function syncConfigOf(node: ModelNode): LotameSyncConfig | undefined {
  const raw = (node.config.sync as { lotame?: unknown } | undefined)?.lotame;
  // already validated with the node's config; parsing again gives the typed value with defaults
  return raw === undefined ? undefined : lotameSyncSchema.parse(raw);
}

/** Finds the segment's relations and checks the columns the config names, with errors naming the model. */
export async function resolveSegmentSource(engine: Engine, node: ModelNode, config: LotameSyncConfig): Promise<SegmentSource> {
  const where = { location: { file: node.path } };
  if (!node.relation) throw new KeelError(`model '${node.name}' has no relation to sync (ephemeral models cannot be synced)`, where);
  const members = node.relation;
  const history = config.history ? withIdentifier(members, config.history) : withIdentifier(members, `${members.identifier}${HISTORY_SUFFIX}`);
  for (const [rel, what] of [
    [members, 'members'],
    [history, 'membership history'],
  ] as const) {
    if (!(await engine.getRelation(rel))) {
      throw new KeelError(`model '${node.name}': its ${what} relation ${rel.schema}.${rel.identifier} does not exist`, {
        ...where,
        hint: `Build it first: keel build --select ${node.name}`,
      });
    }
  }
  const memberColumns = new Map((await engine.getColumns(members)).map((c) => [c.name.toLowerCase(), c]));
  const historyColumns = new Set((await engine.getColumns(history)).map((c) => c.name.toLowerCase()));
  if (!memberColumns.has(config.person_key.toLowerCase())) throw new KeelError(`model '${node.name}' has no person key column '${config.person_key}'`, where);
  for (const c of [config.person_key, 'entered_at', 'exited_at']) {
    if (!historyColumns.has(c.toLowerCase()))
      throw new KeelError(`model '${node.name}': the membership history ${history.identifier} has no column '${c}'`, where);
  }
  for (const id of config.identifiers) {
    const c = memberColumns.get(id.column.toLowerCase());
    if (!c) throw new KeelError(`model '${node.name}' has no column '${id.column}' (sync.lotame.identifiers)`, where);
    if (!/CHAR|TEXT|STRING|UUID/i.test(c.type)) {
      throw new KeelError(`model '${node.name}' column '${id.column}' is ${c.type}; a ${id.type} identifier must be a string column`, where);
    }
  }
  return {
    node,
    name: node.name,
    config,
    members,
    history,
    personKey: config.person_key,
    reasonColumn: historyColumns.has(REASON_COLUMN) ? REASON_COLUMN : null,
  };
}

/**
 * Refuses to send a column whose values are not what its type promises: a column sent as it is
 * (email_sha256, maid) that holds email addresses is raw PII, and an email_sha256 column whose
 * values are not 64 hex characters is not hashed. Checked in the warehouse; only counts come back.
 */
export async function refuseRawPii(db: Kysely<any>, f: SyncSql, source: SegmentSource): Promise<void> {
  for (const id of source.config.identifiers) {
    if (id.type === 'email') continue;
    const v = col('m', id.column);
    const check = identifierSql(f, id.type, v);
    const valid = check.valid(check.normalized);
    const row = (await db
      .selectFrom(relationRef(source.members).as('m'))
      .select([
        // count(case ...): Redshift has no aggregate FILTER
        sql<number>`count(case when ${f.asText(v)} like ${sql.lit('%@%')} then 1 end)`.as('emails'),
        sql<number>`count(case when ${v} is not null and not ${valid} then 1 end)`.as('invalid'),
      ])
      .executeTakeFirstOrThrow()) as { emails: number | string; invalid: number | string };
    const emails = Number(row.emails);
    const invalid = Number(row.invalid);
    const where = { location: { file: source.node.path } };
    if (emails > 0) {
      throw new KeelError(
        `model '${source.name}' column '${id.column}' is declared ${id.type} but ${emails} of its values are email addresses: keel never sends raw PII`,
        { ...where, hint: `Declare the column as type: email so keel sends the SHA-256 of each normalized address, or hash it in the model.` },
      );
    }
    if (id.type === 'email_sha256' && invalid > 0) {
      throw new KeelError(
        `model '${source.name}' column '${id.column}' is declared email_sha256 but ${invalid} of its values are not SHA-256 digests (64 hex characters); nothing was sent`,
        where,
      );
    }
  }
}
