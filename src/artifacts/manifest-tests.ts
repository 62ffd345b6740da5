import { COMMA, SPACE, membersOf, stringAt, stringEnd, valueEnd, type Member } from './manifest-members.js';
import type { Edit, ManifestPatch } from './manifest-patch.js';

// a generated test name made unique by a suffix: `<name>_<8 hex digits>`
const SUFFIXED = /^(.*)_[0-9a-f]{8}$/;

const PATH = Buffer.from('"path":"');

/** The property file a test entry comes from: its `path` (the fourth field, near its start). */
function pathOf(buf: Buffer, m: Member): string | undefined {
  const at = buf.indexOf(PATH, m.start);
  if (at < 0 || at > m.start + 2048 || at > m.end) return undefined;
  const start = at + PATH.length - 1;
  return stringAt(buf, start, stringEnd(buf, start));
}

/**
 * Edits that replace the tests of some property files (`tests.files`) with `tests.entries` and
 * their parent_map entries: one kept is rewritten where it is, one gone is cut out with the comma
 * before it, one new is added at the end of its object, before the room left there for models
 * added (`free` spaces before the closing brace), which stays as it was. Undefined (compile in full) when the
 * manifest is not as expected, or when a test name could be shared with a test of another file
 * or a disabled test: which of two tests of the same name gets a suffix depends on every file.
 * `nodes`: every member of `nodes` (membersOf).
 */
export function testEdits(buf: Buffer, tests: NonNullable<ManifestPatch['tests']>, nodes: { close: number; members: Member[] }): Edit[] | undefined {
  const { free } = tests;
  // the members after `nodes`, in the order manifestJson writes them
  const disabled = buf.indexOf(',"disabled":[', nodes.close);
  const parents = membersOf(buf, 'parent_map', nodes.close);
  if (!parents || disabled < 0) return undefined;
  const disabledIds = JSON.parse(buf.toString('utf8', disabled + ',"disabled":'.length, valueEnd(buf, disabled + ',"disabled":'.length))) as string[];
  if (disabledIds.some((id) => id.startsWith('test.'))) return undefined;
  const old = new Map<string, Member>();
  const taken = new Set<string>();
  for (const m of nodes.members) {
    if (!m.key.startsWith('test.')) continue;
    const path = pathOf(buf, m);
    if (path === undefined) return undefined;
    if (tests.files.has(path)) old.set(m.key, m);
    else {
      taken.add(m.key);
      taken.add(SUFFIXED.exec(m.key)?.[1] ?? m.key);
    }
  }
  for (const id of [...old.keys(), ...tests.entries.keys()]) if (taken.has(id) || taken.has(SUFFIXED.exec(id)?.[1] ?? id)) return undefined;
  const oldParents = new Map(parents.members.filter((m) => old.has(m.key)).map((m) => [m.key, m]));
  if (oldParents.size !== old.size) return undefined;
  const edits: Edit[] = [];
  const replace = (object: typeof nodes, was: Map<string, Member>, now: Map<string, string>, room: number) => {
    // before the room when it is still there, else before the brace
    const spaces = buf.subarray(object.close - room, object.close);
    const at = room > 0 && room <= object.close && spaces.every((c) => c === SPACE) ? object.close - room : object.close;
    for (const [id, m] of was) {
      const json = now.get(id);
      if (json !== undefined) edits.push({ start: m.start, end: m.end, text: Buffer.from(json), exact: true });
      // a member after `{` would take the comma after it, which the next one's cut may take too
      else if (buf[m.keyStart - 1] !== COMMA) return false;
      else edits.push({ start: m.keyStart - 1, end: m.end, text: Buffer.alloc(0), exact: true });
    }
    for (const [id, json] of now) {
      if (!was.has(id)) edits.push({ start: at, end: at, text: Buffer.from(`,${JSON.stringify(id)}:${json}`), exact: true });
    }
    return true;
  };
  if (!replace(nodes, old, tests.entries, free[0]) || !replace(parents, oldParents, tests.parents, free[1])) return undefined;
  return edits;
}
