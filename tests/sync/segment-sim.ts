import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface Person {
  email?: string | null;
  maid?: string | null;
}

/**
 * Plays the segment kind for the sync's tests: each `build` replaces the members relation and
 * keeps the membership history (`person_key`, `entered_at`, `exited_at`, `exit_reason`) the way
 * the input contract says, at a given build time.
 */
export class SegmentSim {
  private members = new Map<string, Person>();

  constructor(
    readonly dbPath: string,
    readonly name = 'seg',
    readonly schema = 'main',
  ) {}

  /** One build at `at`: `next` is the new member list; `reasons` says why a leaver left (default rule). */
  async build(next: Map<string, Person>, at: string, reasons: Record<string, 'rule' | 'consent_withdrawn'> = {}): Promise<void> {
    const t = `"${this.schema}"."${this.name}"`;
    const h = `"${this.schema}"."${this.name}_history"`;
    const statements = [
      `create schema if not exists "${this.schema}"`,
      `create table if not exists ${h} (person_key varchar, entered_at timestamp, exited_at timestamp, exit_reason varchar)`,
      `create or replace table ${t} (person_key varchar, email varchar, maid varchar)`,
    ];
    const lit = (v: string | null | undefined) => (v === null || v === undefined ? 'null' : `'${v.replaceAll("'", "''")}'`);
    const rows = [...next].map(([k, p]) => `(${lit(k)}, ${lit(p.email)}, ${lit(p.maid)})`);
    for (let i = 0; i < rows.length; i += 1000) statements.push(`insert into ${t} values ${rows.slice(i, i + 1000).join(',')}`);
    for (const k of this.members.keys()) {
      if (!next.has(k))
        statements.push(
          `update ${h} set exited_at = timestamp '${at}', exit_reason = ${lit(reasons[k] ?? 'rule')} where person_key = ${lit(k)} and exited_at is null`,
        );
    }
    const entered = [...next.keys()].filter((k) => !this.members.has(k));
    for (let i = 0; i < entered.length; i += 1000) {
      statements.push(
        `insert into ${h} values ${entered
          .slice(i, i + 1000)
          .map((k) => `(${lit(k)}, timestamp '${at}', null, null)`)
          .join(',')}`,
      );
    }
    await execDuckDB(this.dbPath, statements);
    this.members = new Map(next);
  }
}

export async function execDuckDB(path: string, statements: string[]): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    for (const s of statements) await conn.run(s);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
