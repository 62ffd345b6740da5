import { statSync } from 'node:fs';

/**
 * The compiled files a long-lived process (`keel compile --watch`) last wrote or found holding
 * their text, with their stat at that moment (taken on the open file by the writer). A file whose
 * stat is still that, asked to hold the same text, is left alone without being read: any write
 * to it since, by hand or by another process, changes its ctime at least.
 */
export class KnownFiles {
  private readonly files = new Map<string, { text: string; stat: string }>();

  holds(path: string, text: string): boolean {
    const known = this.files.get(path);
    if (known === undefined || known.text !== text) return false;
    const s = statSync(path, { bigint: true, throwIfNoEntry: false });
    return s !== undefined && `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` === known.stat;
  }

  remember(path: string, text: string, stat: string): void {
    this.files.set(path, { text, stat });
  }
}
