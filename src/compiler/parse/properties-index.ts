import { KeelError } from '../../core/errors.js';
import type { PropertiesDoc } from '../../project/project.js';
import type { ResourceInput, SourceInput } from '../../project/schema.js';
import { checkConfigLayer } from './config.js';

export interface ResourceEntry {
  doc: PropertiesDoc;
  index: number;
  input: ResourceInput;
  kind: 'models' | 'seeds';
}

export interface SourceEntry {
  doc: PropertiesDoc;
  index: number;
  input: SourceInput;
}

/** YAML property entries by resource name; a name described twice is an error naming both files. */
export class PropertiesIndex {
  readonly models = new Map<string, ResourceEntry>();
  readonly seeds = new Map<string, ResourceEntry>();
  readonly sources: SourceEntry[] = [];

  constructor(docs: PropertiesDoc[]) {
    for (const doc of docs) {
      for (const kind of ['models', 'seeds'] as const) {
        (doc.data[kind] ?? []).forEach((input, index) => {
          const map = this[kind];
          const prev = map.get(input.name);
          if (prev) {
            throw new KeelError(`${kind.slice(0, -1)} '${input.name}' is described twice (also in ${prev.doc.yaml.file})`, {
              location: { file: doc.yaml.file, line: doc.yaml.lineOf([kind, index, 'name']) },
            });
          }
          if (input.config) checkConfigLayer(input.config, doc.yaml, [kind, index, 'config']);
          map.set(input.name, { doc, index, input, kind });
        });
      }
      (doc.data.sources ?? []).forEach((input, index) => this.sources.push({ doc, index, input }));
    }
  }
}
