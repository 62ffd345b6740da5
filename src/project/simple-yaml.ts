import jsyaml from 'js-yaml';

/**
 * A parser for the plain subset of YAML that property files are written in: block mappings and
 * sequences, single-line plain and quoted scalars, single-line flow collections and comments.
 * It returns exactly what js-yaml (CORE schema) would, or undefined as soon as the text uses
 * anything else (anchors, tags, block or multi-line scalars, escapes, tabs, odd indentation,
 * duplicate keys, ...), which the caller then leaves to js-yaml, errors included. js-yaml spends
 * most of its time being general; large projects parse a hundred property files per compile.
 */
export function parseSimpleYaml(text: string): { data: unknown } | undefined {
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    return { data: new SimpleYamlParser(text).document() };
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

// tabs, CR, control and non-printable characters, BOM, surrogates, Unicode line breaks
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this pattern finds
const UNSUPPORTED_CHARACTERS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const BAIL = Symbol('not simple YAML');
const bail = (): never => {
  throw BAIL;
};

interface Type {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}
// null, bool, int, float: the order js-yaml tries them on a plain scalar
const IMPLICIT_TYPES = (jsyaml.CORE_SCHEMA as unknown as { compiledImplicit: Type[] }).compiledImplicit;

/** A plain scalar's value: null, boolean or number when it reads as one, else the string. */
function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  const number = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  // a null or bool is one of ~, null, true, false in three spellings
  const word = text.length <= 5 && (c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70);
  if (number || word) for (const type of IMPLICIT_TYPES) if (type.resolve(text)) return type.construct(text);
  return text;
}

// a plain scalar may not start with one of these ('?' and ':' are left out altogether)
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of '?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;
const notPlainStart = (text: string, at: number) => NOT_PLAIN_START[text.charCodeAt(at)] === 1;
// `-` starts a plain scalar only when something other than a space or flow indicator follows
const isDashIndicator = (text: string, at: number) => text[at] === '-' && (at + 1 === text.length || ' ,[]{}'.includes(text[at + 1]!));

interface Line {
  indent: number;
  /** the line without its indentation */
  text: string;
}

const isSequenceItem = (text: string) => text === '-' || text.startsWith('- ');

class SimpleYamlParser {
  private readonly lines: Line[] = [];
  private at = 0;

  constructor(text: string) {
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let p = start;
      while (p < end && text.charCodeAt(p) === 32) p++;
      // blank and comment lines carry nothing
      if (p < end && text.charCodeAt(p) !== 35) {
        // document markers and directives
        if (p === start && (text.startsWith('---', p) || text.startsWith('...', p) || text.charCodeAt(p) === 37)) bail();
        this.lines.push({ indent: p - start, text: text.slice(p, end) });
      }
      start = end + 1;
    }
  }

  document(): unknown {
    // an empty document is null or undefined depending on its blank lines and comments
    if (this.lines.length === 0 || this.lines[0]!.indent !== 0 || isSequenceItem(this.lines[0]!.text)) bail();
    const data = this.mapping(0);
    if (this.at < this.lines.length) bail();
    return data;
  }

  private block(indent: number): unknown {
    return isSequenceItem(this.lines[this.at]!.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isSequenceItem(line.text)) bail();
      const colon = keyEnd(line.text, 0);
      if (colon < 0) bail();
      const key = mappingKey(line.text.slice(0, colon));
      if (Object.hasOwn(out, key)) bail();
      this.at++;
      setProperty(out, key, this.value(line.text, colon + 1, indent, true));
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent || (line.indent === indent && !isSequenceItem(line.text))) break;
      if (line.indent > indent) bail();
      const text = line.text;
      let p = 1;
      while (text.charCodeAt(p) === 32) p++;
      if (text.charCodeAt(p) === 45 && (p + 1 === text.length || text.charCodeAt(p + 1) === 32)) bail();
      if (p < text.length && keyEnd(text, p) >= 0) {
        // `- key: value` starts a mapping whose keys line up with this one
        line.indent = indent + p;
        line.text = text.slice(p);
        out.push(this.mapping(line.indent));
      } else {
        this.at++;
        out.push(this.value(text, p, indent, false));
      }
    }
    return out;
  }

  /** The value in `text` from `from` on (after `key:` or `-`), possibly a block on the following lines. */
  private value(text: string, from: number, indent: number, sequenceMayAlign: boolean): unknown {
    let p = from;
    while (text.charCodeAt(p) === 32) p++;
    if (p === text.length || text.charCodeAt(p) === 35) {
      const next = this.lines[this.at];
      if (next && next.indent > indent) return this.block(next.indent);
      // `key:` followed by `- item` lines at the key's own indentation
      if (next && sequenceMayAlign && next.indent === indent && isSequenceItem(next.text)) return this.sequence(indent);
      return null;
    }
    let value: unknown;
    const c = text[p]!;
    if (c === '[' || c === '{' || c === '"' || c === "'") {
      const [v, end] = c === '[' || c === '{' ? flowCollection(text, p) : quoted(text, p);
      if (!isCommentOrBlank(text, end)) bail();
      value = v;
    } else {
      if (notPlainStart(text, p) || isDashIndicator(text, p)) bail();
      const comment = text.indexOf(' #', p);
      let end = comment < 0 ? text.length : comment;
      while (text.charCodeAt(end - 1) === 32) end--;
      const plain = text.slice(p, end);
      if (plain.includes(': ') || plain.endsWith(':')) bail();
      value = resolvePlain(plain);
    }
    // a deeper line would continue a multi-line scalar (or be an error)
    if (this.lines[this.at] && this.lines[this.at]!.indent > indent) bail();
    return value;
  }
}

/** Position of the `:` ending a block mapping key that starts at `from`, or -1. */
function keyEnd(text: string, from: number): number {
  if (notPlainStart(text, from)) return -1;
  for (let i = text.indexOf(':', from); i >= 0; i = text.indexOf(':', i + 1)) {
    if (i + 1 === text.length || text.charCodeAt(i + 1) === 32) return i;
  }
  return -1;
}

// a file has few distinct keys, each on many lines
const keys = new Map<string, string>();

function mappingKey(raw: string): string {
  let key = keys.get(raw);
  if (key === undefined) {
    if (raw === '' || raw === '<<' || raw.length > 1000 || notPlainStart(raw, 0) || raw[0] === '-' || raw.endsWith(' ') || raw.includes(' #')) bail();
    // as js-yaml: the key is resolved as a scalar, then used as a property name
    key = String(resolvePlain(raw));
    if (keys.size < 10_000) keys.set(raw, key);
  }
  return key;
}

function setProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  else object[key] = value;
}

function isCommentOrBlank(text: string, from: number): boolean {
  let p = from;
  while (text.charCodeAt(p) === 32) p++;
  return p === text.length || (p > from && text.charCodeAt(p) === 35);
}

const skipSpaces = (text: string, from: number) => {
  let p = from;
  while (text.charCodeAt(p) === 32) p++;
  return p;
};

/** A single-line quoted scalar starting at `from`; [value, position after the closing quote]. */
function quoted(text: string, from: number): [string, number] {
  if (text[from] === '"') {
    const end = text.indexOf('"', from + 1);
    const value = end < 0 ? bail() : text.slice(from + 1, end);
    if (value.includes('\\')) bail();
    return [value, end + 1];
  }
  let value = '';
  for (let p = from + 1; ; ) {
    const end = text.indexOf("'", p);
    if (end < 0) bail();
    value += text.slice(p, end);
    if (text[end + 1] !== "'") return [value, end + 1];
    value += "'";
    p = end + 2;
  }
}

/** A single-line `[...]` or `{...}` starting at `from`; [value, position after it]. */
function flowCollection(text: string, from: number): [unknown, number] {
  const isSequence = text[from] === '[';
  const close = isSequence ? ']' : '}';
  const out: unknown[] | Record<string, unknown> = isSequence ? [] : {};
  let p = skipSpaces(text, from + 1);
  if (text[p] === close) return [out, p + 1];
  for (;;) {
    if (isSequence) {
      const [item, end] = flowItem(text, p);
      (out as unknown[]).push(item);
      p = end;
    } else {
      const colon = text.indexOf(':', p);
      if (colon < 0 || text.charCodeAt(colon + 1) !== 32) bail();
      const key = mappingKey(text.slice(p, colon));
      if (Object.hasOwn(out, key) || /[,[\]{}#"']/.test(key)) bail();
      const [item, end] = flowItem(text, skipSpaces(text, colon + 1));
      setProperty(out as Record<string, unknown>, key, item);
      p = end;
    }
    p = skipSpaces(text, p);
    if (text[p] === close) return [out, p + 1];
    if (text[p] !== ',') bail();
    p = skipSpaces(text, p + 1);
    if (text[p] === close) bail();
  }
}

function flowItem(text: string, from: number): [unknown, number] {
  const c = text[from];
  if (c === '[' || c === '{') return flowCollection(text, from);
  if (c === '"' || c === "'") {
    const [value, end] = quoted(text, from);
    if (text[skipSpaces(text, end)] === ':') bail();
    return [value, end];
  }
  if (c === undefined || notPlainStart(text, from) || isDashIndicator(text, from)) bail();
  let end = from;
  for (; end < text.length; end++) {
    const ch = text[end];
    if (ch === ',' || ch === ']' || ch === '}') break;
    // a key inside a sequence, a nested opening, a comment: not simple
    if (ch === ':' || ch === '[' || ch === '{' || (ch === '#' && text[end - 1] === ' ')) bail();
  }
  if (end === text.length) bail();
  // only spaces end a scalar, as in YAML (trimEnd() would take other Unicode spaces too)
  let last = end;
  while (text.charCodeAt(last - 1) === 32) last--;
  return [resolvePlain(text.slice(from, last)), end];
}
