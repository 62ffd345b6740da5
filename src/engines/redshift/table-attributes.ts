import { sql, type RawBuilder } from 'kysely';
import { KeelError } from '../../core/errors.js';

/** Redshift's per-table physical design, from a model's `dist`, `sort` and `sort_type` config. */
export interface TableAttributes {
  /** `auto`, `even`, `all`, or a column name (DISTSTYLE KEY on that column) */
  dist?: string;
  sort?: string[];
  sortType: 'compound' | 'interleaved';
}

const DIST_STYLES = new Set(['auto', 'even', 'all']);
/** Redshift's limit for interleaved sort keys */
const MAX_INTERLEAVED_COLUMNS = 8;

export function tableAttributesOf(config: Record<string, unknown> | undefined): TableAttributes {
  const dist = config?.dist;
  const sort = config?.sort;
  const sortType = config?.sort_type ?? 'compound';
  if (dist !== undefined && (typeof dist !== 'string' || !dist.trim())) {
    throw new KeelError(`dist must be auto, even, all or a column name, got ${JSON.stringify(dist)}`);
  }
  const sortColumns = sort === undefined ? undefined : Array.isArray(sort) ? sort.map(String) : [String(sort)];
  if (sortColumns && (!sortColumns.length || sortColumns.some((c) => !c.trim()))) {
    throw new KeelError(`sort must name one or more columns, got ${JSON.stringify(sort)}`);
  }
  if (sortType !== 'compound' && sortType !== 'interleaved') {
    throw new KeelError(`sort_type must be compound or interleaved, got ${JSON.stringify(sortType)}`);
  }
  if (sortType === 'interleaved' && (sortColumns?.length ?? 0) > MAX_INTERLEAVED_COLUMNS) {
    throw new KeelError(`an interleaved sort key takes at most ${MAX_INTERLEAVED_COLUMNS} columns, got ${sortColumns!.length}`);
  }
  return { dist: dist?.trim(), sort: sortColumns?.map((c) => c.trim()), sortType };
}

/** `DISTSTYLE KEY DISTKEY("col") COMPOUND SORTKEY("a", "b")`, or nothing when the config sets neither. */
export function tableAttributesSql(attrs: TableAttributes): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  if (attrs.dist) {
    const style = attrs.dist.toLowerCase();
    parts.push(DIST_STYLES.has(style) ? sql.raw(`diststyle ${style}`) : sql`diststyle key distkey(${sql.id(attrs.dist)})`);
  }
  if (attrs.sort) {
    parts.push(sql`${sql.raw(attrs.sortType)} sortkey(${sql.join(attrs.sort.map((c) => sql.id(c)))})`);
  }
  return parts.length ? sql.join(parts, sql` `) : null;
}
