import type { Cell } from './csv.js';

/** Track events of the web app, as RudderStack names their tables (snake_case of the event text). */
export const EVENT_TEXT = {
  product_searched: 'Product Searched',
  product_viewed: 'Product Viewed',
  product_added: 'Product Added',
  checkout_started: 'Checkout Started',
  prescription_uploaded: 'Prescription Uploaded',
  order_completed: 'Order Completed',
  order_cancelled: 'Order Cancelled',
  lab_test_booked: 'Lab Test Booked',
  consultation_booked: 'Consultation Booked',
  refill_reminder_clicked: 'Refill Reminder Clicked',
} as const;

export type EventName = keyof typeof EVENT_TEXT;

export const EVENT_NAMES = Object.keys(EVENT_TEXT) as EventName[];

export type Channel = 'web' | 'server';

export interface Campaign {
  source: string;
  medium: string;
  name: string;
  term: string | null;
  content: string | null;
}

/** What the SDK puts in `context` (flattened to context_* columns by the warehouse loader). */
export interface EventContext {
  ip: string | null;
  libraryName: string;
  libraryVersion: string;
  locale: string | null;
  userAgent: string | null;
  osName: string | null;
  deviceType: string | null;
  pagePath: string | null;
  pageUrl: string | null;
  pageReferrer: string | null;
  campaign: Campaign | null;
}

/**
 * One call (track, page or identify) as the simulator produced it, before it is split into
 * warehouse rows. Times are epoch milliseconds, UTC.
 */
export interface SampleEvent {
  kind: 'track' | 'page' | 'identify';
  /** message id (`id` column) */
  id: string;
  personIndex: number;
  /** 0-based, in the order the person's sessions happened */
  sessionIndex: number;
  anonymousId: string | null;
  userId: string | null;
  channel: Channel;
  /** tracks only */
  event?: EventName;
  /** event properties (tracks), page fields (pages) or traits (identifies), by column name */
  properties: Record<string, Cell>;
  context: EventContext;
  /** when the user really acted */
  occurredAt: number;
  /** the device clock's view of occurredAt (skewed on some devices) */
  originalTimestamp: number;
  sentAt: number;
  receivedAt: number;
  /** RudderStack's skew-corrected time: received_at - (sent_at - original_timestamp) */
  timestamp: number;
  /** when the warehouse load wrote the row */
  uuidTs: number;
  /** planted irregularities this event carries, for tests (not written to CSV) */
  planted?: string[];
}
