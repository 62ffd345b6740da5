import { PRODUCT_COLUMNS } from './catalog.js';
import { EVENT_NAMES, type EventName } from './events.js';

/**
 * The seed tables and their columns, in file order. Event tables mimic RudderStack's warehouse
 * schema: every table repeats the common columns, `tracks` adds event/event_text, each event
 * table adds its properties as columns.
 */

export const COMMON_COLUMNS = [
  'id',
  'anonymous_id',
  'user_id',
  'channel',
  'context_library_name',
  'context_library_version',
  'context_ip',
  'context_locale',
  'context_user_agent',
  'context_os_name',
  'context_device_type',
  'context_page_path',
  'context_page_url',
  'context_page_referrer',
  'context_campaign_source',
  'context_campaign_medium',
  'context_campaign_name',
  'context_campaign_term',
  'context_campaign_content',
  'original_timestamp',
  'sent_at',
  'received_at',
  'timestamp',
  'uuid_ts',
] as const;

export const TRACK_COLUMNS = ['event', 'event_text'] as const;

export const PAGE_COLUMNS = ['name', 'path', 'url', 'referrer', 'title', 'search'] as const;

export const IDENTIFY_TRAITS = ['email', 'phone', 'first_name', 'city', 'state', 'country', 'marketing_opt_in'] as const;

/** properties of each event, i.e. the extra columns of its table */
export const EVENT_PROPERTIES: Record<EventName, readonly string[]> = {
  product_searched: ['query', 'category', 'results_count'],
  product_viewed: ['product_id', 'sku', 'name', 'category', 'price', 'requires_prescription', 'currency'],
  product_added: ['cart_id', 'product_id', 'sku', 'category', 'price', 'quantity', 'currency'],
  checkout_started: ['checkout_id', 'cart_id', 'value', 'currency', 'products_count', 'has_prescription_item'],
  prescription_uploaded: ['prescription_id', 'checkout_id', 'product_id', 'file_type', 'upload_source'],
  order_completed: [
    'order_id',
    'checkout_id',
    'revenue',
    'shipping',
    'tax',
    'discount',
    'coupon',
    'currency',
    'products_count',
    'payment_method',
    'has_prescription_item',
    'is_refill',
    // RudderStack stores array properties as a JSON string
    'products',
  ],
  order_cancelled: ['order_id', 'reason', 'refunded_amount', 'currency'],
  lab_test_booked: ['booking_id', 'product_id', 'test_name', 'price', 'currency', 'collection_type', 'scheduled_for'],
  consultation_booked: ['consultation_id', 'specialty', 'consultation_type', 'fee', 'currency', 'scheduled_for'],
  refill_reminder_clicked: ['reminder_id', 'product_id', 'sku', 'days_since_last_order'],
};

export const MOBILE_DEVICE_COLUMNS = ['user_id', 'advertising_id', 'os_name', 'ad_tracking_enabled', 'first_seen_at'] as const;

export type WebAppTable = 'tracks' | 'pages' | 'identifies' | EventName;
export type TableName = WebAppTable | 'products' | 'mobile_devices';

export interface TableSpec {
  name: TableName;
  /** sub-folder of the seeds directory ('' for top level); also the warehouse schema via project.yml */
  folder: '' | 'web_app';
  columns: readonly string[];
}

export const TABLES: readonly TableSpec[] = [
  { name: 'products', folder: '', columns: PRODUCT_COLUMNS },
  { name: 'mobile_devices', folder: '', columns: MOBILE_DEVICE_COLUMNS },
  { name: 'identifies', folder: 'web_app', columns: [...COMMON_COLUMNS, ...IDENTIFY_TRAITS] },
  { name: 'pages', folder: 'web_app', columns: [...COMMON_COLUMNS, ...PAGE_COLUMNS] },
  { name: 'tracks', folder: 'web_app', columns: [...COMMON_COLUMNS, ...TRACK_COLUMNS] },
  ...EVENT_NAMES.map(
    (event): TableSpec => ({
      name: event,
      folder: 'web_app',
      columns: [...COMMON_COLUMNS, ...TRACK_COLUMNS, ...EVENT_PROPERTIES[event]],
    }),
  ),
];

export const TABLE_NAMES: readonly TableName[] = TABLES.map((t) => t.name);

const BY_NAME = new Map(TABLES.map((t) => [t.name, t]));

export function tableSpec(name: TableName): TableSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown sample table ${name}`);
  return spec;
}

/** path of the table's CSV relative to the seeds directory */
export function tableFile(name: TableName): string {
  const spec = tableSpec(name);
  return spec.folder ? `${spec.folder}/${name}.csv` : `${name}.csv`;
}
