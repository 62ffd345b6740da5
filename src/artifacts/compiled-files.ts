import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Node } from '../core/nodes.js';
import { writeFiles, type FileToWrite, type PendingWrites } from './file-writer.js';

/** target/compiled/<project>/<model path>; YAML tests get a file of their own under the YAML's folder. */
export function compiledPath(projectName: string, node: Node): string | undefined {
  if (node.kind !== 'model' && node.kind !== 'test') return undefined;
  // node paths are already normalized, '/'-separated: concatenation spares path.join's work on every node
  const rel = node.path.endsWith('.sql') ? node.path : `${node.path.slice(0, node.path.lastIndexOf('/') + 1)}${node.name}.sql`;
  return `compiled/${projectName}/${rel}`;
}

/** Remembers what was written, so an unchanged file is not written again (writes dominate large compiles). */
export interface WrittenFiles {
  isWritten(relPath: string, hash: string): boolean;
  markWritten(relPath: string, hash: string): void;
}

/**
 * Starts writing the compiled SQL of `nodes` (files whose content is unchanged are skipped) and
 * returns how many nodes now have a compiled file, with the writes to finish.
 */
export function writeCompiledFiles(targetPath: string, projectName: string, nodes: Iterable<Node>, written?: WrittenFiles): { count: number; pending: PendingWrites } {
  let count = 0;
  const files: FileToWrite[] = [];
  for (const node of nodes) {
    const rel = compiledPath(projectName, node);
    const sql = (node as { compiledSql?: string }).compiledSql;
    if (!rel || sql === undefined) continue;
    count++;
    const abs = `${targetPath}/${rel}`;
    const hash = createHash('sha1').update(sql).digest('base64');
    if (written?.isWritten(rel, hash) && existsSync(abs)) continue;
    files.push({ path: abs, text: `${sql}\n` });
    written?.markWritten(rel, hash);
  }
  return { count, pending: writeFiles(files) };
}
