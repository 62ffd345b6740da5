import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/sample/csv.js';
import { EVENT_NAMES, EVENT_TEXT } from '../../src/sample/events.js';
import { TABLES, tableFile } from '../../src/sample/tables.js';

/** Checks the committed seeds against the RudderStack warehouse schema the staging models expect. */

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const REQUIRED_COMMON = [
  'id',
  'anonymous_id',
  'user_id',
  'timestamp',
  'original_timestamp',
  'sent_at',
  'received_at',
  'uuid_ts',
  'channel',
  'context_ip',
  'context_library_name',
  'context_page_path',
  'context_page_url',
  'context_page_referrer',
  'context_campaign_source',
  'context_campaign_medium',
  'context_campaign_name',
  'context_campaign_term',
  'context_campaign_content',
  'context_device_type',
  'context_os_name',
  'context_user_agent',
  'context_locale',
];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

type Table = { header: string[]; rows: Array<Record<string, string>> };
const cache = new Map<string, Table>();
async function load(name: string): Promise<Table> {
  const hit = cache.get(name);
  if (hit) return hit;
  const [header, ...lines] = parseCsv(await readFile(join(SEEDS, tableFile(name as never)), 'utf8'));
  for (const line of lines) expect(line.length, `${name}: field count`).toBe(header.length);
  const table = { header, rows: lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]]))) };
  cache.set(name, table);
  return table;
}

/** a delivery of a call: redeliveries share the message id and differ in received_at */
const delivery = (r: Record<string, string>) => `${r.id} ${r.received_at}`;

const webApp = TABLES.filter((t) => t.folder === 'web_app').map((t) => t.name);

describe('RudderStack warehouse shape of seeds/web_app', () => {
  it('has tracks, pages, identifies and one table per event', () => {
    expect(webApp).toEqual(expect.arrayContaining(['tracks', 'pages', 'identifies', ...EVENT_NAMES]));
  });

  it.each(webApp)('%s has the common columns and well-formed times', async (name) => {
    const { header, rows } = await load(name);
    expect(header).toEqual(expect.arrayContaining(REQUIRED_COMMON));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.anonymous_id !== '' || row.user_id !== '').toBe(true);
      for (const col of ['timestamp', 'original_timestamp', 'sent_at', 'received_at', 'uuid_ts']) expect(row[col]).toMatch(TIMESTAMP);
      expect(['web', 'server']).toContain(row.channel);
    }
  });

  it.each(EVENT_NAMES)('%s rows are tracks rows plus properties', async (event) => {
    const table = await load(event);
    const tracks = new Map((await load('tracks')).rows.map((r) => [delivery(r), r]));
    expect(table.header).toEqual(expect.arrayContaining(['event', 'event_text']));
    for (const row of table.rows) {
      expect(row.event).toBe(event);
      expect(row.event_text).toBe(EVENT_TEXT[event]);
      const tracked = tracks.get(delivery(row));
      expect(tracked, row.id).toBeDefined();
      for (const [col, value] of Object.entries(tracked!)) expect(row[col], col).toBe(value);
    }
  });

  it('every tracks row has exactly one event-table row', async () => {
    const deliveries = new Set<string>();
    for (const event of EVENT_NAMES) for (const row of (await load(event)).rows) deliveries.add(delivery(row));
    const tracks = (await load('tracks')).rows;
    expect(deliveries.size).toBe(tracks.length);
    for (const row of tracks) expect(deliveries.has(delivery(row))).toBe(true);
  });

  it('a message id repeats only as an exact redelivery: same payload, received later', async () => {
    let redelivered = 0;
    for (const name of webApp) {
      const first = new Map<string, Record<string, string>>();
      for (const row of (await load(name)).rows) {
        const seen = first.get(row.id);
        if (!seen) {
          first.set(row.id, row);
          continue;
        }
        redelivered++;
        expect(row.received_at > seen.received_at, row.id).toBe(true);
        const payload = (r: Record<string, string>) => Object.entries(r).filter(([c]) => !['received_at', 'timestamp', 'uuid_ts'].includes(c));
        expect(payload(row), row.id).toEqual(payload(seen));
      }
    }
    expect(redelivered).toBeGreaterThan(0);
  });

  it('pages and identifies carry their fields', async () => {
    const pages = await load('pages');
    expect(pages.header).toEqual(expect.arrayContaining(['name', 'path', 'url', 'referrer', 'title', 'search']));
    for (const row of pages.rows) expect(row.url.startsWith('https://') && row.url.includes(row.path)).toBe(true);
    const identifies = await load('identifies');
    expect(identifies.header).toEqual(expect.arrayContaining(['email', 'phone', 'city']));
    for (const row of identifies.rows) {
      expect(row.user_id).not.toBe('');
      expect(row.email.trim()).toMatch(/^[^@\s]+@[^@\s]+$/);
    }
  });

  it('uses snake_case column names everywhere', async () => {
    for (const spec of TABLES) for (const col of spec.columns) expect(col).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});
