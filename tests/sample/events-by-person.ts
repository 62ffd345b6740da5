import type { EventName, SampleEvent } from '../../src/sample/events.js';

/** Test helpers over the in-memory event stream. */

export function byPerson(events: SampleEvent[]): Map<number, SampleEvent[]> {
  const out = new Map<number, SampleEvent[]>();
  for (const e of events) {
    const list = out.get(e.personIndex) ?? [];
    list.push(e);
    out.set(e.personIndex, list);
  }
  return out;
}

export function tracksOf(events: SampleEvent[], name: EventName): SampleEvent[] {
  return events.filter((e) => e.kind === 'track' && e.event === name);
}

export function sessionsOf(events: SampleEvent[]): SampleEvent[][] {
  const out = new Map<number, SampleEvent[]>();
  for (const e of events) {
    const list = out.get(e.sessionIndex) ?? [];
    list.push(e);
    out.set(e.sessionIndex, list);
  }
  return [...out.values()];
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
