import { readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { KeelError } from '../core/errors.js';
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

function walk(abs: string, rel: string, out: string[], name: ((full: string) => string) | undefined, folders: Set<string>, within: string[] = []): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    // a folder project.yml names but that is missing is refused when project.yml is read
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && within.length === 0) return;
    throw new KeelError(`Cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { location: { file: rel || '.' } });
  }
  folders.add(name ? name(abs) : rel);
  const real = realpathSync(abs);
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const full = join(abs, entry.name);
    // a symlink counts as what it points to
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && linkTarget(full, relPath).isDirectory());
    if (isDir) {
      if (entry.isSymbolicLink() && [...within, real].includes(realpathSync(full))) {
        throw new KeelError(`Symbolic link loop: ${relPath} points back to a folder that contains it (${readlinkSync(full)})`, { location: { file: relPath } });
      }
      walk(full, relPath, out, name, folders, [...within, real]);
    } else out.push(name ? name(full) : relPath);
  }
}

/** What a symlink points to; a dangling link or a loop of links is named, not a raw ENOENT/ELOOP. */
function linkTarget(full: string, relPath: string): Stats {
  try {
    return statSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let to = '?';
    try {
      to = readlinkSync(full);
    } catch {
      // the link itself went away: the message names it anyway
    }
    if (code === 'ELOOP') throw new KeelError(`Symbolic link loop: ${relPath} -> ${to} never reaches a file`, { location: { file: relPath } });
    if (code === 'ENOENT') throw new KeelError(`Dangling symbolic link: ${relPath} -> ${to}, which does not exist`, { location: { file: relPath } });
    throw new KeelError(`Cannot read ${relPath}: ${code ?? (err as Error).message}`, { location: { file: relPath } });
  }
}

const posix = (path: string) => path.split(sep).join('/');

/** Files below `dirs` (relative to root) whose names end with one of `exts`, as sorted posix paths relative to root. */
export function discoverFiles(root: string, dirs: string[], exts: string[]): string[] {
  return new FileFinder(root).find(dirs, exts);
}

/** `models/staging/stg_orders.sql` below `models` → `['staging']` */
export function foldersBelow(file: string, basePaths: string[]): string[] {
  const base = basePaths.find((b) => file.startsWith(`${b.replace(/\/$/, '')}/`));
  const rest = base ? file.slice(base.replace(/\/$/, '').length + 1) : file;
  return rest.split('/').slice(0, -1);
}
