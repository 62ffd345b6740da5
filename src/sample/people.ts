import { NO_PHONE_SHARE, userIdOf } from './cohorts.js';
import { Random, hashSeed } from './prng.js';

/** Who a person is (traits sent with identify) and which devices (anonymous ids) they browse from. */

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Maria',
  'Wei',
  'Priya',
  'Ahmed',
  'Fatima',
  'Kenji',
  'Aiko',
  'Luis',
  'Ana',
  'Olga',
  'Dmitri',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Lee',
  'Nguyen',
  'Patel',
  'Kim',
  'Chen',
];
const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'proton.me', 'aol.com'];
const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['New York', 'NY'],
  ['Los Angeles', 'CA'],
  ['Chicago', 'IL'],
  ['Houston', 'TX'],
  ['Phoenix', 'AZ'],
  ['Philadelphia', 'PA'],
  ['San Antonio', 'TX'],
  ['San Diego', 'CA'],
  ['Dallas', 'TX'],
  ['Austin', 'TX'],
  ['Seattle', 'WA'],
  ['Denver', 'CO'],
  ['Boston', 'MA'],
  ['Miami', 'FL'],
  ['Atlanta', 'GA'],
];

export interface Profile {
  userId: string;
  firstName: string;
  /** normalized (trimmed, lower-case) address; what a sha256 must be computed from */
  email: string;
  phone: string | null;
  city: string;
  state: string;
  marketingOptIn: boolean;
}

export function profileOf(seed: number, personIndex: number): Profile {
  const rng = new Random(hashSeed(seed, personIndex, 'profile'));
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const [city, state] = rng.pick(CITIES);
  const hasPhone = !rng.chance(NO_PHONE_SHARE);
  return {
    userId: userIdOf(personIndex),
    firstName: first,
    // the index keeps addresses unique per person, so email_sha256 is a key of dim_customers
    email: `${first}.${last}${personIndex + 1}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase(),
    phone: hasPhone ? `+1 (${rng.int(201, 989)}) 555-${String(rng.int(100, 9999)).padStart(4, '0')}` : null,
    city,
    state,
    marketingOptIn: rng.chance(0.7),
  };
}

/** The address as a user typed it this time: sometimes capitalised or padded with spaces. */
export function typedEmail(email: string, rng: Random): string {
  const variant = rng.weighted([
    ['clean', 6],
    ['capitalised', 2],
    ['upper_domain', 1],
    ['padded', 1],
  ] as const);
  const [local, domain] = email.split('@');
  switch (variant) {
    case 'capitalised':
      return local.replace(/(^|\.)([a-z])/g, (_m, dot: string, ch: string) => dot + ch.toUpperCase()) + '@' + domain;
    case 'upper_domain':
      return `${local}@${domain.toUpperCase()}`;
    case 'padded':
      return `  ${email} `;
    default:
      return email;
  }
}

export type DeviceType = 'desktop' | 'mobile' | 'tablet';

export interface Device {
  anonymousId: string;
  deviceType: DeviceType;
  osName: string;
  userAgent: string;
  ip: string;
  locale: string;
  /** device clock error in ms (0 unless the clock_skew overlay applies) */
  clockSkewMs: number;
}

const USER_AGENTS: Record<DeviceType, ReadonlyArray<readonly [string, string]>> = {
  desktop: [
    ['Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0'],
    ['Mac OS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15'],
    ['Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/125.0'],
  ],
  mobile: [
    ['iOS', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1'],
    ['Android', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/124.0 Mobile'],
    ['Android', 'Mozilla/5.0 (Linux; Android 13; SM-S911B) Chrome/123.0 Mobile'],
  ],
  tablet: [['iOS', 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) Safari/604.1']],
};

/**
 * A person's n-th device, derived from (seed, person, device) only, so another person can
 * re-derive it (shared device) without any shared state.
 */
export function deviceOf(seed: number, personIndex: number, deviceIndex: number): Device {
  const rng = new Random(hashSeed(seed, personIndex, deviceIndex, 'device'));
  const deviceType = rng.weighted<DeviceType>([
    ['desktop', 45],
    ['mobile', 48],
    ['tablet', 7],
  ]);
  const [osName, userAgent] = rng.pick(USER_AGENTS[deviceType]);
  return {
    anonymousId: rng.uuid(),
    deviceType,
    osName,
    userAgent,
    // documentation ranges (RFC 5737): realistic shape, never a real address
    ip: `${rng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${rng.int(1, 254)}`,
    locale: rng.chance(0.9) ? 'en-US' : 'es-US',
    clockSkewMs: 0,
  };
}

/** The id the company's native app registers for a mobile device (IDFA upper-case, AAID lower-case). */
export function advertisingIdOf(seed: number, personIndex: number, deviceIndex: number, osName: string): string {
  const id = new Random(hashSeed(seed, personIndex, deviceIndex, 'adid')).uuid();
  return osName === 'iOS' ? id.toUpperCase() : id;
}
