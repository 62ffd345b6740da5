import { checksum } from '../../compiler/parse/checksum.js';
import type { PropertiesFile } from '../../project/schema.js';

// what a property file says only of the models it describes: editing these changes their
// manifest entries and nothing else (no test, source, config or relation)
const DESCRIPTIVE = ['description', 'meta', 'docs'];
const DESCRIPTIVE_COLUMN = ['description', 'meta', 'data_type'];

const without = (o: object, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** Digest of everything in a property file but the models' descriptions: equal digests, same nodes and tests. */
export function propertiesStructure(data: PropertiesFile): string {
  const models = data.models?.map((m) => ({ ...without(m, DESCRIPTIVE), columns: m.columns?.map((c) => without(c, DESCRIPTIVE_COLUMN)) }));
  return checksum(JSON.stringify({ ...data, models }));
}
