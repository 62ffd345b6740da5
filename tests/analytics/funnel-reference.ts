/**
 * An independent funnel in plain loops: each person's events are walked in time order by a
 * small state machine, the way an analyst would do it by hand. It shares no code with the SQL
 * planner; the property tests require both to agree exactly.
 */

export type Value = string | number | boolean | null;
export type EventRow = Record<string, Value>;

export interface RefStep {
  name: string;
  matches: (e: EventRow) => boolean;
}

export interface RefFunnel {
  steps: RefStep[];
  windowMs: number;
  order: 'strict' | 'any';
  person: (e: EventRow) => string | null;
  /** epoch ms */
  time: (e: EventRow) => number | null;
  breakdown: string[];
  grain: 'day' | 'week' | 'month';
}

export interface RefPerson {
  person: string;
  breakdown: Value[];
  furthest: number;
  converted: boolean;
  /** epoch ms of each step, null when not reached (index 0 = step 1) */
  at: (number | null)[];
  secondsToConvert: number | null;
}

export interface RefStepRow {
  period: string;
  breakdown: Value[];
  step: number;
  stepName: string;
  persons: number;
  fromFirst: number;
  fromPrevious: number | null;
  medianSecondsFromPrevious: number | null;
}

interface Tagged {
  ms: number;
  step: number;
  row: EventRow;
}

/** The smallest non-null value, NULL when there is none (SQL's min). */
function minValue(values: Value[]): Value {
  let best: Value = null;
  for (const v of values) {
    if (v === null) continue;
    if (best === null || v < best) best = v;
  }
  return best;
}

export function referencePersons(events: EventRow[], f: RefFunnel): RefPerson[] {
  const byPerson = new Map<string, Tagged[]>();
  for (const row of events) {
    const person = f.person(row);
    const ms = f.time(row);
    if (person === null || ms === null) continue;
    // an event counts for the first step it matches, and only for that one
    const index = f.steps.findIndex((s) => s.matches(row));
    if (index < 0) continue;
    let list = byPerson.get(person);
    if (!list) byPerson.set(person, (list = []));
    list.push({ ms, step: index + 1, row });
  }
  const out: RefPerson[] = [];
  for (const [person, list] of byPerson) {
    // time order; at the same instant, earlier steps first
    list.sort((a, b) => a.ms - b.ms || a.step - b.step);
    const entry = list.find((e) => e.step === 1);
    if (!entry) continue;
    const deadline = entry.ms + f.windowMs;
    const at: (number | null)[] = f.steps.map(() => null);
    at[0] = entry.ms;
    let state = 1;
    for (const e of list) {
      if (e.ms < entry.ms || e.ms > deadline) continue;
      if (f.order === 'strict') {
        if (e.step === state + 1) at[state++] = e.ms;
      } else if (e.step > 1 && at[e.step - 1] === null) {
        at[e.step - 1] = e.ms;
      }
    }
    let furthest = 1;
    while (furthest < f.steps.length && at[furthest] !== null) furthest++;
    for (let i = furthest; i < at.length; i++) at[i] = null;
    const converted = furthest === f.steps.length;
    const last = converted ? Math.max(...(at.slice(1) as number[])) : null;
    const tied = list.filter((e) => e.step === 1 && e.ms === entry.ms);
    out.push({
      person,
      breakdown: f.breakdown.map((b) => minValue(tied.map((e) => e.row[b] ?? null))),
      furthest,
      converted,
      at,
      secondsToConvert: last === null ? null : (last - entry.ms) / 1000,
    });
  }
  return out;
}

const DAY = 86_400_000;

/** `YYYY-MM-DD` of the first day of the period holding `ms` (UTC; weeks start on Monday). */
export function periodOf(ms: number, grain: RefFunnel['grain']): string {
  const d = new Date(Math.floor(ms / DAY) * DAY);
  if (grain === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (grain === 'month') d.setUTCDate(1);
  return d.toISOString().slice(0, 10);
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function referenceSteps(persons: RefPerson[], f: RefFunnel): RefStepRow[] {
  const groups = new Map<string, { period: string; breakdown: Value[]; members: RefPerson[] }>();
  for (const p of persons) {
    const period = periodOf(p.at[0]!, f.grain);
    const key = JSON.stringify([period, ...p.breakdown]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { period, breakdown: p.breakdown, members: [] }));
    g.members.push(p);
  }
  const rows: RefStepRow[] = [];
  for (const g of groups.values()) {
    const counts = f.steps.map((_, i) => g.members.filter((p) => p.furthest > i).length);
    f.steps.forEach((step, i) => {
      const gaps = i === 0 ? [] : g.members.filter((p) => p.furthest > i).map((p) => p.at[i]! - p.at[i - 1]!);
      const med = median(gaps);
      rows.push({
        period: g.period,
        breakdown: g.breakdown,
        step: i + 1,
        stepName: step.name,
        persons: counts[i]!,
        fromFirst: counts[i]! / counts[0]!,
        fromPrevious: i === 0 || counts[i - 1] === 0 ? null : counts[i]! / counts[i - 1]!,
        medianSecondsFromPrevious: med === null ? null : med / 1000,
      });
    });
  }
  return rows;
}
