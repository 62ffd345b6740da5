import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Node } from '../core/nodes.js';

/** target/compiled/<project>/<model path>; YAML tests get a file of their own under the YAML's folder. */
export function compiledPath(projectName: string, node: Node): string | undefined {
  if (node.kind !== 'model' && node.kind !== 'test') return undefined;
  const rel = node.path.endsWith('.sql') ? node.path : join(dirname(node.path), `${node.name}.sql`);
  return join('compiled', projectName, rel);
}

export function writeCompiledFiles(targetPath: string, projectName: string, nodes: Iterable<Node>): number {
  let n = 0;
  for (const node of nodes) {
    const rel = compiledPath(projectName, node);
    const sql = (node as { compiledSql?: string }).compiledSql;
    if (!rel || sql === undefined) continue;
    const abs = join(targetPath, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, `${sql}\n`);
    n++;
  }
  return n;
}
