import type { CallRow } from './journey-harness.js';

/**
 * Segments in plain loops: the features the test's SELECT computes, the rules with SQL's
 * three-valued logic, and the membership history across builds.
 */

export interface Features {
  person_key: string;
  last_seen_at: number | null;
  last_order_at: number | null;
  last_checkout_at: number | null;
  lab_tests: number;
  consultations: number;
  email_sha256: string | null;
  marketing_opt_in: boolean | null;
}

/** Per user, from the calls up to and including `asOf`. */
export function featuresAt(calls: CallRow[], asOf: number): Map<string, Features> {
  const out = new Map<string, Features>();
  const latestIdentify = new Map<string, CallRow>();
  const max = (a: number | null, b: number) => (a === null || b > a ? b : a);
  for (const c of calls) {
    if (c.user_id === null || c.timestamp > asOf) continue;
    let f = out.get(c.user_id);
    if (!f) {
      f = {
        person_key: c.user_id,
        last_seen_at: null,
        last_order_at: null,
        last_checkout_at: null,
        lab_tests: 0,
        consultations: 0,
        email_sha256: null,
        marketing_opt_in: null,
      };
      out.set(c.user_id, f);
    }
    f.last_seen_at = max(f.last_seen_at, c.timestamp);
    if (c.event === 'order_completed') f.last_order_at = max(f.last_order_at, c.timestamp);
    if (c.event === 'checkout_started') f.last_checkout_at = max(f.last_checkout_at, c.timestamp);
    if (c.event === 'lab_test_booked') f.lab_tests++;
    if (c.event === 'consultation_booked') f.consultations++;
    if (c.event === null) {
      const prev = latestIdentify.get(c.user_id);
      if (!prev || c.timestamp > prev.timestamp || (c.timestamp === prev.timestamp && c.id > prev.id)) latestIdentify.set(c.user_id, c);
    }
  }
  for (const [user, c] of latestIdentify) Object.assign(out.get(user)!, { email_sha256: c.email_sha256, marketing_opt_in: c.marketing_opt_in });
  return out;
}

type Tri = boolean | null;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawRule = any;

const DAY = 86_400_000;
const durationMs = (d: string) => Number(/^(\d+) days?$/.exec(d)![1]) * DAY;

export function evaluate(rule: RawRule, row: Record<string, unknown>, asOf: number): Tri {
  if (Array.isArray(rule)) return evaluate({ all: rule }, row, asOf);
  if (rule.all) {
    const vs = (rule.all as RawRule[]).map((r) => evaluate(r, row, asOf));
    return vs.includes(false) ? false : vs.includes(null) ? null : true;
  }
  if (rule.any) {
    const vs = (rule.any as RawRule[]).map((r) => evaluate(r, row, asOf));
    return vs.includes(true) ? true : vs.includes(null) ? null : false;
  }
  if (rule.not) return !(evaluate(rule.not, row, asOf) ?? false);
  const v = row[rule.column] as number | string | boolean | null;
  const within = (d: string): Tri => (v === null ? null : (v as number) > asOf - durationMs(d) && (v as number) <= asOf);
  if (rule.within) return within(rule.within);
  if (rule.not_within) return v === null ? true : !within(rule.not_within);
  if ('is_null' in rule) return (v === null) === rule.is_null;
  const right = rule.value_column !== undefined ? (row[rule.value_column] as number | null) : rule.value;
  if (v === null || right === null) return null;
  switch (rule.op) {
    case '=':
      return v === right;
    case '!=':
      return v !== right;
    case '<':
      return v < right;
    case '<=':
      return v <= right;
    case '>':
      return v > right;
    case '>=':
      return v >= right;
  }
  throw new Error(`rule not understood: ${JSON.stringify(rule)}`);
}

export interface HistoryRow {
  person_key: string;
  entered_at: number;
  exited_at: number | null;
  exit_reason: string | null;
}

export interface ChangeRow {
  as_of: number;
  change: 'added' | 'removed';
  person_key: string;
  email_sha256: string | null;
  reason: string | null;
}

/** Successive builds of one segment; each build returns its members and changes. */
export class SegmentReference {
  readonly history: HistoryRow[] = [];
  private members = new Map<string, { email_sha256: string | null; entered_at: number }>();

  constructor(
    private readonly rules: RawRule,
    private readonly withConsent: boolean,
  ) {}

  build(features: Map<string, Features>, asOf: number) {
    const next = new Map<string, { email_sha256: string | null; entered_at: number }>();
    for (const f of features.values()) {
      const consent = !this.withConsent || f.marketing_opt_in === true;
      if (evaluate(this.rules, f as unknown as Record<string, unknown>, asOf) === true && consent) {
        next.set(f.person_key, { email_sha256: f.email_sha256, entered_at: this.members.get(f.person_key)?.entered_at ?? asOf });
      }
    }
    const changes: ChangeRow[] = [];
    for (const [pk, m] of next) {
      if (this.members.has(pk)) continue;
      changes.push({ as_of: asOf, change: 'added', person_key: pk, email_sha256: m.email_sha256, reason: null });
      this.history.push({ person_key: pk, entered_at: asOf, exited_at: null, exit_reason: null });
    }
    for (const [pk, m] of this.members) {
      if (next.has(pk)) continue;
      const f = features.get(pk);
      const reason = f && this.withConsent && f.marketing_opt_in !== true ? 'consent_withdrawn' : 'rule';
      changes.push({ as_of: asOf, change: 'removed', person_key: pk, email_sha256: m.email_sha256, reason });
      const open = this.history.find((h) => h.person_key === pk && h.exited_at === null)!;
      Object.assign(open, { exited_at: asOf, exit_reason: reason });
    }
    this.members = next;
    return {
      members: [...next].map(([pk, m]) => ({ person_key: pk, email_sha256: m.email_sha256, entered_at: m.entered_at, as_of: asOf })),
      changes,
    };
  }
}
