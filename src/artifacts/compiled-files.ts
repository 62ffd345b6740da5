import type { Node } from '../core/nodes.js';
import { writeFiles, type FileToWrite, type PendingWrites } from './file-writer.js';
import type { KnownFiles } from './known-files.js';

/** target/compiled/<project>/<model path>; YAML tests get a file of their own under the YAML's folder. */
export function compiledPath(projectName: string, node: Node): string | undefined {
  if (node.kind !== 'model' && node.kind !== 'test') return undefined;
  // node paths are already normalized, '/'-separated: concatenation spares path.join's work on every node
  const rel = node.path.endsWith('.sql') ? node.path : `${node.path.slice(0, node.path.lastIndexOf('/') + 1)}${node.name}.sql`;
  return `compiled/${projectName}/${rel}`;
}

/**
 * Starts writing the compiled SQL of `nodes` and returns how many nodes have a compiled file, with
 * the writes to finish. The writer compares each file's text on disk and leaves equal ones alone,
 * so an unchanged model is never rewritten and a file edited or deleted by hand is always restored.
 */
export function writeCompiledFiles(
  targetPath: string,
  projectName: string,
  nodes: Iterable<Node>,
  known?: KnownFiles,
): { paths: string[]; pending: PendingWrites } {
  const files: FileToWrite[] = [];
  const paths: string[] = [];
  for (const node of nodes) {
    const rel = compiledPath(projectName, node);
    const sql = (node as { compiledSql?: string }).compiledSql;
    if (rel && sql !== undefined) {
      files.push({ path: `${targetPath}/${rel}`, text: `${sql}\n` });
      paths.push(rel);
    }
  }
  return { paths, pending: writeFiles(files, known) };
}
