import type { Product } from './catalog.js';
import type { Cell } from './csv.js';
import type { Campaign, EventContext, EventName, SampleEvent } from './events.js';
import type { Device, Profile } from './people.js';
import { typedEmail } from './people.js';
import type { Random } from './prng.js';

export const SITE_URL = 'https://www.pillpath.example';
const WEB_LIBRARY = { name: 'RudderLabs JavaScript SDK', version: '3.7.2' };
/** back-office calls: no anonymous id, device or page */
const SERVER_CONTEXT: EventContext = {
  ip: null,
  libraryName: '@rudderstack/rudder-sdk-node',
  libraryVersion: '2.0.7',
  locale: null,
  userAgent: null,
  osName: null,
  deviceType: null,
  pagePath: null,
  pageUrl: null,
  pageReferrer: null,
  campaign: null,
};

/** Everything about one person that outlives a session. */
export interface PersonState {
  index: number;
  profile: Profile;
  rng: Random;
  events: SampleEvent[];
  /** anonymous ids on which this person is logged in */
  loggedInOn: Set<string>;
  marketingOptIn: boolean;
  sessionCount: number;
  idCounters: Map<string, number>;
}

export interface CartLine {
  product: Product;
  quantity: number;
}

export interface SessionStart {
  device: Device;
  startMs: number;
  /** UTM parameters of the landing URL, if the visit came from a campaign */
  campaign?: Campaign;
  /** external referrer of the landing page (search engine, social), null for direct/email */
  referrer?: string | null;
}

/**
 * Writes the calls of one visit in order, keeping the clock, the current page (whose URL and UTM
 * parameters land in context_*), the login state and the cart.
 */
export class SessionWriter {
  now: number;
  readonly sessionIndex: number;
  cart: CartLine[] = [];
  cartId: string | null = null;
  /** the checkout in progress (set by checkout_started, cleared by the order) */
  checkoutId: string | null = null;
  private pagePath: string | null = null;
  private pageUrl: string | null = null;
  private pageReferrer: string | null;
  private campaign: Campaign | null;
  private landed = false;

  constructor(
    readonly person: PersonState,
    readonly start: SessionStart,
  ) {
    this.now = start.startMs;
    this.sessionIndex = person.sessionCount++;
    this.campaign = start.campaign ?? null;
    this.pageReferrer = start.referrer ?? null;
  }

  get rng(): Random {
    return this.person.rng;
  }

  get device(): Device {
    return this.start.device;
  }

  get userId(): string | null {
    return this.person.loggedInOn.has(this.device.anonymousId) ? this.person.profile.userId : null;
  }

  get loggedIn(): boolean {
    return this.userId !== null;
  }

  /** think time between two calls; at least a second so call order and time order agree */
  wait(minSeconds = 2, maxSeconds = 60): void {
    this.now += this.rng.int(minSeconds * 1000, maxSeconds * 1000);
  }

  /** `ORD-0000042-01`: readable ids that are unique per person and type */
  newId(prefix: string): string {
    const n = (this.person.idCounters.get(prefix) ?? 0) + 1;
    this.person.idCounters.set(prefix, n);
    return `${prefix}-${String(this.person.index + 1).padStart(7, '0')}-${String(n).padStart(2, '0')}`;
  }

  page(name: string, path: string, query?: string): void {
    if (this.landed) this.campaign = null; // UTM parameters only sit on the landing URL
    const search = this.campaign ? utmQuery(this.campaign) : query ? `?${query}` : null;
    const url = `${SITE_URL}${path}${search ?? ''}`;
    const referrer = this.landed ? this.pageUrl : this.pageReferrer;
    this.pagePath = path;
    this.pageUrl = url;
    this.pageReferrer = referrer;
    this.landed = true;
    this.emit('page', undefined, { name, path, url, referrer, title: `${name} | PillPath`, search });
  }

  track(event: EventName, properties: Record<string, Cell>): void {
    this.emit('track', event, properties);
  }

  /** logs in (identify call) unless already logged in on this device */
  login(): void {
    if (this.loggedIn) return;
    this.person.loggedInOn.add(this.device.anonymousId);
    this.identify();
  }

  identify(): void {
    const p = this.person.profile;
    this.emit('identify', undefined, {
      email: typedEmail(p.email, this.rng),
      phone: p.phone,
      first_name: p.firstName,
      city: p.city,
      state: p.state,
      country: 'US',
      marketing_opt_in: this.person.marketingOptIn,
    });
  }

  /** a back-office event sent by the server SDK */
  serverTrack(event: EventName, properties: Record<string, Cell>, atMs: number): void {
    this.push('track', event, properties, atMs, null, this.person.profile.userId, 'server', SERVER_CONTEXT);
  }

  private emit(kind: SampleEvent['kind'], event: EventName | undefined, properties: Record<string, Cell>): void {
    this.wait(1, kind === 'page' ? 20 : 45);
    this.push(kind, event, properties, this.now, this.device.anonymousId, this.userId, 'web', this.context());
  }

  // one object literal with every field: a single hidden class for millions of events
  private push(
    kind: SampleEvent['kind'],
    event: EventName | undefined,
    properties: Record<string, Cell>,
    atMs: number,
    anonymousId: string | null,
    userId: string | null,
    channel: SampleEvent['channel'],
    context: EventContext,
  ): void {
    this.person.events.push({
      kind,
      // unique by construction: random ids from per-person streams collide at scale
      id: this.rng.uniqueUuid(this.person.index, this.person.events.length),
      personIndex: this.person.index,
      sessionIndex: this.sessionIndex,
      anonymousId,
      userId,
      channel,
      event,
      properties,
      context,
      occurredAt: atMs,
      // the transport times are set by delivery.ts
      originalTimestamp: atMs,
      sentAt: atMs,
      receivedAt: atMs,
      timestamp: atMs,
      uuidTs: atMs,
      planted: undefined,
    });
  }

  private context(): EventContext {
    const d = this.device;
    return {
      ip: d.ip,
      libraryName: WEB_LIBRARY.name,
      libraryVersion: WEB_LIBRARY.version,
      locale: d.locale,
      userAgent: d.userAgent,
      osName: d.osName,
      deviceType: d.deviceType,
      pagePath: this.pagePath,
      pageUrl: this.pageUrl,
      pageReferrer: this.pageReferrer,
      campaign: this.campaign,
    };
  }
}

function utmQuery(c: Campaign): string {
  const parts = [`utm_source=${c.source}`, `utm_medium=${c.medium}`, `utm_campaign=${c.name}`];
  if (c.term) parts.push(`utm_term=${encodeURIComponent(c.term)}`);
  if (c.content) parts.push(`utm_content=${c.content}`);
  return `?${parts.join('&')}`;
}
