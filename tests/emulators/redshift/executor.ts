import type { PGlite } from '@electric-sql/pglite';
import type { S3Emulator } from '../s3/server.js';
import { CopyLoadError, parseCopy, recordLoadError, runCopy } from './copy.js';
import type { Faults } from './faults.js';
import { LateBindingViews } from './late-binding-views.js';
import { columnMetadata, TEXT_PARSERS, toField } from './result-fields.js';
import type { Sessions } from './sessions.js';
import { EmulatorSqlError } from './sql/errors.js';
import { rewriteStatement, type RewrittenStatement } from './sql/statement.js';
import type { QName, TableDesign } from './sql/table-attributes.js';
import type { StatementRecord, StatementStore, SubStatement } from './statement-store.js';
import { recordTableDesign } from './table-design-store.js';
import { ensureVarcharDomains } from './varchar-domains.js';

/** A CREATE TABLE or CREATE VIEW as received, with the Redshift-only parts the emulator took out of it. */
export interface RecordedDdl {
  statementId: string;
  sql: string;
  relation: QName;
  kind: 'table' | 'view';
  design?: TableDesign;
  lateBinding?: boolean;
}

class Cancelled extends Error {}

/**
 * Runs statements on the one PGlite connection, one at a time. Each statement or batch runs in
 * its own transaction (a batch's statements all in one), committed at the end or rolled back on a
 * failure or cancel. A session that opened a transaction (BEGIN) owns the database until it
 * ends it or expires: other statements wait in SUBMITTED meanwhile.
 */
export class Executor {
  readonly ddl: RecordedDdl[] = [];
  private readonly queue: StatementRecord[] = [];
  private running = false;
  /** the session whose explicit transaction is open */
  private transactionOwner: string | null = null;
  private readonly exclusiveWaiters: Array<() => void> = [];
  private readonly lateBinding: LateBindingViews;

  constructor(
    private readonly pg: PGlite,
    private readonly store: StatementStore,
    private readonly sessions: Sessions,
    private readonly faults: Faults,
    /** where COPY ... FROM 's3://...' reads its objects */
    private readonly s3?: S3Emulator,
  ) {
    this.lateBinding = new LateBindingViews(pg);
  }

  enqueue(record: StatementRecord): void {
    this.queue.push(record);
    setImmediate(() => this.pump());
  }

  /** SUBMITTED or PICKED: aborted now. STARTED: rolled back at the end of its run. */
  cancel(record: StatementRecord): void {
    const queued = this.queue.indexOf(record);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(record, 'ABORTED');
      if (record.sessionId) this.sessions.get(record.sessionId)!.busy = false;
      return;
    }
    record.cancelRequested = true;
  }

  /** Runs `work` on the database when no statement or open transaction is using it (tests reading tables). */
  async exclusive<T>(work: (pg: PGlite) => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.exclusiveWaiters.push(resolve);
      this.pump();
    });
    try {
      return await work(this.pg);
    } finally {
      this.running = false;
      this.pump();
    }
  }

  private pump(): void {
    if (this.running) return;
    this.expireTransactionOwner();
    if (this.transactionOwner === null && this.exclusiveWaiters.length) {
      this.running = true;
      this.exclusiveWaiters.shift()!();
      return;
    }
    const i = this.queue.findIndex((r) => this.transactionOwner === null || r.sessionId === this.transactionOwner);
    if (i < 0) return;
    const [record] = this.queue.splice(i, 1);
    this.running = true;
    void this.run(record!).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  /** An expired session's open transaction is rolled back, as the service does when it closes the session. */
  private expireTransactionOwner(): void {
    if (this.transactionOwner !== null && this.sessions.isExpired(this.transactionOwner)) {
      this.transactionOwner = null;
      void this.pg.query('rollback').catch(() => {});
    } else if (this.transactionOwner !== null) {
      const owner = this.sessions.get(this.transactionOwner);
      if (owner) setTimeout(() => this.pump(), Math.max(1, owner.expiresAt - Date.now())).unref();
    }
  }

  private async run(record: StatementRecord): Promise<void> {
    this.store.setStatus(record, 'PICKED');
    await tick();
    this.store.setStatus(record, 'STARTED');
    record.startedAt = Date.now();
    const explicit = this.pg.isInTransaction();
    const control = record.subs.length === 1 ? transactionVerb(record.subs[0]!.sql) : undefined;
    const wrap = !explicit && control === undefined;
    let current: SubStatement | undefined;
    try {
      if (control) await this.runControl(record, control);
      else {
        if (wrap) await this.pg.query('begin');
        for (const sub of record.subs) {
          current = sub;
          await this.runSub(record, sub);
        }
        current = undefined;
        if (this.faults.options.runDelayMs) await sleep(this.faults.options.runDelayMs);
        if (record.cancelRequested) throw new Cancelled();
        if (wrap) await this.pg.query('commit');
      }
      this.finish(record, 'FINISHED');
    } catch (e) {
      if (wrap && this.pg.isInTransaction()) await this.pg.query('rollback');
      // Redshift keeps a refused row's detail whatever becomes of the transaction; inside a session's aborted one it cannot be written here
      if (e instanceof CopyLoadError) await recordLoadError(this.pg, e).catch(() => {});
      const aborted = e instanceof Cancelled;
      const message = aborted ? undefined : errorMessage(e instanceof Error ? this.lateBinding.explain(e) : e);
      if (current) {
        current.status = aborted ? 'ABORTED' : 'FAILED';
        current.error = message;
      }
      this.finish(record, aborted ? 'ABORTED' : 'FAILED', message);
    } finally {
      if (record.sessionId) {
        const session = this.sessions.get(record.sessionId);
        if (session) {
          session.busy = false;
          this.sessions.touch(session);
        }
        this.transactionOwner = this.pg.isInTransaction() ? record.sessionId : null;
      } else if (this.pg.isInTransaction()) {
        // BEGIN without a session: its connection closes after the statement, ending the transaction
        await this.pg.query('rollback');
      }
    }
  }

  /** BEGIN / COMMIT / ROLLBACK mean something only in a session, where the next statement runs on the same connection. */
  private async runControl(record: StatementRecord, verb: 'begin' | 'commit' | 'rollback'): Promise<void> {
    const sub = record.subs[0]!;
    sub.status = 'STARTED';
    if (record.sessionId) await this.pg.query(verb === 'begin' ? 'begin' : verb === 'commit' ? 'commit' : 'rollback');
    sub.status = 'FINISHED';
    sub.resultRows = 0;
  }

  private async runSub(record: StatementRecord, sub: SubStatement): Promise<void> {
    const started = process.hrtime.bigint();
    sub.status = 'STARTED';
    sub.updatedAt = new Date();
    const injected = this.faults.failureFor(sub.sql);
    if (injected) throw new EmulatorSqlError(injected.replace(/^ERROR:\s*/, ''));
    if (this.faults.abortsFor(sub.sql)) throw new Cancelled();
    if (record.cancelRequested) throw new Cancelled();
    const copy = parseCopy(sub.sql);
    if (copy) {
      sub.resultRows = await runCopy(this.pg, this.s3, copy);
      sub.durationNs = Number(process.hrtime.bigint() - started);
      sub.status = 'FINISHED';
      sub.updatedAt = new Date();
      return;
    }
    const statement = rewriteStatement(sub.sql);
    if (statement.shape.kind === 'transaction') throw new EmulatorSqlError('BEGIN, COMMIT and ROLLBACK cannot be part of a batch');
    this.recordDdl(sub, statement);
    const result = await this.execute(statement);
    sub.result = result.fields.length
      ? (() => {
          const columns = result.fields.map(columnMetadata);
          return { columns, records: (result.rows as unknown[][]).map((row) => row.map((v, i) => toField(v, columns[i]!))) };
        })()
      : undefined;
    sub.resultRows = result.fields.length ? result.rows.length : (result.affectedRows ?? 0);
    sub.durationNs = Number(process.hrtime.bigint() - started);
    sub.status = 'FINISHED';
    sub.updatedAt = new Date();
  }

  private async execute(statement: RewrittenStatement): Promise<{ fields: { name: string; dataTypeID: number }[]; rows: unknown[]; affectedRows?: number }> {
    const { shape } = statement;
    await ensureVarcharDomains(this.pg, statement.varcharLengths);
    const run = () => this.pg.query(statement.sql, [], { rowMode: 'array', parsers: TEXT_PARSERS });
    const empty = { fields: [], rows: [] };
    switch (shape.kind) {
      case 'create-view':
        if (!shape.lateBinding) break;
        await this.lateBinding.create(shape.view, shape.columns, shape.body, shape.orReplace);
        return empty;
      case 'create-table': {
        const result = await run();
        await recordTableDesign(this.pg, shape.table, shape.design);
        await this.lateBinding.bindPending();
        return result;
      }
      case 'drop': {
        for (const name of shape.names) await this.lateBinding.detachDependentsOf(name);
        const pending = shape.objectType === 'view' && (await this.allPendingViews(shape.names));
        const result = pending ? empty : await run();
        if (shape.objectType === 'view') for (const name of shape.names) await this.lateBinding.forget(name);
        await this.lateBinding.bindPending();
        return result;
      }
      case 'rename': {
        await this.lateBinding.detachDependentsOf(shape.from);
        const registered = await this.lateBinding.isRegistered(shape.from);
        const result = registered && !(await this.lateBinding.exists(shape.from)) ? empty : await run();
        if (registered) await this.lateBinding.renamed(shape.from, shape.to);
        await this.lateBinding.bindPending();
        return result;
      }
      case 'other':
        if (shape.ddl) {
          const result = await run();
          await this.lateBinding.bindPending();
          return result;
        }
    }
    return run();
  }

  /** DROP VIEW of late-binding views that do not exist in PostgreSQL right now (what they read is missing). */
  private async allPendingViews(names: QName[]): Promise<boolean> {
    for (const name of names) {
      if (!(await this.lateBinding.isRegistered(name)) || (await this.lateBinding.exists(name))) return false;
    }
    return names.length > 0;
  }

  private recordDdl(sub: SubStatement, statement: RewrittenStatement): void {
    const { shape } = statement;
    if (shape.kind === 'create-table') {
      this.ddl.push({ statementId: sub.id, sql: sub.sql, relation: shape.table, kind: 'table', design: shape.design });
    } else if (shape.kind === 'create-view') {
      this.ddl.push({ statementId: sub.id, sql: sub.sql, relation: shape.view, kind: 'view', lateBinding: shape.lateBinding });
    }
  }

  private finish(record: StatementRecord, status: 'FINISHED' | 'FAILED' | 'ABORTED', error?: string): void {
    record.finishedAt = Date.now();
    if (status !== 'FINISHED') {
      for (const sub of record.subs) {
        if (sub.status === 'SUBMITTED' || sub.status === 'PICKED' || sub.status === 'STARTED') sub.status = 'ABORTED';
      }
    }
    this.store.setStatus(record, status, error);
  }
}

function transactionVerb(sql: string): 'begin' | 'commit' | 'rollback' | undefined {
  const word = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  if (word === 'begin' || word === 'start') return 'begin';
  if (word === 'commit' || word === 'end') return 'commit';
  if (word === 'rollback' || word === 'abort') return 'rollback';
  return undefined;
}

/** Redshift reports database errors as `ERROR: <message>`; a byte-length check as Redshift words it. */
function errorMessage(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).replace(
    /value for domain (?:keel_emulator\.)?varchar_(\d+) violates check constraint "[^"]*"/,
    (_, n: string) => `value too long for type character varying(${n})`,
  );
  return message.startsWith('ERROR:') ? message : `ERROR: ${message}`;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
