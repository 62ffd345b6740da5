import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Node } from '../core/nodes.js';

/** target/compiled/<project>/<model path>; YAML tests get a file of their own under the YAML's folder. */
export function compiledPath(projectName: string, node: Node): string | undefined {
  if (node.kind !== 'model' && node.kind !== 'test') return undefined;
  const rel = node.path.endsWith('.sql') ? node.path : join(dirname(node.path), `${node.name}.sql`);
  return join('compiled', projectName, rel);
}

/** Remembers what was written, so an unchanged file is not written again (writes dominate large compiles). */
export interface WrittenFiles {
  isWritten(relPath: string, hash: string): boolean;
  markWritten(relPath: string, hash: string): void;
}

/** Writes the compiled SQL of `nodes`; returns how many files now hold their compiled SQL. */
export function writeCompiledFiles(targetPath: string, projectName: string, nodes: Iterable<Node>, written?: WrittenFiles): number {
  let n = 0;
  const dirs = new Set<string>();
  for (const node of nodes) {
    const rel = compiledPath(projectName, node);
    const sql = (node as { compiledSql?: string }).compiledSql;
    if (!rel || sql === undefined) continue;
    n++;
    const abs = join(targetPath, rel);
    const hash = createHash('sha1').update(sql).digest('base64');
    if (written?.isWritten(rel, hash) && existsSync(abs)) continue;
    const dir = dirname(abs);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(abs, `${sql}\n`);
    written?.markWritten(rel, hash);
  }
  return n;
}
