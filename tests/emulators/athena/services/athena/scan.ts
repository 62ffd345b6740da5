import { decodeView } from '../../lake/bindings.js';
import { isView } from '../../lake/glue-store.js';
import type { Lake } from '../../lake/lake.js';
import { segments } from '../../sql/sql-text.js';

const NAME = /("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)\s*\.\s*("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)(?:\s*\.\s*("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*))?/g;
const unquote = (s: string | undefined) => (s === undefined ? undefined : (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s).toLowerCase());

/** Glue tables (`db.name`) a statement names, through the views it reads. keel always qualifies names. */
export function referencedTables(lake: Lake, sql: string, depth = 0): string[] {
  const text = segments(sql)
    .map((s) => (s.kind === 'string' || s.kind === 'comment' ? ' '.repeat(s.text.length) : s.text))
    .join('');
  const found = new Set<string>();
  for (const m of text.matchAll(NAME)) {
    const parts = [unquote(m[1]), unquote(m[2]), unquote(m[3])].filter((p): p is string => p !== undefined);
    const [db, name] = parts.length === 3 ? parts.slice(1) : parts;
    const t = lake.glue.getTable(db!, name!);
    if (!t) continue;
    found.add(`${t.DatabaseName}.${t.Name}`);
    if (isView(t) && depth < 5) {
      const view = decodeView(t.ViewOriginalText ?? '');
      if (view) for (const inner of referencedTables(lake, view.originalSql, depth + 1)) found.add(inner);
    }
  }
  return [...found];
}

/** What Athena would report as scanned: the data of every table read (views count through their tables). */
export async function bytesScanned(lake: Lake, tables: string[]): Promise<number> {
  let bytes = 0;
  for (const key of tables) {
    const [db, name] = key.split('.') as [string, string];
    const t = lake.glue.getTable(db, name);
    if (!t || isView(t)) continue;
    const location = t.StorageDescriptor?.Location ?? '';
    const partitions = (t.PartitionKeys?.length ?? 0) > 0 ? lake.glue.getPartitions(db, name) : [];
    const roots = new Set(partitions.length ? partitions.map((p) => lake.data.rootHolding(p.StorageDescriptor?.Location ?? '')) : [lake.data.root(location)]);
    for (const r of roots) if (r) bytes += await lake.data.sizeOf(r);
  }
  return bytes;
}
