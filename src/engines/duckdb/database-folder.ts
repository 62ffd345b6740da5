import { accessSync, constants, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { KeelError } from '../../core/errors.js';

/** Kernel views, not storage: writing a database there fails in odd ways, and creating folders under /proc/self can loop forever. */
const PSEUDO_FILESYSTEMS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'mqueue',
  'binfmt_misc',
  'efivarfs',
  'autofs',
  'hugetlbfs',
]);
/** where no mount table can be read (not Linux) */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * Creates the folder a DuckDB database file goes in, after checking it can hold one: its nearest
 * existing ancestor must be a writable directory on a real filesystem. `what` names the database
 * in the error (e.g. "target 'dev'").
 */
export function prepareDatabaseFolder(folder: string, dbPath: string, what = 'the DuckDB database'): void {
  const existing = nearestExisting(folder);
  const real = realpathSync(existing);
  const pseudo = pseudoFilesystemOf(real);
  if (pseudo) {
    throw new KeelError(`${what}: the database path ${dbPath} is under ${pseudo.mount} (${pseudo.type}), a pseudo-filesystem that cannot hold files`, {
      hint: 'Set the target path to a folder on a real disk.',
    });
  }
  if (!statSync(real).isDirectory()) throw new KeelError(`${what}: the database path ${dbPath} cannot be created: ${existing} is not a directory`);
  try {
    accessSync(real, constants.W_OK);
  } catch {
    if (existing !== folder) throw new KeelError(`${what}: the folder for ${dbPath} cannot be created: ${existing} is not writable`);
    // an existing folder we cannot write: DuckDB may still open a file there read-only, and says why if not
    return;
  }
  mkdirSync(folder, { recursive: true });
}

function nearestExisting(folder: string): string {
  let dir = folder;
  for (;;) {
    try {
      statSync(dir);
      return dir;
    } catch {
      const up = dirname(dir);
      if (up === dir) return dir;
      dir = up;
    }
  }
}

function pseudoFilesystemOf(real: string): { mount: string; type: string } | undefined {
  const mounts = readMounts();
  if (!mounts) {
    const root = PSEUDO_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
    return root ? { mount: root, type: 'pseudo' } : undefined;
  }
  // the deepest mount containing the path decides (/dev/shm is tmpfs inside devtmpfs /dev)
  let best: { mount: string; type: string } | undefined;
  for (const m of mounts) {
    const rel = relative(m.mount, real);
    const inside = rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
    if (inside && (!best || m.mount.length > best.mount.length)) best = m;
  }
  return best && PSEUDO_FILESYSTEMS.has(best.type) ? best : undefined;
}

/** Linux's mount table: the mount point is field 5, the type follows the ' - ' separator. */
function readMounts(): Array<{ mount: string; type: string }> | undefined {
  let text: string;
  try {
    text = readFileSync(join('/proc', 'self', 'mountinfo'), 'utf8');
  } catch {
    return undefined;
  }
  const out: Array<{ mount: string; type: string }> = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mount = left.split(' ')[4];
    const type = right.split(' ')[0];
    if (mount && type) out.push({ mount: mount.replace(/\\040/g, ' '), type });
  }
  return out;
}
