import { didYouMean } from '../../core/closest-name.js';
import { KeelError } from '../../core/errors.js';
import type { SeedNode } from '../../core/nodes.js';
import type { LogicalType } from '../../engines/statement-sql.js';
import type { ColumnInfo } from '../../engines/engine.js';
import type { CsvRow } from './csv-parser.js';
import { inferColumnType } from './infer-types.js';

/** A seed column: its engine type and, unless `column_types` set it, the logical type inferred. */
export interface SeedColumn extends ColumnInfo {
  inferred?: LogicalType;
}

/**
 * The seed's columns from its header and sample rows: checks the header, that every
 * `column_types` key names a column, and every sampled row's width (rows beyond the sample are
 * checked by the load itself).
 */
export function seedColumns(node: SeedNode, header: string[], sample: CsvRow[], typeName: (t: LogicalType) => string): SeedColumn[] {
  if (!header.length || header.some((h) => !h)) {
    throw new KeelError('a seed needs a header row with a name for every column', { location: { file: node.path, line: 1 } });
  }
  const duplicate = header.find((h, i) => header.findIndex((o) => o.toLowerCase() === h.toLowerCase()) !== i);
  if (duplicate) throw new KeelError(`the header names column '${duplicate}' twice`, { location: { file: node.path, line: 1 } });
  const overrides = (node.config.column_types ?? {}) as Record<string, string>;
  for (const name of Object.keys(overrides)) {
    if (!header.includes(name)) {
      throw new KeelError(`column_types names column '${name}', which ${node.path} does not have.${didYouMean(name, header)}`, {
        location: { file: node.path, line: 1 },
        hint: `the header's columns: ${header.join(', ')}`,
      });
    }
  }
  const ragged = sample.find((r) => r.fields.length !== header.length);
  if (ragged) {
    throw new KeelError(`row has ${ragged.fields.length} fields, the header has ${header.length}`, { location: { file: node.path, line: ragged.line } });
  }
  return header.map((name, i) => {
    if (overrides[name]) return { name, type: overrides[name]! };
    const inferred = inferColumnType(sample.map((r) => r.fields[i]!));
    return { name, type: typeName(inferred), inferred };
  });
}
