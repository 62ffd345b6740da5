import type { ModelNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import { segmentOutputs } from '../../materialize/segment/materialize.js';
import type { Engine } from '../../engines/engine.js';
import type { Quoting } from '../../engines/quoting.js';
import type { SegmentPage, SegmentPoint, SegmentSync } from '../types.js';
import { toIsoTime, toNumber } from './values.js';

/** Builds shown on the chart: enough for a year of daily builds without a heavy page. */
const MAX_POINTS = 400;

/**
 * Member counts over builds from the membership history: every build stamps its as_of on the
 * intervals it opens or closes, so the members after a build are the running sum of entries
 * minus exits up to its as_of. Aggregated in the warehouse; only one row per build comes back.
 */
export async function loadSegmentPage(
  engine: Engine | null,
  quoting: Quoting,
  node: ModelNode,
  lastSync: SegmentSync | null,
  unavailable: string | null,
): Promise<SegmentPage> {
  const page: SegmentPage = {
    id: node.uniqueId,
    name: node.name,
    relation: node.relation ? quoting.quoteRelation(node.relation) : null,
    history: [],
    lastBuild: null,
    lastSync,
    message: null,
  };
  if (!engine || !node.relation) return { ...page, message: unavailable ?? 'this segment has no relation' };
  const { history, changes } = segmentOutputs(node.relation);
  if (!(await engine.getRelation(history))) return { ...page, message: `${quoting.quoteRelation(history)} does not exist yet: build the segment first` };
  const q = quoting.quoteIdentifier;
  const h = quoting.quoteRelation(history);
  // aliases quoted: `at` is a keyword on some engines
  const [at, entered, exited] = [q('at'), q('entered'), q('exited')];
  const { rows } = await engine.execute(
    `with ev as (select ${q('entered_at')} as ${at}, 1 as ${entered}, 0 as ${exited} from ${h}` +
      ` union all select ${q('exited_at')}, 0, 1 from ${h} where ${q('exited_at')} is not null)` +
      ` select ${at}, sum(${entered}) as ${entered}, sum(${exited}) as ${exited} from ev group by ${at} order by ${at}`,
  );
  let members = 0;
  const points: SegmentPoint[] = rows.map((r) => {
    const entered = toNumber(r.entered);
    const exited = toNumber(r.exited);
    members += entered - exited;
    return { at: toIsoTime(r.at) ?? '', members, entered, exited };
  });
  // a build that changed nothing leaves no mark in the history; the members table knows the last one
  const last = await lastBuildAsOf(engine, quoting, node.relation);
  if (last && points.length && last > points.at(-1)!.at) points.push({ at: last, members, entered: 0, exited: 0 });
  page.history = points.slice(-MAX_POINTS);
  if (await engine.getRelation(changes)) {
    const c = await engine.execute(`select ${q('change')} as change, count(*) as n from ${quoting.quoteRelation(changes)} group by ${q('change')}`);
    const count = (change: string) => toNumber(c.rows.find((r) => r.change === change)?.n ?? 0);
    page.lastBuild = { added: count('added'), removed: count('removed') };
  }
  return page;
}

/** The as_of the members table was last built at (the segment kind stamps it on every row). */
async function lastBuildAsOf(engine: Engine, quoting: Quoting, members: Relation): Promise<string | null> {
  const columns = await engine.getColumns(members);
  if (!columns.some((c) => c.name.toLowerCase() === 'as_of')) return null;
  const { rows } = await engine.execute(
    `select max(${quoting.quoteIdentifier('as_of')}) as ${quoting.quoteIdentifier('as_of')} from ${quoting.quoteRelation(members)}`,
  );
  return toIsoTime(rows[0]?.as_of);
}
