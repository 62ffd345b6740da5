import type { KeelError } from '../core/errors.js';
import type { RefCall, SourceCall } from '../core/nodes.js';

/**
 * What one render of one template captured. Rendering is synchronous, so the helpers
 * (ref, source, config, var, ...) record into the capture of the template being rendered,
 * including when they are called from inside a user macro.
 */
export interface RenderCapture {
  file: string;
  /** the node's name, what `this.name` gives */
  nodeName: string;
  raw: string;
  refs: RefCall[];
  sources: SourceCall[];
  /** config(...) calls merged over the node's folder/YAML config */
  config: Record<string, unknown>;
  varsRead: Set<string>;
  envVarsRead: Set<string>;
  macrosCalled: Set<string>;
  isIncremental: boolean;
  /** a KeelError raised by a helper; nunjucks re-wraps errors and loses it otherwise */
  error?: KeelError;
}

let current: RenderCapture | null = null;

export function currentCapture(): RenderCapture | null {
  return current;
}

export function withCapture<T>(capture: RenderCapture, fn: () => T): T {
  const previous = current;
  current = capture;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

export function newCapture(file: string, nodeName: string, raw: string, baseConfig: Record<string, unknown>, isIncremental = false): RenderCapture {
  return {
    file,
    nodeName,
    raw,
    refs: [],
    sources: [],
    config: { ...baseConfig },
    varsRead: new Set(),
    envVarsRead: new Set(),
    macrosCalled: new Set(),
    isIncremental,
  };
}

/**
 * Placeholders standing for relations until every node's schema and alias are known, between
 * STX and ETX: control characters no SQL file holds, and Latin-1. A wider character made every
 * rendered and compiled SQL string two bytes per character in V8: twice the memory, and slower
 * JSON and UTF-8 encoding of the manifest and compiled files.
 */
export const TOKEN_START = '\u0002';
const TOKEN_END = '\u0003';
export const THIS_TOKEN = `${TOKEN_START}this${TOKEN_END}`;
export const refToken = (i: number) => `${TOKEN_START}r:${i}${TOKEN_END}`;
export const sourceToken = (i: number) => `${TOKEN_START}s:${i}${TOKEN_END}`;
export const TOKEN_PATTERN = new RegExp(`${TOKEN_START}(?:(r|s):(\\d+)|this)${TOKEN_END}`, 'g');

/**
 * `text` with each relation placeholder as the name it stands for (model, `source.table`, this
 * node): messages a template logs or raises are read by people, and placeholders are control characters.
 */
export function withNamesForTokens(text: string, c: RenderCapture | null): string {
  if (!c || !text.includes(TOKEN_START)) return text;
  return text.replace(TOKEN_PATTERN, (token: string, kind: string | undefined, index: string | undefined) => {
    if (!kind) return c.nodeName;
    if (kind === 'r') return c.refs[Number(index)]?.name ?? token;
    const s = c.sources[Number(index)];
    return s ? `${s.source}.${s.table}` : token;
  });
}

/** First line of `raw` mentioning every needle, for errors about a ref or source. */
export function lineOf(raw: string, ...needles: string[]): number | undefined {
  const last = needles[needles.length - 1];
  if (last === undefined) return undefined;
  // scan occurrences of one needle and check its line, rather than splitting the whole text per call
  for (let at = raw.indexOf(last); at >= 0; at = raw.indexOf(last, at + 1)) {
    const start = raw.lastIndexOf('\n', at - 1) + 1;
    let end = raw.indexOf('\n', at);
    if (end < 0) end = raw.length;
    const line = raw.slice(start, end);
    if (needles.every((n) => line.includes(n))) {
      let number = 1;
      for (let i = raw.indexOf('\n'); i >= 0 && i < start; i = raw.indexOf('\n', i + 1)) number++;
      return number;
    }
    at = end;
  }
  return undefined;
}
