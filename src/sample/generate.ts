import { PRODUCTS } from './catalog.js';
import { redelivery } from './delivery.js';
import { Random, hashSeed } from './prng.js';
import type { SampleEvent } from './events.js';
import { rowsOfEvent, type TableRow } from './rows.js';
import { simulatePerson, type PersonData } from './simulate.js';
import type { SimulationWindow } from './window.js';

export interface SampleOptions {
  /** any integer; the same seed gives the same bytes */
  seed: number;
  persons: number;
  /** first day of the simulated window, `YYYY-MM-DD` (UTC) */
  startDate: string;
  days: number;
}

/**
 * The committed sample: a few thousand rows, about 1.5 MB (RudderStack rows are wide, ~550 bytes,
 * hence 120 persons: six per cohort slot). The window starts a few days before the project's
 * `start_date` var (2025-01-01) so that the staging models' date filter has something to drop.
 */
export const DEFAULT_SAMPLE_OPTIONS: Readonly<SampleOptions> = {
  seed: 42,
  persons: 120,
  startDate: '2024-12-28',
  days: 64,
};

/** generateEvents keeps everything in memory; beyond this, stream with generateWorkspaceData */
export const MAX_IN_MEMORY_PERSONS = 20_000;

export function resolveSampleOptions(partial: Partial<SampleOptions> = {}): SampleOptions {
  const opts = { ...DEFAULT_SAMPLE_OPTIONS, ...partial };
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (!Number.isInteger(opts.persons) || opts.persons < 0) throw new Error(`persons must be a non-negative integer, got ${opts.persons}`);
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new Error(`days must be a positive integer, got ${opts.days}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.startDate) || Number.isNaN(Date.parse(`${opts.startDate}T00:00:00Z`))) {
    throw new Error(`startDate must be YYYY-MM-DD, got ${opts.startDate}`);
  }
  return opts;
}

export function windowOf(opts: SampleOptions): SimulationWindow {
  return { startMs: Date.parse(`${opts.startDate}T00:00:00Z`), days: opts.days };
}

/** One person at a time; memory stays at one person's events however many persons there are. */
export function* generatePersons(partial: Partial<SampleOptions> = {}): Generator<PersonData & { personIndex: number }> {
  const opts = resolveSampleOptions(partial);
  const window = windowOf(opts);
  for (let i = 0; i < opts.persons; i++) yield { personIndex: i, ...simulatePerson(opts.seed, i, window) };
}

/**
 * Every row of every seed table, streamed: the catalog first, then each person's rows in time
 * order, with a redelivered call's rows again right after its first delivery (see REDELIVERY_SHARE).
 * Rows of different tables interleave; route them by `table`.
 */
export function* generateWorkspaceData(partial: Partial<SampleOptions> = {}): Generator<TableRow> {
  const { seed } = resolveSampleOptions(partial);
  for (const p of PRODUCTS) {
    yield {
      table: 'products',
      row: {
        product_id: p.product_id,
        sku: p.sku,
        name: p.name,
        category: p.category,
        price: p.price.toFixed(2),
        requires_prescription: p.requires_prescription,
      },
    };
  }
  for (const person of generatePersons(partial)) {
    const redeliveries = new Random(hashSeed(seed, person.personIndex, 'redelivery'));
    for (const e of person.events) {
      yield* rowsOfEvent(e);
      const again = redelivery(e, redeliveries);
      if (again) yield* rowsOfEvent(again);
    }
    for (const d of person.mobileDevices) yield { table: 'mobile_devices', row: { ...d } };
  }
}

/** The calls in memory form (all persons, each in time order), for tests and small sizes. */
export function generateEvents(partial: Partial<SampleOptions> = {}): SampleEvent[] {
  const opts = resolveSampleOptions(partial);
  if (opts.persons > MAX_IN_MEMORY_PERSONS) {
    throw new Error(`generateEvents holds everything in memory; use generateWorkspaceData for more than ${MAX_IN_MEMORY_PERSONS} persons`);
  }
  const out: SampleEvent[] = [];
  for (const person of generatePersons(opts)) out.push(...person.events);
  return out;
}
