import { LAB_TEST_PRODUCTS, SHOPPABLE_OTC_WELLNESS, type Product } from './catalog.js';
import {
  addToCart,
  bookConsultation,
  bookLabTest,
  cancelOrder,
  clickRefillReminder,
  completeOrder,
  search,
  startCheckout,
  uploadPrescription,
  viewProduct,
  visitHome,
  type PlacedOrder,
} from './journeys.js';
import type { Random } from './prng.js';
import type { SessionWriter } from './session.js';

/** What happens within one visit, per kind of visitor; built from the steps in journeys.ts. */

const CANCEL_SHARE = 0.12;

export type RegularIntent = 'browse' | 'purchase' | 'repeat_purchase' | 'lab_test' | 'consultation' | 'lab_and_consultation';

export function regularIntent(rng: Random): RegularIntent {
  return rng.weighted<RegularIntent>([
    ['purchase', 45],
    ['browse', 25],
    ['lab_test', 12],
    ['consultation', 10],
    ['lab_and_consultation', 8],
  ]);
}

export function regularSession(w: SessionWriter, intent: RegularIntent, first: boolean): void {
  switch (intent) {
    case 'purchase':
      purchase(w, false);
      break;
    case 'repeat_purchase':
      purchase(w, true);
      break;
    case 'browse':
      browse(w, w.rng.chance(0.4));
      break;
    case 'lab_test':
      bookLabTest(w, w.rng.pick(LAB_TEST_PRODUCTS));
      break;
    case 'consultation':
      bookConsultation(w);
      break;
    case 'lab_and_consultation':
      bookConsultation(w);
      bookLabTest(w, w.rng.pick(LAB_TEST_PRODUCTS));
      break;
  }
  // regular customers have an account: the first visit always ends logged in
  if (first) signIn(w);
}

function pickShoppable(w: SessionWriter): Product {
  return w.rng.pick(SHOPPABLE_OTC_WELLNESS);
}

function signIn(w: SessionWriter): void {
  if (w.loggedIn) return;
  w.page('Sign In', '/account/sign-in');
  w.login();
}

/** home or search, then 1-2 product pages; optionally leaves something in the cart */
export function browse(w: SessionWriter, addsToCart: boolean): Product[] {
  const first = pickShoppable(w);
  if (w.rng.chance(0.5)) search(w, first);
  else visitHome(w);
  const viewed = [first, ...w.rng.sample(SHOPPABLE_OTC_WELLNESS, w.rng.int(0, 1))];
  for (const p of viewed) viewProduct(w, p);
  if (addsToCart) addToCart(w, viewed[0]);
  return viewed;
}

export function browseThenSignIn(w: SessionWriter): void {
  browse(w, false);
  signIn(w);
}

export function purchase(w: SessionWriter, repeatSteps: boolean): void {
  const viewed = browse(w, true);
  if (viewed.length > 1 && w.rng.chance(0.5)) addToCart(w, viewed[1], w.rng.int(1, 2));
  if (repeatSteps) {
    // back and forth: the same product page, add and checkout step again
    viewProduct(w, viewed[0]);
    addToCart(w, viewed[0]);
    startCheckout(w);
    w.page('Cart', '/cart');
  }
  startCheckout(w);
  const order = completeOrder(w);
  maybeCancel(w, order);
}

function maybeCancel(w: SessionWriter, order: PlacedOrder): void {
  if (w.rng.chance(CANCEL_SHARE)) cancelOrder(w, order);
}

export function abandonAtCheckout(w: SessionWriter): void {
  const viewed = browse(w, true);
  if (viewed.length > 1 && w.rng.chance(0.4)) addToCart(w, viewed[1]);
  startCheckout(w);
  w.wait(10, 120); // looks at the total, closes the tab
}

export function prescriptionOrder(w: SessionWriter, rx: Product, cancellable: boolean): PlacedOrder {
  search(w, rx);
  viewProduct(w, rx);
  addToCart(w, rx);
  if (w.rng.chance(0.3)) {
    const extra = pickShoppable(w);
    viewProduct(w, extra);
    addToCart(w, extra);
  }
  startCheckout(w);
  uploadPrescription(w, rx);
  const order = completeOrder(w);
  if (cancellable) maybeCancel(w, order);
  return order;
}

export function identifyMidSessionAndOrder(w: SessionWriter): void {
  // at least IDENTIFY_MID_SESSION_MIN_ANON_EVENTS anonymous calls before the identify
  visitHome(w);
  const a = pickShoppable(w);
  viewProduct(w, a);
  viewProduct(w, pickShoppable(w));
  addToCart(w, a);
  signIn(w);
  startCheckout(w);
  completeOrder(w);
}

/** the monthly reorder: reminder email -> refill page -> cart -> checkout -> order */
export function refillOrder(w: SessionWriter, product: Product, daysSinceLastOrder: number): PlacedOrder {
  clickRefillReminder(w, product, daysSinceLastOrder);
  addToCart(w, product);
  startCheckout(w);
  return completeOrder(w, { isRefill: true });
}

/** a lab test booked from the lab tests listing */
export function labTestVisit(w: SessionWriter): void {
  w.page('Lab Tests', '/lab-tests');
  bookLabTest(w, w.rng.pick(LAB_TEST_PRODUCTS));
}

export function withdrawConsent(w: SessionWriter): void {
  w.person.marketingOptIn = false;
  w.page('Privacy Settings', '/account/privacy');
  if (w.loggedIn) w.identify();
  else w.login();
}
