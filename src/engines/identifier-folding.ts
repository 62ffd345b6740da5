/**
 * How an engine compares the names of relations: two names that fold to the same text are one
 * relation there. Each engine definition names its rule; the parser uses it before any engine is loaded.
 */
export type IdentifierFolding = (name: string) => string;

/**
 * DuckDB compares identifiers case-insensitively (quoted or not), Redshift folds them to lower case
 * (unless enable_case_sensitive_identifier is on, which keel does not set), and Athena's Glue
 * catalog stores names in lower case.
 */
export const lowerCaseFolding: IdentifierFolding = (name) => name.toLowerCase();
