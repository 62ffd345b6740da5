import { createHash } from 'node:crypto';
import type { CallRow } from './journey-harness.js';

/**
 * The journey's meaning in plain loops, written from the README's description rather than from
 * the SQL: union-find instead of label propagation, one sort per person instead of windows.
 */

export interface RefOptions {
  gapMs: number;
  splitAtMidnight: boolean;
  maxPathSteps: number;
  landing: Array<'page_path' | 'utm_source'>;
}

export interface RefIdRow {
  id: string;
  id_type: string;
  person_key: string;
}

export interface RefSession {
  person_key: string;
  session_id: string;
  session_start: number;
  session_end: number;
  duration_ms: number;
  events_count: number;
  entry_step: string;
  exit_step: string;
  path: string[];
  landing: Record<string, string | null>;
}

const RANK: Record<string, number> = { user_id: 0, email_sha256: 1, anonymous_id: 2 };
const key = (type: string, id: string) => `${RANK[type]}|${type}|${id}`;
const byTimeThenId = (a: { timestamp: number; id: string }, b: { timestamp: number; id: string }) =>
  a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An empty or blank id (space, tab, CR, LF only) is no id: SDKs send `user_id: ''` before login. */
export const presentId = (v: string | null): string | null => (v === null || /^[ \t\r\n]*$/.test(v) ? null : v);

/** The call with its blank ids as missing ones. */
const withPresentIds = (c: CallRow): CallRow => ({
  ...c,
  anonymous_id: presentId(c.anonymous_id),
  user_id: presentId(c.user_id),
  email_sha256: presentId(c.email_sha256),
});

export function referenceIdGraph(rawCalls: CallRow[]): Map<string, string> {
  const calls = rawCalls.map(withPresentIds);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (x: string, y: string) => {
    const [a, b] = [find(x), find(y)];
    // the smaller key is the root, so a component's root is its canonical id
    if (a < b) parent.set(b, a);
    else if (b < a) parent.set(a, b);
  };
  const firstLink = new Map<string, { call: CallRow; anchor: string }>();
  for (const c of calls) {
    const anchor = c.user_id !== null ? key('user_id', c.user_id) : c.email_sha256 !== null ? key('email_sha256', c.email_sha256) : null;
    if (anchor) add(anchor);
    if (c.email_sha256 !== null) {
      add(key('email_sha256', c.email_sha256));
      union(anchor!, key('email_sha256', c.email_sha256));
    }
    if (c.anonymous_id === null) continue;
    add(key('anonymous_id', c.anonymous_id));
    if (!anchor) continue;
    // a device links to the first strong id it was seen with, never to a second user
    const seen = firstLink.get(c.anonymous_id);
    const earlier = !seen || byTimeThenId(c, seen.call) < 0 || (byTimeThenId(c, seen.call) === 0 && anchor < seen.anchor);
    if (earlier) firstLink.set(c.anonymous_id, { call: c, anchor });
  }
  for (const [anon, { anchor }] of firstLink) union(key('anonymous_id', anon), anchor);
  const out = new Map<string, string>();
  for (const node of parent.keys()) out.set(node, find(node));
  return out;
}

/** The id graph as rows: id, id_type, person_key (the id part of the canonical node). */
export function idGraphRows(graph: Map<string, string>): RefIdRow[] {
  const idOf = (node: string) => node.slice(node.indexOf('|', 2) + 1);
  const typeOf = (node: string) => node.slice(2, node.indexOf('|', 2));
  return [...graph].map(([node, root]) => ({ id: idOf(node), id_type: typeOf(node), person_key: idOf(root) }));
}

export function referenceSessions(rawCalls: CallRow[], opts: RefOptions): RefSession[] {
  const calls = rawCalls.map(withPresentIds);
  const graph = referenceIdGraph(calls);
  const person = (type: string, id: string | null) => {
    if (id === null) return undefined;
    const root = graph.get(key(type, id));
    return root === undefined ? undefined : root.slice(root.indexOf('|', 2) + 1);
  };
  const byPerson = new Map<string, CallRow[]>();
  for (const c of calls) {
    if (c.event === null) continue;
    const pk = person('user_id', c.user_id) ?? person('email_sha256', c.email_sha256) ?? person('anonymous_id', c.anonymous_id);
    if (pk === undefined) continue;
    if (!byPerson.has(pk)) byPerson.set(pk, []);
    byPerson.get(pk)!.push(c);
  }
  const sessions: RefSession[] = [];
  const day = (ms: number) => Math.floor(ms / 86_400_000);
  for (const [pk, events] of byPerson) {
    events.sort(byTimeThenId);
    let current: CallRow[] = [];
    const close = () => {
      if (current.length) sessions.push(toSession(pk, current, opts));
      current = [];
    };
    for (const e of events) {
      const prev = current[current.length - 1];
      if (prev && (e.timestamp - prev.timestamp > opts.gapMs || (opts.splitAtMidnight && day(e.timestamp) !== day(prev.timestamp)))) close();
      current.push(e);
    }
    close();
  }
  return sessions;
}

function toSession(pk: string, events: CallRow[], opts: RefOptions): RefSession {
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const landing: Record<string, string | null> = {};
  for (const col of opts.landing) landing[col] = events.find((e) => e[col] !== null)?.[col] ?? null;
  return {
    person_key: pk,
    session_id: createHash('md5').update(`${pk}|${first.id}`).digest('hex'),
    session_start: first.timestamp,
    session_end: last.timestamp,
    duration_ms: last.timestamp - first.timestamp,
    events_count: events.length,
    entry_step: first.event!,
    exit_step: last.event!,
    path: events.slice(0, opts.maxPathSteps).map((e) => e.event!),
    landing,
  };
}
