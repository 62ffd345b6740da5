import type { Relation } from '../../core/relation.js';
import type { JourneySpec } from './config.js';
import { asText, indent, nullIfBlank, type SqlContext } from './sql-context.js';

/**
 * Identity stitching as SQL, in three steps the materializer runs:
 * 1. `idLinksSelect`: the id graph's nodes and edges from the id columns of every call;
 * 2. labelling by pointer jumping (connected components): every node starts labelled with its smallest
 *    neighbour, then rounds run until every link joins two ids of one label. The labels form a forest (a label is a node);
 *    a round moves every node of a tree to the smallest label next to any node of the tree, then
 *    replaces each node's label with its label's label. Trees merge and paths halve every round, so
 *    the rounds grow with the log of the longest id chain, not with its length (on Athena each round
 *    is a paid query). A label only ever decreases and is always a node of the same component, so at
 *    the fixpoint (every link joins two ids of one label) every node holds its component's smallest
 *    key: the same persons as propagating labels one hop per round would give;
 * 3. `idGraphSelect`: each id with the id its component's label names: the person key.
 *
 * A node is a text key `<rank>|<id_type>|<id>`; the rank (0 user ids, 1 extra ids, 2 anonymous
 * ids) makes the smallest key of a component its smallest user id, else its smallest extra id,
 * else its smallest anonymous id: the canonical person key.
 *
 * Shared devices: an anonymous id is linked to one other id only, the first user id (or extra id)
 * it was seen with (earliest timestamp, then event id). Two people who used the same browser stay
 * two persons; the device's anonymous calls go to its first user.
 */

export const USER_RANK = 0;
export const EXTRA_RANK = 1;
export const ANONYMOUS_RANK = 2;

interface IdColumn {
  /** the column in the calls work table */
  column: string;
  idType: string;
  rank: number;
}

/** The id columns of the calls work table: user_id, the extra ids in config order, anonymous_id. */
export function idColumns(spec: JourneySpec): { user: IdColumn; extras: IdColumn[]; anonymous: IdColumn } {
  return {
    user: { column: 'user_id', idType: 'user_id', rank: USER_RANK },
    extras: spec.extraIds.map((c, i) => ({ column: `extra_id_${i + 1}`, idType: c, rank: EXTRA_RANK })),
    anonymous: { column: 'anonymous_id', idType: 'anonymous_id', rank: ANONYMOUS_RANK },
  };
}

const nodeKey = (s: SqlContext, c: IdColumn) => `${s.a.stringLiteral(`${c.rank}|${c.idType}|`)} || ${s.id(c.column)}`;

/**
 * The id columns of every call, as text; the only columns identity needs. `source` goes after FROM.
 * An empty or blank id is no id (SDKs send `user_id: ''` before login): kept, it would make one
 * person of every device that carried it. The events' joins to the id graph find no such id either,
 * so such a call goes to its next id.
 */
export function callsSelect(s: SqlContext, spec: JourneySpec, source: string): string {
  const { columns } = spec;
  const ids = idColumns(spec);
  const id = (column: string) => nullIfBlank(s, asText(s, s.id(column)));
  const cols = [
    `${id(columns.anonymous_id)} AS ${s.id('anonymous_id')}`,
    `${id(columns.user_id)} AS ${s.id('user_id')}`,
    ...spec.extraIds.map((c, i) => `${id(c)} AS ${s.id(ids.extras[i]!.column)}`),
    `${s.a.utcTimestamp(s.id(columns.timestamp))} AS ${s.id('event_at')}`,
    `${asText(s, s.id(columns.event_id))} AS ${s.id('event_id')}`,
  ];
  return `SELECT\n${indent(cols.join(',\n'))}\nFROM ${source}`;
}

/** Every node once: key, id and id_type. */
export function nodesSelect(s: SqlContext, spec: JourneySpec, calls: Relation): string {
  const { user, extras, anonymous } = idColumns(spec);
  const parts = [user, ...extras, anonymous].map(
    (c) =>
      `SELECT DISTINCT ${nodeKey(s, c)} AS ${s.id('node')}, ${s.id(c.column)} AS ${s.id('id')}, ${s.a.stringLiteral(c.idType)} AS ${s.id('id_type')}\n` +
      `FROM ${s.rel(calls)} WHERE ${s.id(c.column)} IS NOT NULL`,
  );
  return parts.join('\nUNION ALL\n');
}

/**
 * Undirected edges as (src, dst) pairs both ways, plus a self loop on every node so that a node's
 * next label is simply the smallest label over its `src` rows.
 */
export function edgesSelect(s: SqlContext, spec: JourneySpec, calls: Relation): string {
  const { user, extras, anonymous } = idColumns(spec);
  const strong = [user, ...extras];
  // the strongest id of a call: its user id, else its first extra id
  const anchor = `CASE ${strong.map((c) => `WHEN ${s.id(c.column)} IS NOT NULL THEN ${nodeKey(s, c)}`).join(' ')} END`;
  const [src, dst] = [s.id('src'), s.id('dst')];
  const anchored = `SELECT ${s.id('anonymous_id')}, ${strong.map((c) => s.id(c.column)).join(', ')}, ${s.id('event_at')}, ${s.id('event_id')}, ${anchor} AS ${s.id('anchor')}\nFROM ${s.rel(calls)}`;
  const strongLinks = [
    `SELECT ${s.id('anchor')} AS ${s.id('a')}, ${s.id('anchor')} AS ${s.id('b')} FROM ${s.id('anchored')} WHERE ${s.id('anchor')} IS NOT NULL`,
    ...extras.map((c) => `SELECT ${s.id('anchor')}, ${nodeKey(s, c)} FROM ${s.id('anchored')} WHERE ${s.id(c.column)} IS NOT NULL`),
  ].join('\nUNION ALL\n');
  const deviceLinks =
    `SELECT ${s.id('device')}, ${s.id('anchor')} FROM (\n` +
    indent(
      `SELECT ${nodeKey(s, anonymous)} AS ${s.id('device')}, ${s.id('anchor')},\n` +
        `  row_number() OVER (PARTITION BY ${s.id('anonymous_id')} ORDER BY ${s.id('event_at')}, ${s.id('event_id')}, ${s.id('anchor')}) AS ${s.id('link_rank')}\n` +
        `FROM ${s.id('anchored')}\nWHERE ${s.id('anonymous_id')} IS NOT NULL AND ${s.id('anchor')} IS NOT NULL`,
    ) +
    `\n) ${s.id('ranked')}\nWHERE ${s.id('link_rank')} = 1`;
  const devices = `SELECT DISTINCT ${nodeKey(s, anonymous)} AS ${s.id('device')} FROM ${s.rel(calls)} WHERE ${s.id('anonymous_id')} IS NOT NULL`;
  const edges = [
    `SELECT ${s.id('a')} AS ${src}, ${s.id('b')} AS ${dst} FROM ${s.id('strong_links')}`,
    `SELECT ${s.id('b')}, ${s.id('a')} FROM ${s.id('strong_links')}`,
    `SELECT ${s.id('b')}, ${s.id('b')} FROM ${s.id('strong_links')}`,
    `SELECT ${s.id('device')}, ${s.id('anchor')} FROM ${s.id('device_links')}`,
    `SELECT ${s.id('anchor')}, ${s.id('device')} FROM ${s.id('device_links')}`,
    `SELECT ${s.id('device')}, ${s.id('device')} FROM ${s.id('devices')}`,
  ].join('\nUNION ALL\n');
  return [
    `WITH ${s.id('anchored')} AS (\n${indent(anchored)}\n),`,
    `${s.id('strong_links')} AS (\n${indent(strongLinks)}\n),`,
    `${s.id('device_links')} AS (\n${indent(deviceLinks)}\n),`,
    `${s.id('devices')} AS (\n${indent(devices)}\n),`,
    `${s.id('all_edges')} AS (\n${indent(edges)}\n)`,
    `SELECT DISTINCT ${src}, ${dst} FROM ${s.id('all_edges')}`,
  ].join('\n');
}

/** Round 0: every node's smallest neighbour, itself included (its self loop): one hop for free. */
export function initialLabelsSelect(s: SqlContext, edges: Relation): string {
  return `SELECT ${s.id('src')} AS ${s.id('node')}, min(${s.id('dst')}) AS ${s.id('label')} FROM ${s.rel(edges)} GROUP BY ${s.id('src')}`;
}

/**
 * One round of pointer jumping over the labels (node, label):
 * - `nearest`: each node's smallest label among itself and its neighbours;
 * - `hooked`: the nodes sharing a label (a tree) all take the smallest `nearest` label of the tree,
 *   so a whole tree hooks onto its smallest neighbouring tree at once;
 * - the result: each node takes its new label's own new label (the jump that halves paths).
 * Every value is a label some node of the component already had, and none grows.
 */
export function stitchRoundSelect(s: SqlContext, edges: Relation, labels: Relation): string {
  const [node, label] = [s.id('node'), s.id('label')];
  const nearest =
    `SELECT e.${s.id('src')} AS ${node}, min(l.${label}) AS ${label}\n` +
    `FROM ${s.rel(edges)} e\nJOIN ${s.rel(labels)} l ON l.${node} = e.${s.id('dst')}\n` +
    `GROUP BY e.${s.id('src')}`;
  const treeMin =
    `SELECT o.${label} AS ${s.id('root')}, min(n.${label}) AS ${label}\n` +
    `FROM ${s.rel(labels)} o\nJOIN ${s.id('nearest')} n ON n.${node} = o.${node}\n` +
    `GROUP BY o.${label}`;
  const hooked = `SELECT l.${node}, t.${label}\nFROM ${s.rel(labels)} l\n` + `JOIN ${s.id('tree_min')} t ON t.${s.id('root')} = l.${label}`;
  return [
    `WITH ${s.id('nearest')} AS (\n${indent(nearest)}\n),`,
    `${s.id('tree_min')} AS (\n${indent(treeMin)}\n),`,
    `${s.id('hooked')} AS (\n${indent(hooked)}\n)`,
    `SELECT h.${node}, j.${label}\nFROM ${s.id('hooked')} h\nJOIN ${s.id('hooked')} j ON j.${node} = h.${label}`,
  ].join('\n');
}

/**
 * How many links join two ids of different labels; 0 is the fixpoint. Then the labels are constant
 * on each component, and the constant is its smallest key: that node's label is never larger than
 * itself, and always a node of the component.
 */
export function unsettledLinksSelect(s: SqlContext, edges: Relation, labels: Relation): string {
  const [node, label] = [s.id('node'), s.id('label')];
  return (
    `SELECT count(*) AS ${s.id('unsettled')}\nFROM ${s.rel(edges)} e\n` +
    `JOIN ${s.rel(labels)} a ON a.${node} = e.${s.id('src')}\n` +
    `JOIN ${s.rel(labels)} b ON b.${node} = e.${s.id('dst')}\n` +
    `WHERE a.${label} <> b.${label}`
  );
}

/** The output id graph: id, id_type, person_key. */
export function idGraphSelect(s: SqlContext, nodes: Relation, labels: Relation): string {
  return (
    `SELECT n.${s.id('id')}, n.${s.id('id_type')}, p.${s.id('id')} AS ${s.id('person_key')}\n` +
    `FROM ${s.rel(labels)} l\nJOIN ${s.rel(nodes)} n ON n.${s.id('node')} = l.${s.id('node')}\n` +
    `JOIN ${s.rel(nodes)} p ON p.${s.id('node')} = l.${s.id('label')}`
  );
}
