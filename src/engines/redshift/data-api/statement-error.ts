/** A statement the database ran and rejected (FAILED), with the database's message. */
export class RedshiftStatementError extends Error {
  constructor(
    message: string,
    readonly statementId: string,
    /** 1-based position of the failed statement in a batch */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'RedshiftStatementError';
  }
}

/** Statement text for error messages: one line, bounded. */
export function sqlHead(sql: string, max = 160): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
