import { BLOB, DuckDBBlobValue, DuckDBScalarFunction, type DuckDBConnection } from '@duckdb/node-api';

/*
 * XXH64 (seed 0), as Trino's xxhash64(varbinary) computes it: DuckDB has no such hash and a macro
 * cannot do 64-bit multiplication modulo 2^64, so it is a scalar function written here. Checked
 * against the reference vectors in tests/emulators/athena/trino-functions.test.ts.
 */
const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const mul = (a: bigint, b: bigint) => (a * b) & MASK;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;
const round = (acc: bigint, lane: bigint) => mul(rotl((acc + mul(lane, P2)) & MASK, 31n), P1);
const mergeRound = (acc: bigint, v: bigint) => (mul(acc ^ round(0n, v), P1) + P4) & MASK;

export function xxhash64(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    const v = [(P1 + P2) & MASK, P2, 0n, (MASK + 1n - P1) & MASK];
    for (; i + 32 <= len; i += 32) for (let lane = 0; lane < 4; lane++) v[lane] = round(v[lane]!, view.getBigUint64(i + lane * 8, true));
    h = (rotl(v[0]!, 1n) + rotl(v[1]!, 7n) + rotl(v[2]!, 12n) + rotl(v[3]!, 18n)) & MASK;
    for (const lane of v) h = mergeRound(h, lane);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & MASK;
  for (; i + 8 <= len; i += 8) h = (mul(rotl(h ^ round(0n, view.getBigUint64(i, true)), 27n), P1) + P4) & MASK;
  if (i + 4 <= len) {
    h = (mul(rotl(h ^ mul(BigInt(view.getUint32(i, true)), P1), 23n), P2) + P3) & MASK;
    i += 4;
  }
  for (; i < len; i++) h = mul(rotl(h ^ mul(BigInt(bytes[i]!), P5), 11n), P1);
  h = mul(h ^ (h >> 33n), P2);
  h = mul(h ^ (h >> 29n), P3);
  return h ^ (h >> 32n);
}

/** `trino_xxhash64_bytes(blob)`: the hash as 8 bytes, big-endian, as Trino returns it. */
export function registerXxhash64(connection: DuckDBConnection): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'trino_xxhash64_bytes',
      returnType: BLOB,
      parameterTypes: [BLOB],
      mainFunction: (_info, input, output) => {
        const values = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const value = values.getItem(row) as DuckDBBlobValue | null;
          if (value === null) {
            output.setItem(row, null);
            continue;
          }
          const out = new Uint8Array(8);
          new DataView(out.buffer).setBigUint64(0, xxhash64(value.bytes), false);
          output.setItem(row, new DuckDBBlobValue(out));
        }
        output.flush();
      },
    }),
  );
}
