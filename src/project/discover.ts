import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Finds project files by folder and extension. Each folder is listed once however many kinds of
 * file are looked up below it (models/ holds both the SQL and the YAML), and file types come
 * with the listing: a stat per file was most of the walk on a large project.
 */
export class FileFinder {
  private readonly listed = new Map<string, string[]>();
  /** every folder listed (relative to root), for telling later whether a file was added or removed */
  readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  /** Files below `dirs` (relative to root) whose names end with one of `exts`, as sorted posix paths relative to root. */
  find(dirs: string[], exts: string[]): string[] {
    const out = new Set<string>();
    for (const dir of dirs) {
      for (const file of this.filesBelow(dir)) if (exts.some((e) => file.endsWith(e))) out.add(file);
    }
    return [...out].sort();
  }

  private filesBelow(dir: string): string[] {
    let files = this.listed.get(dir);
    if (!files) {
      files = [];
      const top = join(this.root, dir);
      const base = posix(relative(this.root, top));
      // a folder outside the root could lead back into it, where only relative() names files right
      const name = base.startsWith('..') ? (full: string) => posix(relative(this.root, full)) : undefined;
      walk(top, base, files, name, this.folders);
      this.listed.set(dir, files);
    }
    return files;
  }
}

function walk(abs: string, rel: string, out: string[], name: ((full: string) => string) | undefined, folders: Set<string>): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return;
  }
  folders.add(name ? name(abs) : rel);
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    // a symlink counts as what it points to
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(abs, entry.name)).isDirectory())) walk(join(abs, entry.name), relPath, out, name, folders);
    else out.push(name ? name(join(abs, entry.name)) : relPath);
  }
}

const posix = (path: string) => path.split(sep).join('/');

/** Files below `dirs` (relative to root) whose names end with one of `exts`, as sorted posix paths relative to root. */
export function discoverFiles(root: string, dirs: string[], exts: string[]): string[] {
  return new FileFinder(root).find(dirs, exts);
}

/** `models/staging/stg_orders.sql` below `models` → `['staging']` */
export function foldersBelow(file: string, basePaths: string[]): string[] {
  const base = basePaths.find((b) => file.startsWith(b.replace(/\/$/, '') + '/'));
  const rest = base ? file.slice(base.replace(/\/$/, '').length + 1) : file;
  return rest.split('/').slice(0, -1);
}
