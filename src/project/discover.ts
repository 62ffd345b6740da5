import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files below `dirs` (relative to root) whose names end with one of `exts`, as sorted posix paths relative to root. */
export function discoverFiles(root: string, dirs: string[], exts: string[]): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      const full = join(abs, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (exts.some((e) => name.endsWith(e))) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  for (const d of dirs) walk(join(root, d));
  return [...new Set(out)].sort();
}

/** `models/staging/stg_orders.sql` below `models` → `['staging']` */
export function foldersBelow(file: string, basePaths: string[]): string[] {
  const base = basePaths.find((b) => file.startsWith(b.replace(/\/$/, '') + '/'));
  const rest = base ? file.slice(base.replace(/\/$/, '').length + 1) : file;
  return rest.split('/').slice(0, -1);
}
