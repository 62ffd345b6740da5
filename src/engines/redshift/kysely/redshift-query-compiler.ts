import { PostgresQueryCompiler } from 'kysely';
import { redshiftStringLiteral } from '../literals.js';

/**
 * Redshift speaks PostgreSQL 8's grammar where Kysely touches it (double-quoted identifiers,
 * `create table ... as`, MERGE, DELETE ... USING). Differences:
 *
 * - Values are written into the SQL as literals, never sent as parameters: Data API parameters
 *   cannot be NULL or empty strings and are not allowed in batches.
 * - A backslash in a string literal is an escape character on Redshift, so it is doubled.
 */
export class RedshiftQueryCompiler extends PostgresQueryCompiler {
  protected override appendValue(value: unknown): void {
    this.appendImmediateValue(value);
  }

  protected override appendImmediateValue(value: unknown): void {
    if (value instanceof Date) {
      this.append(redshiftStringLiteral(timestampText(value)));
      return;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} as a Redshift literal`);
    if (Array.isArray(value)) {
      throw new Error('Redshift has no array type: join the values into a string or pass them one by one');
    }
    if (value !== null && typeof value === 'object') {
      throw new TypeError('cannot write an object as a Redshift literal; pass JSON.stringify(value)');
    }
    if (value === undefined) {
      this.append('null');
      return;
    }
    super.appendImmediateValue(value);
  }

  protected override appendStringLiteral(value: string): void {
    this.append(redshiftStringLiteral(value));
  }
}

/** A Date as a Redshift TIMESTAMP literal in UTC, mirroring how TIMESTAMP values are read back. */
function timestampText(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
