import { createHash } from 'node:crypto';
import type { ModelNode } from '../../src/core/nodes.js';
import type { Relation } from '../../src/core/relation.js';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import type { BuildContext, BuildResult } from '../../src/materialize/context.js';
import type { SampleEvent } from '../../src/sample/index.js';

/** One call as the journey sees it: what the test loads into DuckDB and feeds the reference. */
export interface CallRow {
  id: string;
  anonymous_id: string | null;
  user_id: string | null;
  /** NULL for identify calls: they only link ids */
  event: string | null;
  /** epoch ms (UTC) */
  timestamp: number;
  received_at: number;
  page_path: string | null;
  utm_source: string | null;
  email_sha256: string | null;
  /** identify calls: the consent trait */
  marketing_opt_in: boolean | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function callRows(events: SampleEvent[]): CallRow[] {
  return events.map((e) => {
    const email = e.kind === 'identify' && typeof e.properties.email === 'string' ? e.properties.email.trim().toLowerCase() : null;
    return {
      id: e.id,
      anonymous_id: e.anonymousId,
      user_id: e.userId,
      event: e.kind === 'track' ? e.event! : e.kind === 'page' ? `page:${String(e.properties.name)}` : null,
      timestamp: e.timestamp,
      received_at: e.receivedAt,
      page_path: e.context.pagePath,
      utm_source: e.context.campaign?.source ?? null,
      email_sha256: email ? sha256(email) : null,
      marketing_opt_in: e.kind === 'identify' && typeof e.properties.marketing_opt_in === 'boolean' ? e.properties.marketing_opt_in : null,
    };
  });
}

const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
const ts = (ms: number) => `make_timestamp(${ms * 1000})`;

/** An in-memory DuckDB with the calls in main.calls. */
export async function engineWithCalls(rows: CallRow[]): Promise<DuckDBEngine> {
  const engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
  await engine.open();
  await engine.execute(
    'create table main.calls (id varchar, anonymous_id varchar, user_id varchar, event varchar, "timestamp" timestamp, received_at timestamp, page_path varchar, utm_source varchar, email_sha256 varchar, marketing_opt_in boolean)',
  );
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map(
        (r) =>
          `(${[lit(r.id), lit(r.anonymous_id), lit(r.user_id), lit(r.event), ts(r.timestamp), ts(r.received_at), lit(r.page_path), lit(r.utm_source), lit(r.email_sha256), r.marketing_opt_in === null ? 'NULL' : String(r.marketing_opt_in)].join(', ')})`,
      );
    await engine.execute(`insert into main.calls values ${values.join(',\n')}`);
  }
  return engine;
}

export const MODEL: Relation = { schema: 'main', identifier: 'journey' };

/** Runs a materializer the way the runner does, on a synthetic model node. */
export async function buildModel(
  engine: DuckDBEngine,
  build: (ctx: BuildContext) => Promise<BuildResult>,
  opts: { relation?: Relation; sql: string; config: Record<string, unknown>; fullRefresh?: boolean },
): Promise<{ result: BuildResult; statements: string[] }> {
  const relation = opts.relation ?? MODEL;
  const node = {
    uniqueId: `model.t.${relation.identifier}`,
    kind: 'model',
    name: relation.identifier,
    path: `models/${relation.identifier}.sql`,
    config: { enabled: true, tags: [], ...opts.config },
    relation,
  } as unknown as ModelNode;
  const statements: string[] = [];
  const ctx: BuildContext = {
    engine,
    node,
    relation,
    sql: opts.sql,
    existing: await engine.getRelation(relation),
    fullRefresh: opts.fullRefresh ?? false,
    statements,
  };
  return { result: await build(ctx), statements };
}

export async function rowsOf(engine: DuckDBEngine, sql: string): Promise<Record<string, unknown>[]> {
  return (await engine.execute(sql)).rows;
}
