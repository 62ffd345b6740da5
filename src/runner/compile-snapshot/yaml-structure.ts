import { checksum } from '../../compiler/parse/checksum.js';
import type { ColumnInput, PropertiesFile, ResourceInput } from '../../project/schema.js';

// what a property file says only of the models it describes: editing these changes their
// manifest entries and nothing else (no test, source, config or relation)
const DESCRIPTIVE = ['description', 'meta', 'docs'];
const DESCRIPTIVE_COLUMN = ['description', 'meta', 'data_type'];
// and what makes the tests on them
const TESTS = ['tests', 'data_tests', 'columns'];

const without = (o: object, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

// a column's name, quoting and tags only matter to its tests: a column without any (the usual
// way to document one) is described, as a description is
const hasTests = (c: ColumnInput) => (c.tests?.length ?? 0) > 0 || (c.data_tests?.length ?? 0) > 0;

/** Digest of everything in a property file but what it says of its models alone: equal digests, same nodes and tests. */
export function propertiesStructure(data: PropertiesFile): string {
  const models = data.models?.map((m) => {
    const tested = m.columns?.filter(hasTests);
    // no tested column and no columns are the same (JSON.stringify leaves undefined out)
    return { ...without(m, DESCRIPTIVE), columns: tested?.length ? tested.map((c) => without(c, DESCRIPTIVE_COLUMN)) : undefined };
  });
  return checksum(JSON.stringify({ ...data, models }));
}

/** Digest of a property file without its models' tests either: equal digests, same nodes (the tests on models may differ). */
export function propertiesShape(data: PropertiesFile): string {
  const models = data.models?.map((m: ResourceInput) => without(m, [...DESCRIPTIVE, ...TESTS]));
  return checksum(JSON.stringify({ ...data, models }));
}
