import { failureFromDuckDB, QueryFailure } from '../services/aws-error.js';
import { bindingFor } from './bindings.js';
import { DataStore } from './data-store.js';
import { CATALOG, Duck, ident } from './duck.js';
import { GlueStore, isView } from './glue-store.js';

/**
 * The emulated lake: the Glue catalog, S3 with the tables' data, and DuckDB where both meet.
 * Glue tables are exposed to SQL as DuckDB views, re-derived from the catalog before every
 * statement (only those that changed), so a Glue API call affects the next query as it would
 * on Athena.
 */
export class Lake {
  readonly glue = new GlueStore();
  readonly data: DataStore;
  /** why a table cannot be read (missing Iceberg metadata, a view over a dropped table) */
  readonly broken = new Map<string, string>();
  private readonly applied = new Map<string, string>();
  private readonly schemas = new Set<string>();
  private syncedAt = { glue: -1, data: -1 };

  private constructor(readonly duck: Duck) {
    this.data = new DataStore(duck);
  }

  static async open(): Promise<Lake> {
    const lake = new Lake(await Duck.open());
    lake.glue.createDatabase('default');
    return lake;
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.duck.exclusive(work);
  }

  /** Brings the DuckDB views in line with the catalog and the data (inside exclusive()). */
  async syncBindings(): Promise<void> {
    // Glue API calls change the catalog while this runs: what changes after this point is picked up next time
    const versions = { glue: this.glue.version, data: this.data.version };
    if (this.syncedAt.glue === versions.glue && this.syncedAt.data === versions.data) return;
    for (const db of this.glue.databases.keys()) {
      if (this.schemas.has(db)) continue;
      await this.duck.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${ident(db)}`);
      this.schemas.add(db);
    }
    const desired = new Map<string, { sql?: string; broken?: string; view: boolean }>();
    for (const t of this.glue.allTables()) {
      const b = bindingFor(t, isView(t) ? [] : this.glue.getPartitions(t.DatabaseName, t.Name), this.data);
      desired.set(`${t.DatabaseName}.${t.Name}`, 'broken' in b ? { broken: b.broken, view: isView(t) } : { sql: b.sql, view: b.dependsOnViews });
    }
    for (const key of [...this.applied.keys()]) {
      if (desired.get(key)?.sql === undefined) await this.dropBinding(key);
    }
    this.broken.clear();
    // tables first; views may read views, so retry those that fail until nothing changes
    let pending = [...desired]
      .filter(([key, d]) => d.sql !== undefined && this.applied.get(key) !== d.sql)
      .sort(([, a], [, b]) => Number(a.view) - Number(b.view));
    const errors = new Map<string, string>();
    for (let progress = true; pending.length && progress; ) {
      progress = false;
      const still: typeof pending = [];
      for (const [key, d] of pending) {
        try {
          await this.duck.run(`CREATE OR REPLACE VIEW ${qualified(key)} AS ${d.sql}`);
          this.applied.set(key, d.sql!);
          progress = true;
        } catch (e) {
          errors.set(key, failureFromDuckDB(e).message);
          still.push([key, d]);
        }
      }
      pending = still;
    }
    for (const [key] of pending) {
      await this.dropBinding(key);
      this.broken.set(key, errors.get(key) ?? 'the view cannot be read');
    }
    for (const [key, d] of desired) if (d.broken) this.broken.set(key, d.broken);
    this.syncedAt = versions;
  }

  /** Fails like Athena when the statement reads a table that cannot be read. */
  assertReadable(names: string[]): void {
    for (const n of names) {
      const reason = this.broken.get(n);
      if (reason) throw new QueryFailure(reason, 2, 233);
    }
  }

  close(): void {
    this.duck.close();
  }

  private async dropBinding(key: string): Promise<void> {
    await this.duck.run(`DROP VIEW IF EXISTS ${qualified(key)}`);
    this.applied.delete(key);
  }
}

function qualified(key: string): string {
  const dot = key.indexOf('.');
  return `${CATALOG}.${ident(key.slice(0, dot))}.${ident(key.slice(dot + 1))}`;
}
