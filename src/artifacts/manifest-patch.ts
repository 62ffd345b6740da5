import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync, writevSync } from 'node:fs';

const OPEN = 0x7b; // {
const SPACE = 0x20;
// room left after an entry rewritten with the file, so the next edits of that model fit in place
const SLACK = 512;
const CLOSE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The byte range of the object value of member `key` in compact JSON: the first `"key":{` that
 * starts a member (after `{` or `,`: inside a string the quotes would be escaped). Node entries
 * come before parent_map, so a node id finds its entry.
 */
export function findObjectMember(buf: Buffer, key: string, from = 0): { start: number; end: number } | undefined {
  const needle = Buffer.from(`${JSON.stringify(key)}:{`);
  for (let at = buf.indexOf(needle, from); at >= 0; at = buf.indexOf(needle, at + 1)) {
    const before = buf[at - 1];
    if (before !== OPEN && before !== 0x2c) continue;
    const start = at + needle.length - 1;
    let depth = 0;
    for (let i = start; i < buf.length; i++) {
      const c = buf[i];
      if (c === QUOTE) {
        for (i++; buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
      } else if (c === OPEN) depth++;
      else if (c === CLOSE && --depth === 0) return { start, end: i + 1 };
    }
    return undefined;
  }
  return undefined;
}

/** Range of the string value of metadata member `key` (its text between the quotes). */
function stringMember(buf: Buffer, key: string): { start: number; end: number } | undefined {
  const needle = Buffer.from(`${JSON.stringify(key)}:"`);
  // metadata is the first member: its fields are within the first few hundred bytes
  const at = buf.subarray(0, 4096).indexOf(needle);
  if (at < 0) return undefined;
  const start = at + needle.length;
  const end = buf.indexOf(QUOTE, start);
  return end < 0 ? undefined : { start, end };
}

export interface ManifestPatch {
  invocationId: string;
  generatedAt: string;
  /** node id → its new entry's JSON */
  entries: Map<string, string>;
}

/**
 * Rewrites manifest.json with new run metadata and new entries for a few nodes, leaving every
 * other byte as it was. Entries that fit in their old place (with the spaces left after them, which
 * JSON allows) are written there, as is the metadata (same length); otherwise the file is written
 * anew beside and renamed over. Returns false when the file is not laid out as expected (nothing
 * is written then).
 */
export function patchManifest(path: string, patch: ManifestPatch): boolean {
  const buf = readFileSync(path);
  const edits: Array<{ start: number; end: number; text: Buffer }> = [];
  for (const [key, value] of [['invocation_id', patch.invocationId], ['generated_at', patch.generatedAt]] as const) {
    const range = stringMember(buf, key);
    const text = Buffer.from(value);
    if (!range || range.end - range.start !== text.length) return false;
    edits.push({ ...range, text });
  }
  let fits = true;
  for (const [id, json] of patch.entries) {
    const range = findObjectMember(buf, id);
    if (!range) return false;
    let end = range.end;
    while (buf[end] === SPACE) end++;
    const text = Buffer.from(json);
    fits &&= text.length <= end - range.start;
    edits.push({ start: range.start, end, text });
  }
  if (fits) {
    const fd = openSync(path, 'r+');
    try {
      for (const e of edits) writeSync(fd, Buffer.concat([e.text, Buffer.alloc(e.end - e.start - e.text.length, SPACE)]), 0, e.end - e.start, e.start);
    } finally {
      closeSync(fd);
    }
    return true;
  }
  edits.sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    const slack = e.end - e.start === e.text.length ? 0 : SLACK;
    parts.push(buf.subarray(at, e.start), e.text, Buffer.alloc(slack, SPACE));
    at = e.end;
  }
  parts.push(buf.subarray(at));
  // a reader never sees half a manifest: written aside, then renamed over it
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeAllv(fd, parts);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return true;
}

/** writev may write less than asked (and takes at most 1024 buffers at once). */
function writeAllv(fd: number, parts: Buffer[]): void {
  let queue = parts.filter((p) => p.length > 0);
  while (queue.length) {
    const batch = queue.slice(0, 1024);
    let written = writevSync(fd, batch);
    let i = 0;
    while (i < batch.length && written >= batch[i]!.length) written -= batch[i++]!.length;
    queue = i < batch.length ? [batch[i]!.subarray(written), ...queue.slice(i + 1)] : queue.slice(batch.length);
  }
}
