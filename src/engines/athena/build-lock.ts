import { hostname } from 'node:os';
import type { TableInput } from '@aws-sdk/client-glue';
import { isProcessAlive } from '../../scheduling/lock/process-alive.js';
import type { LockAttempt, LockHolder } from '../engine.js';
import type { GlueCatalog } from './catalog/glue-catalog.js';
import type { GlueTable } from './catalog/glue-table.js';

/** Beside keel's run history, out of the way of the schemas people query. */
const LOCK_DATABASE = 'keel_meta';
const HOLDER_PARAMETER = 'keel_build_lock_holder';

/**
 * The build lock of an Athena target (its target schema): a Glue catalog entry that exists
 * while a build holds it. Glue's CreateTable fails when the name is taken, so two builds cannot
 * both create it; a holder older than `maxAgeSeconds` (a killed build) is taken over with an
 * UpdateTable conditional on the version read, so two builds cannot both take it over; so is
 * one whose process is gone from this host.
 * Two builds on one target would otherwise sweep each other's fresh data as leftovers.
 */
export async function tryAcquireGlueLock(
  glue: GlueCatalog,
  targetSchema: string,
  dataDir: string,
  holder: LockHolder,
  maxAgeSeconds: number,
): Promise<LockAttempt> {
  const rel = { schema: LOCK_DATABASE, identifier: `keel_build_lock__${targetSchema}` };
  const input: TableInput = {
    Name: rel.identifier,
    Description: 'keel: a build holds this target while this entry exists',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { [HOLDER_PARAMETER]: JSON.stringify(holder) },
    StorageDescriptor: { Columns: [], Location: `${dataDir}${LOCK_DATABASE}/build_lock/` },
  };
  const acquired: LockAttempt = {
    acquired: true,
    release: async () => {
      try {
        const current = await glue.getTable(rel);
        if (current && holderOf(current)?.invocationId === holder.invocationId) await glue.deleteTable(rel);
      } catch {
        // a finished run stays finished: the entry remains, and the next build names its holder
        // and takes it over once it is stale, as after a killed build
      }
    },
  };
  await glue.ensureDatabase(LOCK_DATABASE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await glue.createTable(rel, input);
      return acquired;
    } catch (e) {
      if (!isAws(e, 'AlreadyExistsException')) throw e;
    }
    const current = await glue.getTable(rel);
    if (!current) continue; // released meanwhile: try to create it again
    const held = holderOf(current);
    const age = held ? (Date.now() - Date.parse(held.startedAt)) / 1000 : Infinity;
    const gone = held !== undefined && held.host === hostname() && !isProcessAlive(held.pid);
    if (age <= maxAgeSeconds && !gone) return { acquired: false, holder: held };
    try {
      await glue.updateTable(rel, input, current.VersionId);
      return acquired;
    } catch (e) {
      if (!isAws(e, 'ConcurrentModificationException')) throw e;
      return { acquired: false, holder: holderOf((await glue.getTable(rel)) ?? current) };
    }
  }
  return { acquired: false };
}

function holderOf(table: GlueTable): LockHolder | undefined {
  try {
    return JSON.parse(table.Parameters?.[HOLDER_PARAMETER] ?? '') as LockHolder;
  } catch {
    return undefined;
  }
}

function isAws(e: unknown, name: string): boolean {
  return e instanceof Error && e.name === name;
}
