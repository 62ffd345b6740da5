/**
 * A statement the emulated cluster rejects: it ends FAILED with this message, as Redshift's own
 * errors do. Also used for SQL the emulator knowingly cannot reproduce, which says so.
 */
export class EmulatorSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorSqlError';
  }
}
