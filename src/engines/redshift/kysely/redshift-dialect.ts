import { DummyDriver, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler } from 'kysely';
import { RedshiftAdapter } from './redshift-adapter.js';
import { RedshiftDriver, type RedshiftDriverConfig } from './redshift-driver.js';
import { RedshiftIntrospector } from './redshift-introspector.js';
import { RedshiftQueryCompiler } from './redshift-query-compiler.js';

/** Kysely dialect for Redshift over the Data API. Without a driver config it only compiles queries. */
export class RedshiftKyselyDialect implements Dialect {
  constructor(private readonly config?: RedshiftDriverConfig) {}

  createAdapter(): DialectAdapter {
    return new RedshiftAdapter();
  }

  createDriver(): Driver {
    return this.config ? new RedshiftDriver(this.config) : new DummyDriver();
  }

  createQueryCompiler(): QueryCompiler {
    return new RedshiftQueryCompiler();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new RedshiftIntrospector(db);
  }
}
