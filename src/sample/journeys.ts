import type { Product } from './catalog.js';
import { formatTimestamp } from './csv.js';
import type { Campaign } from './events.js';
import type { Random } from './prng.js';
import type { SessionStart, SessionWriter } from './session.js';

/** The steps a visit is made of. Each emits the page and track calls the web app would send. */

const CURRENCY = 'USD';
const FREE_SHIPPING_FROM = 35;
const SHIPPING_FEE = 4.99;
const SALES_TAX = 0.07;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function money(n: number): number {
  return Math.round(n * 100) / 100;
}

function slug(p: Product): string {
  return p.sku.toLowerCase();
}

/** How the visitor arrived: sets the landing page's UTM parameters and referrer. */
export function acquisition(rng: Random): Pick<SessionStart, 'campaign' | 'referrer'> {
  const channel = rng.weighted([
    ['direct', 35],
    ['organic', 25],
    ['paid_search', 15],
    ['paid_social', 10],
    ['newsletter', 10],
    ['affiliate', 5],
  ] as const);
  switch (channel) {
    case 'organic':
      return { referrer: rng.pick(['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/']) };
    case 'paid_search': {
      const [name, term] = rng.pick([
        ['allergy_relief', 'allergy medicine'],
        ['online_pharmacy', 'online pharmacy'],
        ['lab_tests_at_home', 'blood test at home'],
      ] as const);
      return { referrer: 'https://www.google.com/', campaign: campaign('google', 'cpc', name, term, null) };
    }
    case 'paid_social':
      return {
        referrer: 'https://m.facebook.com/',
        campaign: campaign('facebook', 'paid_social', 'wellness_month', null, rng.pick(['video_a', 'carousel_b'])),
      };
    case 'newsletter':
      return { referrer: null, campaign: campaign('newsletter', 'email', 'weekly_deals', null, null) };
    case 'affiliate':
      return { referrer: 'https://www.healthdeals.example/', campaign: campaign('healthdeals', 'affiliate', 'partner_q1', null, null) };
    default:
      return { referrer: null };
  }
}

function campaign(source: string, medium: string, name: string, term: string | null, content: string | null): Campaign {
  return { source, medium, name, term, content };
}

export function refillCampaign(product: Product): Campaign {
  return campaign('refill_reminder', 'email', 'refill_reminder', null, product.sku.toLowerCase());
}

export function visitHome(w: SessionWriter): void {
  w.page('Home', '/');
}

export function search(w: SessionWriter, product: Product): void {
  const query = product.name.split(/[ ,]/)[0].toLowerCase();
  w.page('Search', '/search', `q=${encodeURIComponent(query)}`);
  w.track('product_searched', { query, category: product.category, results_count: w.rng.int(1, 40) });
}

export function viewProduct(w: SessionWriter, p: Product): void {
  w.page(p.category === 'lab_test' ? 'Lab Test' : 'Product', `/${p.category === 'lab_test' ? 'lab-tests' : 'products'}/${slug(p)}`);
  w.track('product_viewed', {
    product_id: p.product_id,
    sku: p.sku,
    name: p.name,
    category: p.category,
    price: p.price,
    requires_prescription: p.requires_prescription,
    currency: CURRENCY,
  });
}

export function addToCart(w: SessionWriter, p: Product, quantity = 1): void {
  w.cartId ??= w.newId('CRT');
  const line = w.cart.find((l) => l.product.product_id === p.product_id);
  if (line) line.quantity += quantity;
  else w.cart.push({ product: p, quantity });
  w.track('product_added', {
    cart_id: w.cartId,
    product_id: p.product_id,
    sku: p.sku,
    category: p.category,
    price: p.price,
    quantity,
    currency: CURRENCY,
  });
}

function subtotal(w: SessionWriter): number {
  return money(w.cart.reduce((sum, l) => sum + l.product.price * l.quantity, 0));
}

function hasPrescriptionItem(w: SessionWriter): boolean {
  return w.cart.some((l) => l.product.requires_prescription);
}

/** Checkout needs an account, so this is where anonymous visitors log in. */
export function startCheckout(w: SessionWriter): void {
  w.login();
  w.page('Checkout', '/checkout');
  w.checkoutId = w.newId('CHK');
  w.track('checkout_started', {
    checkout_id: w.checkoutId,
    cart_id: w.cartId,
    value: subtotal(w),
    currency: CURRENCY,
    products_count: w.cart.reduce((n, l) => n + l.quantity, 0),
    has_prescription_item: hasPrescriptionItem(w),
  });
}

export function uploadPrescription(w: SessionWriter, p: Product): void {
  w.wait(20, 120); // finding the file or taking a photo
  w.track('prescription_uploaded', {
    prescription_id: w.newId('RX'),
    checkout_id: w.checkoutId,
    product_id: p.product_id,
    file_type: w.rng.pick(['pdf', 'jpg', 'png']),
    upload_source: w.rng.pick(['camera', 'gallery', 'file']),
  });
}

export interface PlacedOrder {
  orderId: string;
  revenue: number;
  at: number;
}

export function completeOrder(w: SessionWriter, opts: { isRefill?: boolean } = {}): PlacedOrder {
  const gross = subtotal(w);
  const coupon = !opts.isRefill && w.rng.chance(0.15) ? 'WELCOME10' : null;
  const discount = coupon ? money(gross * 0.1) : 0;
  const taxable = w.cart.filter((l) => !l.product.requires_prescription).reduce((s, l) => s + l.product.price * l.quantity, 0);
  const orderId = w.newId('ORD');
  w.wait(15, 90); // payment form
  w.track('order_completed', {
    order_id: orderId,
    checkout_id: w.checkoutId,
    revenue: money(gross - discount),
    shipping: gross >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE,
    tax: money(taxable * SALES_TAX),
    discount,
    coupon,
    currency: CURRENCY,
    products_count: w.cart.reduce((n, l) => n + l.quantity, 0),
    payment_method: w.rng.weighted([
      ['card', 55],
      ['paypal', 20],
      ['apple_pay', 15],
      ['hsa_card', 10],
    ] as const),
    has_prescription_item: hasPrescriptionItem(w),
    is_refill: opts.isRefill === true,
    products: JSON.stringify(w.cart.map((l) => ({ product_id: l.product.product_id, sku: l.product.sku, price: l.product.price, quantity: l.quantity }))),
  });
  const order = { orderId, revenue: money(gross - discount), at: w.now };
  w.cart = [];
  w.cartId = null;
  w.checkoutId = null;
  return order;
}

/** Cancelled from the back office hours later, hence a server-side call. */
export function cancelOrder(w: SessionWriter, order: PlacedOrder): void {
  const reason = w.rng.pick(['changed_mind', 'found_cheaper', 'delivery_too_slow', 'prescription_rejected']);
  w.serverTrack(
    'order_cancelled',
    { order_id: order.orderId, reason, refunded_amount: order.revenue, currency: CURRENCY },
    order.at + w.rng.int(1 * HOUR, 20 * HOUR),
  );
}

export function bookLabTest(w: SessionWriter, test: Product): void {
  viewProduct(w, test);
  w.login();
  w.track('lab_test_booked', {
    booking_id: w.newId('LAB'),
    product_id: test.product_id,
    test_name: test.name,
    price: test.price,
    currency: CURRENCY,
    collection_type: w.rng.pick(['home', 'lab']),
    scheduled_for: formatTimestamp(dayPlus(w.now, w.rng.int(1, 7), w.rng.int(7, 11))),
  });
}

export function bookConsultation(w: SessionWriter): void {
  const specialty = w.rng.pick(['general_physician', 'dermatology', 'endocrinology', 'cardiology', 'pediatrics']);
  w.page('Consultations', `/consultations/${specialty}`);
  w.login();
  w.track('consultation_booked', {
    consultation_id: w.newId('CON'),
    specialty,
    consultation_type: w.rng.pick(['video', 'video', 'in_clinic']),
    fee: specialty === 'general_physician' ? 39 : 79,
    currency: CURRENCY,
    scheduled_for: formatTimestamp(dayPlus(w.now, w.rng.int(0, 5), w.rng.int(8, 18))),
  });
}

export function clickRefillReminder(w: SessionWriter, p: Product, daysSinceLastOrder: number): void {
  w.page('Refill', `/refills/${slug(p)}`);
  w.track('refill_reminder_clicked', {
    reminder_id: w.newId('REM'),
    product_id: p.product_id,
    sku: p.sku,
    days_since_last_order: daysSinceLastOrder,
  });
}

/** `hour`:00 UTC, `days` days after `ms` */
function dayPlus(ms: number, days: number, hour: number): number {
  return Math.floor(ms / DAY) * DAY + days * DAY + hour * HOUR;
}
