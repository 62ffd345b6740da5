import { LATE_ARRIVAL_MAX_HOURS, LATE_ARRIVAL_MIN_HOURS } from './cohorts.js';
import type { SampleEvent } from './events.js';
import type { Random } from './prng.js';

/**
 * The trip from the device to the warehouse, following RudderStack's time fields:
 * original_timestamp and sent_at come from the device clock, received_at from the server clock,
 * timestamp = received_at - (sent_at - original_timestamp) corrects the device clock, and
 * uuid_ts is when the periodic warehouse sync loaded the row.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** the warehouse destination's sync frequency */
export const SYNC_EVERY_MINUTES = 30;

export interface DeliveryPlan {
  /** device clock error per anonymous id, in ms */
  clockSkewMs: ReadonlyMap<string, number>;
  /** sessions queued offline and flushed hours later */
  lateSessions: ReadonlySet<number>;
}

export function deliver(events: SampleEvent[], rng: Random, plan: DeliveryPlan): void {
  const lateFlushAt = new Map<number, number>();
  for (const session of plan.lateSessions) {
    const last = Math.max(...events.filter((e) => e.sessionIndex === session).map((e) => e.occurredAt));
    lateFlushAt.set(session, last + rng.int(LATE_ARRIVAL_MIN_HOURS * HOUR, LATE_ARRIVAL_MAX_HOURS * HOUR));
  }
  for (const e of events) {
    const skew = (e.anonymousId && plan.clockSkewMs.get(e.anonymousId)) || 0;
    const flushAt = e.channel === 'web' ? lateFlushAt.get(e.sessionIndex) : undefined;
    // the web SDK flushes its queue within a second; the server SDK batches for a few seconds
    const sendAfter = flushAt !== undefined ? flushAt - e.occurredAt : rng.int(5, e.channel === 'web' ? 900 : 5000);
    const latency = rng.int(20, 400);
    e.originalTimestamp = e.occurredAt + skew;
    e.sentAt = e.occurredAt + sendAfter + skew;
    e.receivedAt = e.occurredAt + sendAfter + latency;
    e.timestamp = e.receivedAt - (e.sentAt - e.originalTimestamp);
    e.uuidTs = nextSync(e.receivedAt) + rng.int(30_000, 4 * MINUTE);
    if (flushAt !== undefined) (e.planted ??= []).push('late_arrival');
    if (skew !== 0) (e.planted ??= []).push('clock_skew');
  }
}

function nextSync(ms: number): number {
  const every = SYNC_EVERY_MINUTES * MINUTE;
  return Math.ceil((ms + 1) / every) * every;
}

/** The second call gets the first one's times exactly (same millisecond on the same device). */
export function tieTimestamps(first: SampleEvent, second: SampleEvent): void {
  second.occurredAt = first.occurredAt;
  second.originalTimestamp = first.originalTimestamp;
  second.sentAt = first.sentAt;
  second.receivedAt = first.receivedAt;
  second.timestamp = first.timestamp;
  second.uuidTs = first.uuidTs;
  (second.planted ??= []).push('timestamp_tie');
}

/** Moves the later call to `gapMs` before the earlier one, as a wrong client clock or retry would. */
export function reorderTimestamps(first: SampleEvent, second: SampleEvent, gapMs: number): void {
  const shift = second.timestamp - first.timestamp + gapMs;
  second.occurredAt -= shift;
  second.originalTimestamp -= shift;
  second.sentAt -= shift;
  second.receivedAt -= shift;
  second.timestamp -= shift;
  (second.planted ??= []).push('out_of_order');
}

/**
 * The share of calls delivered twice, as RudderStack's at-least-once delivery does when an SDK
 * retries a batch whose acknowledgement was lost: the same message id and payload, received again
 * REDELIVERY_MIN_SECONDS..REDELIVERY_MAX_SECONDS later and loaded by a later or the same sync.
 */
export const REDELIVERY_SHARE = 0.002;
export const REDELIVERY_MIN_SECONDS = 1;
export const REDELIVERY_MAX_SECONDS = 300;

/** A second delivery of `e`, or none; `rng` is the person's redelivery stream, so the calls are the same with or without it. */
export function redelivery(e: SampleEvent, rng: Random): SampleEvent | undefined {
  if (!rng.chance(REDELIVERY_SHARE)) return undefined;
  const later = rng.int(REDELIVERY_MIN_SECONDS, REDELIVERY_MAX_SECONDS) * 1000;
  const receivedAt = e.receivedAt + later;
  return {
    ...e,
    receivedAt,
    timestamp: receivedAt - (e.sentAt - e.originalTimestamp),
    uuidTs: Math.max(e.uuidTs, nextSync(receivedAt) + rng.int(30_000, 4 * MINUTE)),
    planted: [...(e.planted ?? []), 'redelivered'],
  };
}
