import { closeSync, openSync, readFileSync, readSync, writeSync, writevSync } from 'node:fs';
import { writeFileAtomically } from './atomic-file.js';
import type { EntryRanges } from './json-stream.js';
import { ADDED_ROOM, MODEL_ENTRY_ROOM, MODEL_PARENTS_ROOM } from './manifest-room.js';
import { CLOSE, CLOSE_ARRAY, COMMA, OPEN, QUOTE, SPACE, membersOf, valueEnd, type Member } from './manifest-members.js';
import { testEdits } from './manifest-tests.js';

// room left after an entry rewritten with the file, so the next edits of that model fit in place
const SLACK = 512;

/**
 * The byte range of the value of member `key` in compact JSON, an object or an array as `open`
 * says: the first `"key":{` (or `[`) from `from` that starts a member (after `{` or `,`: inside
 * a string the quotes would be escaped). Node entries come before parent_map, so a node id finds
 * its entry.
 */
function findMember(buf: Buffer, key: string, open: '{' | '[', from: number): { start: number; end: number } | undefined {
  const needle = Buffer.from(`${JSON.stringify(key)}:${open}`);
  for (let at = buf.indexOf(needle, from); at >= 0; at = buf.indexOf(needle, at + 1)) {
    const before = buf[at - 1];
    if (before !== OPEN && before !== COMMA) continue;
    const start = at + needle.length - 1;
    const end = valueEnd(buf, start);
    return end < 0 ? undefined : { start, end };
  }
  return undefined;
}

export const findObjectMember = (buf: Buffer, key: string, from = 0) => findMember(buf, key, '{', from);
const findArrayMember = (buf: Buffer, key: string, from: number) => findMember(buf, key, '[', from);

/** Ranges of the `wanted` entries of the top-level `nodes` object, in one pass over it (up to the last found, unless `all` were scanned already). */
function nodeEntries(buf: Buffer, wanted: Map<string, unknown>, all?: Member[]): Map<string, { start: number; end: number }> | undefined {
  let left = wanted.size;
  const members = all ?? membersOf(buf, 'nodes', 0, (m) => wanted.has(m.key) && --left === 0)?.members;
  if (!members) return undefined;
  const out = new Map<string, { start: number; end: number }>();
  for (const { key, start, end } of members) if (wanted.has(key)) out.set(key, { start, end });
  return out;
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
  /** node id → its new parent_map entry's JSON (an array), when its dependencies changed */
  parents?: Map<string, string>;
  /**
   * Nodes new to the manifest: their entries and parent_map entries (JSON), added at the end of
   * `nodes` and of `parent_map`, whose closing braces are at `at`, each after `free` spaces: the
   * room left for additions. They are written there when they fit, else the file is written anew.
   */
  added?: { entries: Map<string, string>; parents: Map<string, string>; at: [nodes: number, parents: number]; free: [nodes: number, parents: number] };
  /**
   * The tests of property files (`files`) as they are now: their entries and parent_map entries
   * replace those the files had; `free` as for `added` (the room there is left as it is).
   */
  tests?: { files: Set<string>; entries: Map<string, string>; parents: Map<string, string>; free: [nodes: number, parents: number] };
}

/** `exact`: written as is, without the room an entry rewritten with the file gets */
export type Edit = { start: number; end: number; text: Buffer; exact?: boolean };

/** How a rewrite of the whole file moved bytes: those from `from` on (up to the next move) by `shift`. */
export type Moves = Array<[from: number, shift: number]>;

export interface Patched {
  /** where the entries written and the known ones are now */
  entries: EntryRanges;
  /** set when the file was written anew: how it moved every other entry */
  moves?: Moves;
  /** set when nodes were added: the room now left before the braces closing `nodes` and `parent_map` */
  free?: [nodes: number, parents: number];
}

/** Where a range is after the rewrites that followed, in order. */
export function movedRange(range: [number, number], rewrites: Moves[]): [number, number] {
  let [start, end] = range;
  for (const moves of rewrites) {
    const by = shiftAt(moves, start);
    start += by;
    end += by;
  }
  return [start, end];
}

const shiftAt = (moves: Moves, at: number) => moves.filter(([from]) => from <= at).at(-1)?.[1] ?? 0;

/**
 * Rewrites manifest.json with new run metadata and new entries for a few nodes, leaving every
 * other byte as it was. Entries that fit in their old place (with the spaces left after them, which
 * JSON allows) are written there, as is the metadata (same length); otherwise the file is written
 * anew beside and renamed over. `known` are ranges an earlier patch returned (`knownParents`, of
 * parent_map entries): when all entries to write are among them and fit, only those ranges are
 * read, not the whole file. Returns where entries are now (the known ones, moved as the file was),
 * or undefined when the file is not laid out as expected (nothing is written then).
 */
export function patchManifest(path: string, patch: ManifestPatch, known: EntryRanges = {}, knownParents: EntryRanges = {}): Patched | undefined {
  const fd = openSync(path, 'r+');
  try {
    const head = Buffer.alloc(4096);
    const meta = metadataEdits(head.subarray(0, readSync(fd, head, 0, head.length, 0)), patch);
    if (!meta) return undefined;
    // the tests a file had are found by reading the whole manifest
    const inPlace = patch.tests ? undefined : knownEdits(fd, patch, known, knownParents);
    const adding = patch.added?.entries.size ? addedInPlace(fd, patch.added) : { edits: [], ranges: {}, free: undefined };
    if (inPlace && adding) {
      for (const e of [...meta, ...inPlace, ...adding.edits]) writeSync(fd, padded(e), 0, e.end - e.start, e.start);
      return { entries: { ...known, ...adding.ranges }, free: adding.free };
    }
  } finally {
    closeSync(fd);
  }
  return patchWhole(path, patch, known);
}

function metadataEdits(head: Buffer, patch: ManifestPatch): Edit[] | undefined {
  const edits: Edit[] = [];
  for (const [key, value] of [['invocation_id', patch.invocationId], ['generated_at', patch.generatedAt]] as const) {
    const range = stringMember(head, key);
    const text = Buffer.from(value);
    if (!range || range.end - range.start !== text.length) return undefined;
    edits.push({ ...range, text });
  }
  return edits;
}

/** Edits for entries and parent_map entries whose known ranges still hold them and fit the new text. */
function knownEdits(fd: number, patch: ManifestPatch, known: EntryRanges, knownParents: EntryRanges): Edit[] | undefined {
  const edits: Edit[] = [];
  for (const [id, json] of patch.entries) {
    const edit = knownEdit(fd, id, json, known[id], findObjectMember);
    if (!edit) return undefined;
    edits.push(edit);
  }
  for (const [id, json] of patch.parents ?? []) {
    const edit = knownEdit(fd, id, json, knownParents[id], findArrayMember);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

type FindMember = (buf: Buffer, key: string, from: number) => { start: number; end: number } | undefined;

/** The edit of a member whose range still holds it (its key before, one value then spaces) and fits the new text. */
function knownEdit(fd: number, id: string, json: string, range: [number, number] | undefined, find: FindMember): Edit | undefined {
  const text = Buffer.from(json);
  if (!range || text.length > range[1] - range[0]) return undefined;
  const key = Buffer.from(`${JSON.stringify(id)}:`);
  const at = range[0] - key.length;
  const window = Buffer.alloc(range[1] - at);
  if (at < 1 || readSync(fd, window, 0, window.length, at) !== window.length) return undefined;
  if (!window.subarray(0, key.length).equals(key)) return undefined;
  const member = find(Buffer.concat([Buffer.from('{'), window]), id, 0);
  if (!member || member.start !== key.length + 1 || window.subarray(member.end - 1).some((c) => c !== SPACE)) return undefined;
  return { start: range[0], end: range[1], text };
}

const padded = (e: Edit) => (e.text.length === e.end - e.start ? e.text : Buffer.concat([e.text, Buffer.alloc(e.end - e.start - e.text.length, SPACE)]));

// past this many entries one pass over the nodes beats a search from the start for each
const ONE_PASS_FROM = 8;

function patchWhole(path: string, patch: ManifestPatch, known: EntryRanges): Patched | undefined {
  const buf = readFileSync(path);
  const edits = metadataEdits(buf.subarray(0, 4096), patch);
  if (!edits) return undefined;
  // the tests a file had are found in one pass over every node, which finds the entries too
  const nodes = patch.tests ? membersOf(buf, 'nodes') : undefined;
  if (patch.tests && !nodes) return undefined;
  const found = patch.entries.size >= ONE_PASS_FROM ? nodeEntries(buf, patch.entries, nodes?.members) : undefined;
  const parentMap = patch.parents?.size ? buf.indexOf(',"parent_map":{') : 0;
  if (parentMap < 0) return undefined;
  type Member = readonly [range: { start: number; end: number } | undefined, json: string];
  const members: Member[] = [
    ...[...patch.entries].map(([id, json]): Member => [found ? found.get(id) : findObjectMember(buf, id), json]),
    ...[...(patch.parents ?? [])].map(([id, json]): Member => [findArrayMember(buf, id, parentMap), json]),
  ];
  let fits = true;
  for (const [range, json] of members) {
    if (!range) return undefined;
    // the spaces after a member are its room
    let end = range.end;
    while (buf[end] === SPACE) end++;
    const text = Buffer.from(json);
    fits &&= text.length <= end - range.start;
    edits.push({ start: range.start, end, text });
  }
  const tests = patch.tests ? testEdits(buf, patch.tests, nodes!) : [];
  if (!tests) return undefined;
  edits.push(...tests);
  fits &&= tests.length === 0;
  const added = additions(buf, patch.added);
  if (!added) return undefined;
  edits.push(...added);
  fits &&= added.length === 0;
  const ids = [...patch.entries.keys()];
  if (fits) {
    const fd = openSync(path, 'r+');
    try {
      for (const e of edits) writeSync(fd, padded(e), 0, e.end - e.start, e.start);
    } finally {
      closeSync(fd);
    }
    const out = { ...known };
    ids.forEach((id, i) => (out[id] = [edits[i + 2]!.start, edits[i + 2]!.end]));
    return { entries: out };
  }
  // entries rewritten with the file get room for the next edit
  const placed = edits.map((e) => ({ ...e, size: e.exact || e.end - e.start === e.text.length ? e.text.length : e.text.length + SLACK }));
  const order = [...placed.keys()].sort((a, b) => placed[a]!.start - placed[b]!.start);
  const parts: Buffer[] = [];
  const moves: Moves = [];
  const where = new Map<number, number>();
  let at = 0;
  let shift = 0;
  for (const i of order) {
    const e = placed[i]!;
    parts.push(buf.subarray(at, e.start), padded({ start: 0, end: e.size, text: e.text }));
    where.set(i, e.start + shift);
    shift += e.size - (e.end - e.start);
    moves.push([e.end, shift]);
    at = e.end;
  }
  parts.push(buf.subarray(at));
  writeFileAtomically(path, (fd) => writeAllv(fd, parts));
  const out: EntryRanges = {};
  for (const [id, range] of Object.entries(known)) if (!patch.entries.has(id)) out[id] = movedRange(range, [moves]);
  ids.forEach((id, i) => {
    const start = where.get(i + 2)!;
    out[id] = [start, start + placed[i + 2]!.size];
  });
  // an added entry's text starts with its key: its range is its value's
  const firstAdded = edits.length - added.length;
  [...(patch.added?.entries.keys() ?? [])].forEach((id, i) => {
    const start = where.get(firstAdded + i)! + memberKey(id).length;
    out[id] = [start, where.get(firstAdded + i)! + placed[firstAdded + i]!.size];
  });
  return { entries: out, moves, free: added.length ? [ADDED_ROOM.nodes, ADDED_ROOM.parents] : undefined };
}

const memberKey = (id: string) => `,${JSON.stringify(id)}:`;

/** Insertions of the added members before the braces closing `nodes` and `parent_map`; undefined if those are not there. */
function additions(buf: Buffer, added: ManifestPatch['added']): Edit[] | undefined {
  if (!added?.entries.size) return [];
  const [nodesEnd, parentsEnd] = added.at;
  for (const at of [nodesEnd, parentsEnd]) {
    if (buf[at] !== CLOSE) return undefined;
    // an object with a member before: the added ones follow it after a comma
    let before = at - 1;
    while (buf[before] === SPACE) before--;
    if (buf[before] !== CLOSE && buf[before] !== CLOSE_ARRAY) return undefined;
  }
  // the members, then fresh room for the next additions (the room they did not fit in stays behind, as spaces)
  const insert = (at: number, members: Map<string, string>, room: number): Edit[] => [
    ...[...members].map(([id, json]): Edit => ({ start: at, end: at, text: Buffer.from(`${memberKey(id)}${json}`) })),
    { start: at, end: at, text: Buffer.alloc(room, SPACE), exact: true },
  ];
  return [...insert(nodesEnd, added.entries, ADDED_ROOM.nodes), ...insert(parentsEnd, added.parents, ADDED_ROOM.parents)];
}

// the spaces before the room are the last entry's own room (MODEL_ENTRY_ROOM or SLACK, unless it
// shrank since); beyond this many the file is written anew, which is slower but as right
const LOOK_BACK = 1024;

/**
 * The added members written into the room before the braces closing `nodes` and `parent_map`, when
 * they fit and that room is still spaces after a member: the edits, the ranges of the added
 * entries (each with the room a model's entry gets), and the room left. Undefined otherwise.
 */
function addedInPlace(fd: number, added: NonNullable<ManifestPatch['added']>): { edits: Edit[]; ranges: EntryRanges; free: [number, number] } | undefined {
  const edits: Edit[] = [];
  const ranges: EntryRanges = {};
  const free: [number, number] = [...added.free];
  const objects = [
    [added.entries, MODEL_ENTRY_ROOM],
    [added.parents, MODEL_PARENTS_ROOM],
  ] as const;
  for (const [k, [members, room]] of objects.entries()) {
    const texts = [...members].map(([id, json]) => ({ id, key: memberKey(id), text: Buffer.from(`${memberKey(id)}${json}${' '.repeat(room)}`) }));
    const size = texts.reduce((n, t) => n + t.text.length, 0);
    const end = added.at[k]!;
    const start = end - free[k]!;
    if (size > free[k]! || start < 1) return undefined;
    const back = Math.min(start, LOOK_BACK);
    const window = Buffer.alloc(back + free[k]! + 1);
    if (readSync(fd, window, 0, window.length, start - back) !== window.length || window[window.length - 1] !== CLOSE) return undefined;
    if (window.subarray(back, window.length - 1).some((c) => c !== SPACE)) return undefined;
    let before = back - 1;
    while (before >= 0 && window[before] === SPACE) before--;
    if (window[before] !== CLOSE && window[before] !== CLOSE_ARRAY) return undefined;
    let at = start;
    for (const { id, key, text } of texts) {
      edits.push({ start: at, end: at + text.length, text });
      if (k === 0) ranges[id] = [at + Buffer.byteLength(key), at + text.length];
      at += text.length;
    }
    free[k] = free[k]! - size;
  }
  return { edits, ranges, free };
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
