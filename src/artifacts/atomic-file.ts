import { closeSync, openSync, renameSync, rmSync } from 'node:fs';

/** Writes `path` through a temp file beside it and a rename, so a reader never sees half of it. */
export function writeFileAtomically(path: string, write: (fd: number) => void): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    write(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}
