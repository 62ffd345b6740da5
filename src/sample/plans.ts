import { CHRONIC_PRODUCTS, PRESCRIPTION_PRODUCTS } from './catalog.js';
import {
  LATE_IDENTIFIER_ANONYMOUS_SESSIONS,
  REFILL_FIRST_ORDER_WITHIN_DAYS,
  REFILL_INTERVAL_DAYS,
  REFILL_JITTER_DAYS,
  cohortOf,
  hasOverlay,
} from './cohorts.js';
import { acquisition, refillCampaign, type PlacedOrder } from './journeys.js';
import { deviceOf, type Device } from './people.js';
import type { Random } from './prng.js';
import type { SessionStart, SessionWriter } from './session.js';
import type { SimulationWindow } from './window.js';
import {
  abandonAtCheckout,
  browse,
  browseThenSignIn,
  identifyMidSessionAndOrder,
  labTestVisit,
  prescriptionOrder,
  purchase,
  refillOrder,
  regularIntent,
  regularSession,
  withdrawConsent,
} from './visits.js';

/** Which visits a person makes (day, device, arrival) and what happens in each, by cohort and overlay. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SessionPlan {
  startMs: number;
  device: Device;
  arrival: Pick<SessionStart, 'campaign' | 'referrer'>;
  run: (w: SessionWriter) => void;
}

export interface PlanInput {
  seed: number;
  personIndex: number;
  rng: Random;
  devices: Device[];
  window: SimulationWindow;
}

// US shoppers in UTC: busy in their evening (UTC 00-04) and working day (UTC 14-23)
const HOUR_WEIGHTS = [9, 8, 7, 5, 3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 8, 8, 8, 9, 9].map((w, h) => [h, w] as const);

export function planSessions(input: PlanInput): SessionPlan[] {
  const { rng, devices, personIndex, window } = input;
  const at = (day: number): number => window.startMs + day * DAY + rng.weighted(HOUR_WEIGHTS) * HOUR + rng.int(0, 59 * 60_000);
  const plan = (day: number, device: Device, run: SessionPlan['run'], arrival = acquisition(rng)): SessionPlan => ({
    startMs: at(day),
    device,
    arrival,
    run,
  });
  const days = (n: number): number[] => rng.sample(range(window.days), Math.min(n, window.days)).sort((a, b) => a - b);

  const plans: SessionPlan[] = [];
  switch (cohortOf(personIndex)) {
    case 'regular': {
      const count = rng.weighted([
        [1, 30],
        [2, 40],
        [3, 20],
        [4, 10],
      ] as const);
      const repeated = hasOverlay(personIndex, 'repeated_steps');
      days(count).forEach((day, k) => {
        const device = k === 1 && devices.length > 1 ? devices[1] : rng.pick(devices);
        const intent = repeated && k === 0 ? 'repeat_purchase' : regularIntent(rng);
        plans.push(plan(day, device, (w) => regularSession(w, intent, k === 0)));
      });
      break;
    }
    case 'anonymous_only':
      for (const day of days(rng.int(1, 2))) plans.push(plan(day, devices[0], (w) => browse(w, rng.chance(0.3))));
      break;
    case 'abandoner':
      for (const day of days(rng.int(2, 3))) plans.push(plan(day, devices[0], abandonAtCheckout));
      break;
    case 'prescription_uploader': {
      const [orderDay, ...later] = days(rng.chance(0.5) ? 2 : 1);
      plans.push(plan(orderDay, devices[0], (w) => void prescriptionOrder(w, rng.pick(PRESCRIPTION_PRODUCTS), true)));
      for (const day of later) plans.push(plan(day, devices[0], (w) => browse(w, false)));
      break;
    }
    case 'lab_test_only':
      for (const day of days(rng.int(1, 2))) plans.push(plan(day, devices[0], labTestVisit));
      break;
    case 'chronic_refill':
      plans.push(...chronicRefills(input, plan));
      break;
    case 'multi_device': {
      const sessionDays = days(devices.length);
      devices.forEach((device, d) => {
        const buys = d === devices.length - 1 && rng.chance(0.6);
        plans.push(plan(sessionDays[d] ?? 0, device, (w) => (buys ? purchase(w, false) : browseThenSignIn(w))));
      });
      break;
    }
    case 'late_identifier': {
      const sessionDays = days(LATE_IDENTIFIER_ANONYMOUS_SESSIONS + 1);
      const orderDay = sessionDays.pop() ?? 0;
      for (const day of sessionDays) plans.push(plan(day, devices[0], (w) => browse(w, rng.chance(0.5))));
      plans.push(plan(orderDay, devices[0], identifyMidSessionAndOrder));
      break;
    }
  }

  if (hasOverlay(personIndex, 'shared_device')) {
    // the previous person's first device, e.g. a family computer
    const shared = deviceOf(input.seed, personIndex - 1, 0);
    plans.push(plan(rng.int(0, window.days - 1), shared, browseThenSignIn));
  }
  if (hasOverlay(personIndex, 'consent_withdrawn')) {
    // late in the window so that earlier identifies still carry the opt-in
    const day = Math.max(0, window.days - 1 - rng.int(0, 2));
    plans.push(plan(day, devices[0], withdrawConsent, { referrer: null }));
  }
  return plans;
}

type PlanFn = (day: number, device: Device, run: SessionPlan['run'], arrival?: SessionPlan['arrival']) => SessionPlan;

/** first order on one of the first days, then a reorder every ~30 days while the window lasts */
function chronicRefills(input: PlanInput, plan: PlanFn): SessionPlan[] {
  const { rng, window, devices } = input;
  const product = rng.pick(CHRONIC_PRODUCTS);
  const orderDays = [rng.int(0, Math.min(REFILL_FIRST_ORDER_WITHIN_DAYS, window.days) - 1)];
  for (;;) {
    const next = orderDays[orderDays.length - 1] + REFILL_INTERVAL_DAYS + rng.int(-REFILL_JITTER_DAYS, REFILL_JITTER_DAYS);
    if (next >= window.days) break;
    orderDays.push(next);
  }
  let last: PlacedOrder | null = null;
  return orderDays.map((day, k) =>
    k === 0
      ? plan(day, devices[0], (w) => {
          // kept: a cancelled first order would muddy the "same product every month" pattern
          last = prescriptionOrder(w, product, false);
        })
      : plan(
          day,
          devices[0],
          (w) => {
            const since = last ? Math.round((w.now - last.at) / DAY) : REFILL_INTERVAL_DAYS;
            last = refillOrder(w, product, since);
          },
          { campaign: refillCampaign(product), referrer: null },
        ),
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
