import { createRequire } from 'node:module';
import jsyaml from 'js-yaml';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { KeelError } from '../core/errors.js';
import { parseSimpleYaml } from './simple-yaml.js';
import { readUtf8 } from './read-text.js';

/** A parsed YAML file that can tell the line of any key path, for error messages. */
export interface YamlFile {
  /** path relative to the project root, as shown to users */
  file: string;
  data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Data comes from a parser of the plain YAML property files are written in, else from js-yaml
 * (fast); the position-aware document is built only when an error needs a line, since a large
 * project parses hundreds of property files on every compile.
 */
export function parseYaml(text: string, file: string): YamlFile {
  let data: unknown;
  try {
    const simple = parseSimpleYaml(text);
    data = (simple ? simple.data : jsyaml.load(text, { filename: file, schema: jsyaml.CORE_SCHEMA })) ?? {};
  } catch (err) {
    throw invalidYaml(err, text, file);
  }
  let doc: { doc: Document; lines: LineCounter } | undefined;
  return {
    file,
    data,
    lineOf(path) {
      if (!doc) {
        const { LineCounter, parseDocument } = positionAwareYaml();
        const lines = new LineCounter();
        doc = { doc: parseDocument(text, { lineCounter: lines }), lines };
      }
      return lineAtPath(doc.doc, doc.lines, path);
    },
  };
}

/**
 * The error as the yaml package reports it, where it finds one: it places an unclosed quote at the
 * quote, where js-yaml reports the end of the file. Else js-yaml's own.
 */
function invalidYaml(err: unknown, text: string, file: string): KeelError {
  const { LineCounter, parseDocument } = positionAwareYaml();
  const lines = new LineCounter();
  const first = parseDocument(text, { lineCounter: lines, uniqueKeys: true }).errors[0];
  if (first) {
    let line = first.linePos?.[0]?.line ?? lines.linePos(first.pos[0]).line;
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // both parsers place an unclosed quote where the file ends: the quote that opened it is the news
    if (/Missing closing/.test(message)) line = openQuoteLine(text) ?? line;
    return new KeelError(`Invalid YAML: ${message}`, { location: { file, line } });
  }
  const e = err as { reason?: string; mark?: { line?: number }; message: string };
  return new KeelError(`Invalid YAML: ${e.reason ?? e.message.split('\n')[0]}`, {
    location: { file, line: e.mark?.line === undefined ? undefined : e.mark.line + 1 },
  });
}

/** The first line whose quoted value (after `key:` or `-`) does not close on that line. */
function openQuoteLine(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:-\s+)?(?:[^'"#:\s][^:#]*:\s+|-\s*)?(["'])(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const q = m[1]!;
    const rest = q === "'" ? m[2]!.replace(/''/g, '') : m[2]!.replace(/\\./g, '');
    if (!rest.includes(q)) return i + 1;
  }
  return undefined;
}

/** Loaded on the first error only (synchronously: lineOf is called from synchronous code). */
function positionAwareYaml(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

function lineAtPath(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  const { isMap, isSeq, isScalar } = positionAwareYaml();
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset).line);
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
}

export function readYaml(absPath: string, file: string): YamlFile {
  return parseYaml(readUtf8(absPath, file), file);
}
