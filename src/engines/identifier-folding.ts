/**
 * How an engine compares the names of relations: two names that fold to the same text are one
 * relation there. DuckDB compares identifiers case-insensitively (quoted or not), Redshift folds
 * them to lower case (unless enable_case_sensitive_identifier is on, which keel does not set), and
 * Athena's Glue catalog stores names in lower case. Pure and chosen by engine type, so the parser
 * can use it before any engine is loaded.
 */
export type IdentifierFolding = (name: string) => string;

const lowerCase: IdentifierFolding = (name) => name.toLowerCase();

const FOLDING: Record<string, IdentifierFolding> = {
  duckdb: lowerCase,
  redshift: lowerCase,
  athena: lowerCase,
};

export function identifierFolding(engineType: string): IdentifierFolding {
  return FOLDING[engineType] ?? lowerCase;
}
