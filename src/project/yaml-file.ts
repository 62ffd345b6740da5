import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { KeelError } from '../core/errors.js';

/** A parsed YAML file that can tell the line of any key path, for error messages. */
export interface YamlFile {
  /** path relative to the project root, as shown to users */
  file: string;
  data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function parseYaml(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new KeelError(`Invalid YAML: ${err.message.split('\n')[0]}`, { location: { file, line } });
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  return {
    file,
    data: doc.toJS() ?? {},
    lineOf(path) {
      let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
      let keyLine: number | undefined = lineAt(node?.range?.[0]);
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
          if (!pair) break;
          keyLine = lineAt((pair.key as YamlNode | null)?.range?.[0]) ?? keyLine;
          node = pair.value as YamlNode | null;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key] as YamlNode | null;
          keyLine = lineAt(node?.range?.[0]) ?? keyLine;
        } else break;
      }
      return keyLine;
    },
  };
}

export function readYaml(absPath: string, file: string): YamlFile {
  return parseYaml(readFileSync(absPath, 'utf8'), file);
}
