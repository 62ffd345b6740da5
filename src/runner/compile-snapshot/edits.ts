import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksum } from '../../compiler/parse/checksum.js';
import { propertiesDoc } from '../../project/load.js';
import type { PropertiesDoc } from '../../project/project.js';
import { MacroDigests, outsideMacros } from '../../state/macro-digests.js';
import { BUILTIN_TESTS } from '../../testing/builtin-tests.js';
import type { SnapshotCheck } from './check.js';
import { readMacroCallers, type MacroState, type ModelRecord, type YamlRecord } from './snapshot.js';
import { propertiesShape, propertiesStructure } from './yaml-structure.js';

/**
 * Property files edited only in what they say of their models (`docs`, read as they are now), or
 * also in the tests on those models (`tests`: their tests are compiled again); undefined if an edit
 * did more.
 */
export function editedPropertyDocs(check: SnapshotCheck): { docs: Map<string, PropertiesDoc>; tests: Map<string, YamlRecord> } | undefined {
  const docs = new Map<string, PropertiesDoc>();
  const tests = new Map<string, YamlRecord>();
  for (const edit of check.changed) {
    if (edit.kind !== 'yaml') continue;
    let doc: PropertiesDoc;
    try {
      doc = propertiesDoc(edit.text, edit.file);
    } catch {
      return undefined;
    }
    const was = check.snapshot.yaml[edit.file]!;
    const structure = propertiesStructure(doc.data);
    if (structure !== was.structure) {
      // tests of sources are resolved against sources, which the snapshot does not keep
      if (doc.data.sources?.length || propertiesShape(doc.data) !== was.shape) return undefined;
      tests.set(edit.file, { ...was, structure });
    }
    docs.set(edit.file, doc);
  }
  return { docs, tests };
}

/**
 * Macro files edited only inside macros that models call: the new macro state and the models whose
 * renders called a macro that changed (itself or through what it calls). Undefined when an edit
 * reaches further: a macro added or removed, other text of the file, generate_schema_name (every
 * relation), a test macro, or a macro a singular test names.
 */
export function editedMacros(check: SnapshotCheck): { state: MacroState; models: string[] } | undefined {
  const edited = new Map(check.changed.filter((c) => c.kind === 'macro').map((c) => [c.file, c.text]));
  const old = check.snapshot.macros;
  const outside = { ...old.outside };
  for (const [file, text] of edited) {
    outside[file] = checksum(outsideMacros(text));
    if (outside[file] !== old.outside[file]) return undefined;
  }
  if (!edited.size) return { state: old, models: [] };
  const sources = check.snapshot.macroFiles.map((file) => ({ file, text: edited.get(file) ?? readFileSync(join(check.root, file), 'utf8') }));
  const digests = new MacroDigests([BUILTIN_TESTS, ...sources]).all();
  const names = Object.keys(digests);
  if (names.length !== Object.keys(old.digests).length || names.some((n) => old.digests[n] === undefined)) return undefined;
  const changed = names.filter((n) => digests[n] !== old.digests[n]);
  if (changed.some((n) => n === 'generate_schema_name' || n.startsWith('test_') || old.singularTests.includes(n))) return undefined;
  const callers = changed.length ? readMacroCallers(check.targetPath, check.loaded.base) : {};
  if (!callers) return undefined;
  return { state: { ...old, digests, outside }, models: callersNow(changed, callers, check.snapshot.records ?? {}) };
}

/**
 * The model files calling any of `macros`: the full compile's index of callers, but for models
 * edited since to call other macros, whose records (kept since) say which they call now.
 */
function callersNow(macros: string[], callers: Record<string, string[]>, records: Record<string, ModelRecord>): string[] {
  const files = new Set<string>();
  for (const name of macros) for (const file of callers[name] ?? []) if (!records[file]) files.add(file);
  for (const [file, record] of Object.entries(records)) if (record.macros.some((name) => macros.includes(name))) files.add(file);
  return [...files];
}

