/**
 * What ref(), source() and `this` return: prints as a placeholder that the compiler replaces
 * with the quoted relation, and exposes the names a template may ask for.
 */
export class RelationToken {
  constructor(
    readonly token: string,
    readonly name: string,
    readonly identifier: string = name,
  ) {}

  toString(): string {
    return this.token;
  }
}
