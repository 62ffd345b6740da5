/**
 * A Redshift string literal. Redshift reads a backslash inside quotes as an escape (`'\\'` is one
 * backslash), unlike PostgreSQL's default, so backslashes are doubled along with quotes.
 */
export function redshiftStringLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('Redshift strings cannot contain NUL characters');
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
