/**
 * Planted behaviours. Persons are assigned by index, not by chance, so that a test can compute
 * exactly how many persons show a behaviour for any `persons` count (see `countPersons`).
 *
 * Cohorts (exactly one per person, cycling with period 20):
 * - regular: browses, logs in, sometimes orders OTC/wellness items, books lab tests or
 *   consultations, cancels some orders; may use a second device.
 * - anonymous_only: never identifies; all its events have user_id NULL.
 * - abandoner: always abandons at checkout: every session is views -> adds -> checkout_started,
 *   never order_completed.
 * - prescription_uploader: orders a prescription product; checkout_started -> prescription_uploaded
 *   -> order_completed (has_prescription_item = true).
 * - lab_test_only: books lab tests, never a consultation, never orders.
 * - chronic_refill: orders the same chronic prescription product every REFILL_INTERVAL_DAYS
 *   (+- REFILL_JITTER_DAYS); each reorder session starts with refill_reminder_clicked.
 * - multi_device: uses MULTI_DEVICE_MIN_DEVICES..MULTI_DEVICE_MAX_DEVICES anonymous ids, logging in on each.
 * - late_identifier: LATE_IDENTIFIER_ANONYMOUS_SESSIONS anonymous sessions on earlier days, then
 *   identifies mid-session after at least IDENTIFY_MID_SESSION_MIN_ANON_EVENTS anonymous calls
 *   in that session, and orders.
 *
 * Overlays (on top of the cohort, `index % every === offset`; offsets chosen so the cohort fits):
 * - shared_device: one extra session on the first device (anonymous id) of person index-1, logging
 *   in as itself, so that anonymous id is seen with two user ids.
 * - late_arrival: one session is sent LATE_ARRIVAL_MIN_HOURS..LATE_ARRIVAL_MAX_HOURS after it
 *   happened (offline queue): received_at and uuid_ts much later than timestamp.
 * - clock_skew: the first device's clock is off by CLOCK_SKEW_MIN_MINUTES..CLOCK_SKEW_MAX_MINUTES
 *   either way; original_timestamp/sent_at are skewed, timestamp is corrected.
 * - out_of_order: one track call's timestamp is earlier than the track call logically before it.
 * - timestamp_tie: two consecutive track calls share exactly the same timestamps.
 * - repeated_steps: one order session views, adds and starts checkout twice before ordering.
 * - consent_withdrawn: a later identify sets marketing_opt_in = false.
 */

export const COHORTS = [
  'regular',
  'anonymous_only',
  'abandoner',
  'prescription_uploader',
  'lab_test_only',
  'chronic_refill',
  'multi_device',
  'late_identifier',
] as const;
export type Cohort = (typeof COHORTS)[number];

export const COHORT_CYCLE: readonly Cohort[] = [
  'regular', // 0
  'abandoner', // 1
  'regular', // 2
  'prescription_uploader', // 3
  'anonymous_only', // 4
  'lab_test_only', // 5
  'regular', // 6
  'chronic_refill', // 7
  'multi_device', // 8
  'late_identifier', // 9
  'regular', // 10
  'anonymous_only', // 11
  'regular', // 12
  'abandoner', // 13
  'prescription_uploader', // 14
  'regular', // 15
  'anonymous_only', // 16
  'chronic_refill', // 17
  'regular', // 18
  'lab_test_only', // 19
];

export const OVERLAYS = {
  shared_device: { every: 100, offset: 42 },
  late_arrival: { every: 25, offset: 10 },
  clock_skew: { every: 50, offset: 23 },
  out_of_order: { every: 40, offset: 6 },
  timestamp_tie: { every: 30, offset: 12 },
  repeated_steps: { every: 20, offset: 15 },
  consent_withdrawn: { every: 50, offset: 38 },
} as const;
export type Overlay = keyof typeof OVERLAYS;

export const REFILL_INTERVAL_DAYS = 30;
export const REFILL_JITTER_DAYS = 2;
/** chronic patients start within this many days so at least two orders fit in the window */
export const REFILL_FIRST_ORDER_WITHIN_DAYS = 8;
export const MULTI_DEVICE_MIN_DEVICES = 2;
export const MULTI_DEVICE_MAX_DEVICES = 4;
export const LATE_IDENTIFIER_ANONYMOUS_SESSIONS = 2;
export const IDENTIFY_MID_SESSION_MIN_ANON_EVENTS = 3;
export const LATE_ARRIVAL_MIN_HOURS = 2;
export const LATE_ARRIVAL_MAX_HOURS = 30;
export const CLOCK_SKEW_MIN_MINUTES = 20;
export const CLOCK_SKEW_MAX_MINUTES = 180;
/** share of persons (by hash, not index) whose identifies carry no phone: dim_customers.phone warns */
export const NO_PHONE_SHARE = 0.3;

/** cohorts whose persons log in (have a user_id) */
export const KNOWN_COHORTS: ReadonlySet<Cohort> = new Set(COHORTS.filter((c) => c !== 'anonymous_only'));

export function cohortOf(personIndex: number): Cohort {
  return COHORT_CYCLE[personIndex % COHORT_CYCLE.length];
}

export function hasOverlay(personIndex: number, overlay: Overlay): boolean {
  const { every, offset } = OVERLAYS[overlay];
  return personIndex % every === offset;
}

export function overlaysOf(personIndex: number): Overlay[] {
  return (Object.keys(OVERLAYS) as Overlay[]).filter((o) => hasOverlay(personIndex, o));
}

export function isKnown(personIndex: number): boolean {
  return KNOWN_COHORTS.has(cohortOf(personIndex));
}

/** how many of persons 0..persons-1 match, e.g. `countPersons(300, (i) => cohortOf(i) === 'abandoner')` */
export function countPersons(persons: number, match: (personIndex: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < persons; i++) if (match(i)) n++;
  return n;
}

/** the user id a person logs in with (also the `person_id` of dim_customers) */
export function userIdOf(personIndex: number): string {
  return `U${String(personIndex + 1).padStart(7, '0')}`;
}

export function personIndexOfUserId(userId: string): number {
  return Number(userId.slice(1)) - 1;
}
