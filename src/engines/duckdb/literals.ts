import { ansiStringLiteral } from '../quoting.js';

/** DuckDB string literals are standard SQL: only a quote is doubled, a backslash is itself. */
export const duckdbStringLiteral = ansiStringLiteral;
