/**
 * `build()` on the first call, the same value after. For module-level values that cost to make
 * (zod schemas) but that most runs never use: module init is paid by every keel start.
 */
export function lazy<T>(build: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: build() }).value;
}
