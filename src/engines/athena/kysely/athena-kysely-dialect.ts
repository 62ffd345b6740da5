import { DummyDriver, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler } from 'kysely';
import { AthenaAdapter } from './athena-adapter.js';
import { AthenaDriver, type RunStatement } from './athena-driver.js';
import { AthenaQueryCompiler } from './athena-query-compiler.js';

export interface AthenaKyselyDialectConfig {
  /** Runs a statement on Athena. Without it the Kysely instance only compiles (Kysely's DummyDriver). */
  run?: RunStatement;
}

/** Kysely dialect for Athena (Trino SQL): `new Kysely<DB>({ dialect: new AthenaKyselyDialect({ run }) })`. */
export class AthenaKyselyDialect implements Dialect {
  constructor(private readonly config: AthenaKyselyDialectConfig = {}) {}

  createAdapter(): DialectAdapter {
    return new AthenaAdapter();
  }

  createDriver(): Driver {
    return this.config.run ? new AthenaDriver(this.config.run) : new DummyDriver();
  }

  createQueryCompiler(): QueryCompiler {
    return new AthenaQueryCompiler();
  }

  createIntrospector(_db: Kysely<any>): DatabaseIntrospector {
    throw new Error("Kysely's introspector is not available on Athena: keel reads the Glue catalog instead");
  }
}
