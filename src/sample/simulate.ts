import {
  CLOCK_SKEW_MAX_MINUTES,
  CLOCK_SKEW_MIN_MINUTES,
  MULTI_DEVICE_MAX_DEVICES,
  MULTI_DEVICE_MIN_DEVICES,
  cohortOf,
  hasOverlay,
  isKnown,
} from './cohorts.js';
import { formatTimestamp } from './csv.js';
import { deliver, reorderTimestamps, tieTimestamps } from './delivery.js';
import type { SampleEvent } from './events.js';
import { advertisingIdOf, deviceOf, profileOf, type Device } from './people.js';
import { Random, hashSeed } from './prng.js';
import { planSessions, type SessionPlan } from './plans.js';
import type { SimulationWindow } from './window.js';
import { SessionWriter, type PersonState } from './session.js';

const MINUTE = 60_000;

export interface MobileDeviceRow {
  user_id: string;
  advertising_id: string;
  os_name: string;
  ad_tracking_enabled: boolean;
  first_seen_at: string;
}

export interface PersonData {
  events: SampleEvent[];
  mobileDevices: MobileDeviceRow[];
}

/** Everything one person did, in time order. Depends only on (seed, personIndex, window). */
export function simulatePerson(seed: number, personIndex: number, window: SimulationWindow): PersonData {
  const rng = new Random(hashSeed(seed, personIndex, 'person'));
  const devices = devicesOf(seed, personIndex, rng);
  const person: PersonState = {
    index: personIndex,
    profile: profileOf(seed, personIndex),
    rng,
    events: [],
    loggedInOn: new Set(),
    marketingOptIn: false,
    sessionCount: 0,
    idCounters: new Map(),
  };
  // a withdrawal only means something for someone who had opted in
  person.marketingOptIn = hasOverlay(personIndex, 'consent_withdrawn') || person.profile.marketingOptIn;

  const plans = planSessions({ seed, personIndex, rng, devices, window });
  const firstSeen = runSessions(person, plans);

  // stable: a session's calls keep their order, back-office calls slot in by time
  person.events.sort((a, b) => a.occurredAt - b.occurredAt);
  deliver(person.events, rng, {
    clockSkewMs: new Map(devices.filter((d) => d.clockSkewMs !== 0).map((d) => [d.anonymousId, d.clockSkewMs])),
    lateSessions: hasOverlay(personIndex, 'late_arrival') ? new Set([rng.int(0, person.sessionCount - 1)]) : new Set(),
  });
  plantTimestampQuirks(person.events, personIndex, rng);

  return { events: person.events, mobileDevices: mobileDevicesOf(seed, personIndex, devices, firstSeen, rng) };
}

function devicesOf(seed: number, personIndex: number, rng: Random): Device[] {
  const cohort = cohortOf(personIndex);
  const count = cohort === 'multi_device' ? rng.int(MULTI_DEVICE_MIN_DEVICES, MULTI_DEVICE_MAX_DEVICES) : cohort === 'regular' && rng.chance(0.3) ? 2 : 1;
  const devices = Array.from({ length: count }, (_, d) => deviceOf(seed, personIndex, d));
  if (hasOverlay(personIndex, 'clock_skew')) {
    const minutes = rng.int(CLOCK_SKEW_MIN_MINUTES, CLOCK_SKEW_MAX_MINUTES);
    devices[0].clockSkewMs = (rng.chance(0.5) ? 1 : -1) * minutes * MINUTE;
  }
  return devices;
}

/** Runs the sessions in time order (identity and cart state flow from one to the next); returns first use per device. */
function runSessions(person: PersonState, plans: SessionPlan[]): Map<string, number> {
  const firstSeen = new Map<string, number>();
  let freeFrom = 0;
  for (const plan of plans.sort((a, b) => a.startMs - b.startMs)) {
    const startMs = Math.max(plan.startMs, freeFrom);
    const w = new SessionWriter(person, { device: plan.device, startMs, ...plan.arrival });
    plan.run(w);
    if (!firstSeen.has(plan.device.anonymousId)) firstSeen.set(plan.device.anonymousId, startMs);
    freeFrom = w.now + 30 * MINUTE;
  }
  return firstSeen;
}

function plantTimestampQuirks(events: SampleEvent[], personIndex: number, rng: Random): void {
  const tie = hasOverlay(personIndex, 'timestamp_tie');
  const reorder = hasOverlay(personIndex, 'out_of_order');
  if (!tie && !reorder) return;
  // prefer two track calls (what funnels compare); any two calls of a visit otherwise
  const trackPairs: Array<[SampleEvent, SampleEvent]> = [];
  const callPairs: Array<[SampleEvent, SampleEvent]> = [];
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1], events[i]];
    if (a.channel !== 'web' || b.channel !== 'web' || a.sessionIndex !== b.sessionIndex || a.planted || b.planted) continue;
    callPairs.push([a, b]);
    if (a.kind === 'track' && b.kind === 'track') trackPairs.push([a, b]);
  }
  const pairs = trackPairs.length > 0 ? trackPairs : callPairs;
  if (pairs.length === 0) return;
  const [a, b] = rng.pick(pairs);
  if (tie) tieTimestamps(a, b);
  else reorderTimestamps(a, b, rng.int(1000, 4000));
}

/** The native app's device registry: known persons' phones/tablets that installed the app. */
function mobileDevicesOf(seed: number, personIndex: number, devices: Device[], firstSeen: Map<string, number>, rng: Random): MobileDeviceRow[] {
  if (!isKnown(personIndex)) return [];
  const rows: MobileDeviceRow[] = [];
  devices.forEach((d, deviceIndex) => {
    const seen = firstSeen.get(d.anonymousId);
    if (d.deviceType === 'desktop' || seen === undefined || !rng.chance(0.6)) return;
    rows.push({
      user_id: profileOf(seed, personIndex).userId,
      advertising_id: advertisingIdOf(seed, personIndex, deviceIndex, d.osName),
      os_name: d.osName,
      ad_tracking_enabled: rng.chance(0.85),
      first_seen_at: formatTimestamp(seen),
    });
  });
  return rows;
}
