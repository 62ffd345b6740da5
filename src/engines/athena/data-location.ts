import { randomUUID } from 'node:crypto';
import type { Relation } from '../../core/relation.js';

/**
 * The side relations a build uses (`<name>__keel_tmp`, `<name>__keel_backup`, see materialize/context.ts)
 * keep their data in the live model's folder.
 */
export const SIDE_SUFFIXES = ['__keel_tmp', '__keel_backup'];
const SIDE_SUFFIX = /__keel_(tmp|backup)$/;

export function liveIdentifier(identifier: string): string {
  return identifier.replace(SIDE_SUFFIX, '');
}

/**
 * Every generation of a model's data lives under one folder, `<data dir><schema>/<model>/`, so that
 * whatever is in it and not referenced by the live table is a leftover, safe to delete. Glue
 * lower-cases names; the folder does too, so that two spellings of a name share one folder.
 */
export function tableFolder(dataDir: string, rel: Relation): string {
  return `${dataDir}${rel.schema.toLowerCase()}/${liveIdentifier(rel.identifier).toLowerCase()}/`;
}

/** A fresh, empty location: Athena's CTAS refuses to write where data already is. */
export function newDataLocation(dataDir: string, rel: Relation): string {
  return `${tableFolder(dataDir, rel)}${randomUUID()}/`;
}
