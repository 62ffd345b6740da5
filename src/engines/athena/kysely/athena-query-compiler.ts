import { DefaultQueryCompiler } from 'kysely';
import { trinoLiteral } from '../trino-literal.js';

/**
 * Trino's grammar as Kysely writes it: double-quoted identifiers (the default compiler's) and
 * values inlined as literals, since keel sends Athena one self-contained statement text.
 */
export class AthenaQueryCompiler extends DefaultQueryCompiler {
  protected override appendValue(parameter: unknown): void {
    this.append(trinoLiteral(parameter));
  }
}
