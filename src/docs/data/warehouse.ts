import { existsSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Node } from '../../core/nodes.js';
import type { ColumnInfo, Engine } from '../../engines/engine.js';
import { createEngine, definitionOf } from '../../engines/registry.js';
import type { Project } from '../../project/project.js';

export interface Warehouse {
  engine: Engine | null;
  /** why the warehouse was not read; the site says so instead of showing empty columns */
  message: string | null;
}

/**
 * Connects to the target to read column types and the analytics kinds' outputs. Docs are
 * still worth generating without a warehouse (before the first build, or offline), so a
 * missing database or a failed connection is reported, not thrown.
 */
export async function openWarehouse(project: Project): Promise<Warehouse> {
  const target = project.target;
  const file = definitionOf(target).databaseFile(target, project.root);
  // opening a missing database file would create an empty database as a side effect of docs
  if (file !== undefined && !existsSync(file))
    return { engine: null, message: `${shown(project.root, file)} does not exist yet: run keel build, then generate the docs again` };
  try {
    const engine = await createEngine(target, project.root, 4);
    await engine.open();
    return { engine, message: null };
  } catch (e) {
    return { engine: null, message: `could not connect to the ${target.type} target: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Columns of every node that has a relation and exists in the warehouse; a few lookups at a time. */
export async function introspectColumns(engine: Engine, nodes: Node[], concurrency = 8): Promise<Map<string, ColumnInfo[]>> {
  const out = new Map<string, ColumnInfo[]>();
  const withRelation = nodes.filter((n) => n.kind !== 'test' && n.relation && n.config.materialized !== 'ephemeral');
  let next = 0;
  const worker = async () => {
    while (next < withRelation.length) {
      const node = withRelation[next++];
      try {
        const cols = await engine.getColumns(node.relation!);
        // no columns: not built yet (or dropped); leave it to the YAML docs
        if (cols.length > 0) out.set(node.uniqueId, cols);
      } catch {
        // one unreadable relation (permissions, a broken view) should not hide the others
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, withRelation.length) }, worker));
  return out;
}

/** A file as the project names it: relative to the project when it is inside it. */
function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
