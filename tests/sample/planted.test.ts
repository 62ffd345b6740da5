import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_MIN_MINUTES,
  IDENTIFY_MID_SESSION_MIN_ANON_EVENTS,
  LATE_ARRIVAL_MIN_HOURS,
  LATE_IDENTIFIER_ANONYMOUS_SESSIONS,
  MULTI_DEVICE_MIN_DEVICES,
  REFILL_INTERVAL_DAYS,
  REFILL_JITTER_DAYS,
  cohortOf,
  countPersons,
  hasOverlay,
  userIdOf,
  type Cohort,
} from '../../src/sample/cohorts.js';
import { PRODUCTS } from '../../src/sample/catalog.js';
import { generateEvents, DEFAULT_SAMPLE_OPTIONS } from '../../src/sample/generate.js';
import { DAY, HOUR, byPerson, sessionsOf, tracksOf } from './events-by-person.js';

// more persons than the committed sample so every overlay occurs several times
const OPTS = { ...DEFAULT_SAMPLE_OPTIONS, persons: 400 };
const people = byPerson(generateEvents(OPTS));
const inCohort = (cohort: Cohort) => [...people].filter(([i]) => cohortOf(i) === cohort);

describe('cohorts', () => {
  it('assigns persons by index so counts are computable', () => {
    expect(countPersons(OPTS.persons, (i) => cohortOf(i) === 'abandoner')).toBe(40);
    expect(inCohort('abandoner')).toHaveLength(40);
    expect(countPersons(OPTS.persons, (i) => hasOverlay(i, 'shared_device'))).toBe(4);
  });

  it('abandoners view, add and start checkout but never order', () => {
    for (const [, events] of inCohort('abandoner')) {
      expect(tracksOf(events, 'product_viewed').length).toBeGreaterThan(0);
      expect(tracksOf(events, 'product_added').length).toBeGreaterThan(0);
      expect(tracksOf(events, 'checkout_started').length).toBeGreaterThanOrEqual(2);
      expect(tracksOf(events, 'order_completed')).toHaveLength(0);
    }
  });

  it('prescription uploaders upload during checkout, then order a prescription item', () => {
    for (const [, events] of inCohort('prescription_uploader')) {
      const [upload] = tracksOf(events, 'prescription_uploaded');
      const order = tracksOf(events, 'order_completed').find((o) => o.properties.checkout_id === upload.properties.checkout_id);
      expect(order?.properties.has_prescription_item).toBe(true);
      expect(order!.occurredAt).toBeGreaterThan(upload.occurredAt);
    }
  });

  it('lab-test-only persons book lab tests and never a consultation or order', () => {
    for (const [, events] of inCohort('lab_test_only')) {
      expect(tracksOf(events, 'lab_test_booked').length).toBeGreaterThan(0);
      expect(tracksOf(events, 'consultation_booked')).toHaveLength(0);
      expect(tracksOf(events, 'order_completed')).toHaveLength(0);
    }
  });

  it('chronic patients reorder the same prescription product about monthly after a reminder click', () => {
    for (const [, events] of inCohort('chronic_refill')) {
      const orders = tracksOf(events, 'order_completed');
      expect(orders.length).toBeGreaterThanOrEqual(2);
      const productIds = orders.map((o) => (JSON.parse(String(o.properties.products)) as Array<{ product_id: string }>)[0].product_id);
      expect(new Set(productIds).size).toBe(1);
      expect(PRODUCTS.find((p) => p.product_id === productIds[0])?.requires_prescription).toBe(true);
      for (let k = 1; k < orders.length; k++) {
        const gapDays = (orders[k].occurredAt - orders[k - 1].occurredAt) / DAY;
        expect(gapDays).toBeGreaterThan(REFILL_INTERVAL_DAYS - REFILL_JITTER_DAYS - 1);
        expect(gapDays).toBeLessThan(REFILL_INTERVAL_DAYS + REFILL_JITTER_DAYS + 1);
        const session = events.filter((e) => e.sessionIndex === orders[k].sessionIndex);
        expect(session.find((e) => e.kind === 'track')?.event).toBe('refill_reminder_clicked');
        expect(orders[k].properties.is_refill).toBe(true);
      }
    }
  });

  it('anonymous-only visitors never carry a user id', () => {
    for (const [, events] of inCohort('anonymous_only')) {
      expect(events.every((e) => e.userId === null && e.kind !== 'identify')).toBe(true);
    }
  });

  it('multi-device persons identify on several anonymous ids', () => {
    for (const [i, events] of inCohort('multi_device')) {
      const devices = new Set(events.filter((e) => e.kind === 'identify' && e.userId === userIdOf(i)).map((e) => e.anonymousId));
      expect(devices.size).toBeGreaterThanOrEqual(MULTI_DEVICE_MIN_DEVICES);
    }
  });

  it('late identifiers browse anonymously for days, then identify mid-session', () => {
    for (const [, events] of inCohort('late_identifier')) {
      const sessions = sessionsOf(events);
      expect(sessions.length).toBe(LATE_IDENTIFIER_ANONYMOUS_SESSIONS + 1);
      const last = sessions[sessions.length - 1];
      for (const s of sessions.slice(0, -1)) expect(s.every((e) => e.userId === null)).toBe(true);
      const identifyAt = last.findIndex((e) => e.kind === 'identify');
      expect(identifyAt).toBeGreaterThanOrEqual(IDENTIFY_MID_SESSION_MIN_ANON_EVENTS);
      expect(last.slice(0, identifyAt).every((e) => e.userId === null)).toBe(true);
      expect(last.slice(identifyAt).every((e) => e.userId !== null)).toBe(true);
      expect(tracksOf(last, 'order_completed')).toHaveLength(1);
    }
  });
});

describe('overlays', () => {
  const all = [...people.values()].flat();

  it('a shared device: exactly the planted anonymous ids are seen with two user ids', () => {
    const usersByAnon = new Map<string, Set<string>>();
    for (const e of all) {
      if (e.kind !== 'identify' || !e.anonymousId || !e.userId) continue;
      usersByAnon.set(e.anonymousId, (usersByAnon.get(e.anonymousId) ?? new Set()).add(e.userId));
    }
    const shared = [...usersByAnon.values()].filter((users) => users.size > 1);
    const planted = countPersons(OPTS.persons, (i) => hasOverlay(i, 'shared_device'));
    expect(shared).toHaveLength(planted);
    for (const users of shared) {
      const [a, b] = [...users].map((u) => Number(u.slice(1)) - 1).sort((x, y) => x - y);
      expect(hasOverlay(b, 'shared_device') && a === b - 1).toBe(true);
    }
  });

  it('late arrivals: received hours after the event, only for planted persons', () => {
    for (const [i, events] of people) {
      const late = events.filter((e) => e.receivedAt - e.timestamp >= LATE_ARRIVAL_MIN_HOURS * HOUR);
      if (hasOverlay(i, 'late_arrival')) expect(late.length, `person ${i}`).toBeGreaterThan(0);
      else expect(late, `person ${i}`).toHaveLength(0);
      for (const e of events) expect(e.uuidTs).toBeGreaterThan(e.receivedAt);
    }
  });

  it('clock skew: original_timestamp off, timestamp corrected', () => {
    for (const [i, events] of people) {
      const skewed = events.filter((e) => Math.abs(e.originalTimestamp - e.timestamp) >= CLOCK_SKEW_MIN_MINUTES * 60_000);
      expect(skewed.length > 0, `person ${i}`).toBe(hasOverlay(i, 'clock_skew'));
      for (const e of events) expect(e.timestamp - e.occurredAt).toBeLessThan(1000);
    }
  });

  it('out-of-order calls and timestamp ties only where planted', () => {
    for (const [i, events] of people) {
      let backwards = 0;
      let ties = 0;
      for (let k = 1; k < events.length; k++) {
        if (events[k].timestamp < events[k - 1].timestamp) backwards++;
        if (events[k].timestamp === events[k - 1].timestamp) ties++;
      }
      expect(backwards, `person ${i}`).toBe(hasOverlay(i, 'out_of_order') ? 1 : 0);
      expect(ties, `person ${i}`).toBe(hasOverlay(i, 'timestamp_tie') ? 1 : 0);
    }
  });

  it('repeated steps: checkout started twice before one order', () => {
    for (const [i, events] of people) {
      if (!hasOverlay(i, 'repeated_steps')) continue;
      const repeated = sessionsOf(events).some(
        (s) => tracksOf(s, 'checkout_started').length >= 2 && tracksOf(s, 'product_added').length >= 2 && tracksOf(s, 'order_completed').length === 1,
      );
      expect(repeated, `person ${i}`).toBe(true);
    }
  });

  it('consent withdrawn: the latest identify opts out after an earlier opt-in', () => {
    for (const [i, events] of people) {
      if (!hasOverlay(i, 'consent_withdrawn')) continue;
      const optIns = events.filter((e) => e.kind === 'identify').map((e) => e.properties.marketing_opt_in);
      expect(optIns[0]).toBe(true);
      expect(optIns[optIns.length - 1]).toBe(false);
    }
  });
});

describe('data quirks for the staging models', () => {
  const all = [...people.values()].flat();
  const identifies = all.filter((e) => e.kind === 'identify');

  it('some emails arrive with capitals or spaces, one normalized email per user', () => {
    const raw = identifies.map((e) => String(e.properties.email));
    expect(raw.some((email) => email !== email.trim().toLowerCase())).toBe(true);
    const usersByEmail = new Map<string, Set<string | null>>();
    for (const e of identifies) {
      const email = String(e.properties.email).trim().toLowerCase();
      usersByEmail.set(email, (usersByEmail.get(email) ?? new Set()).add(e.userId));
    }
    expect([...usersByEmail.values()].every((users) => users.size === 1)).toBe(true);
  });

  it('some customers have no phone (the warn-severity test)', () => {
    expect(identifies.some((e) => e.properties.phone === null)).toBe(true);
    expect(identifies.some((e) => e.properties.phone !== null)).toBe(true);
  });

  it('the window starts before the start_date var, so its filter drops some calls', () => {
    const startDate = Date.parse('2025-01-01T00:00:00Z');
    expect(all.some((e) => e.timestamp < startDate)).toBe(true);
    expect(all.every((e) => e.occurredAt >= Date.parse(`${OPTS.startDate}T00:00:00Z`))).toBe(true);
  });

  it('every order, checkout and booking is done logged in', () => {
    for (const name of ['checkout_started', 'order_completed', 'lab_test_booked', 'consultation_booked'] as const) {
      expect(tracksOf(all, name).every((e) => e.userId !== null)).toBe(true);
    }
  });
});
