import { KeelError } from '../core/errors.js';
import type { ModelNode, Node, SourceNode, TestNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { TOKEN_PATTERN } from './capture.js';

export type QuoteRelation = (rel: Relation) => string;

const isEphemeral = (n: Node | undefined): n is ModelNode => n?.kind === 'model' && n.config.materialized === 'ephemeral';
export const ephemeralCteName = (name: string) => `__keel_ephemeral__${name}`;

/** `with a as (...)` hoisted into the statement, merged with a WITH clause the SQL already has. */
export function injectCtes(sql: string, ctes: Array<[string, string]>, quoteIdent: (s: string) => string): string {
  if (!ctes.length) return sql;
  const defs = ctes.map(([name, body]) => `${quoteIdent(name)} as (\n${body}\n)`).join(',\n');
  const m = /^(\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*)with(\s+recursive)?\s/i.exec(sql);
  if (m) return `${m[0]}${defs},\n${sql.slice(m[0].length)}`;
  return `with ${defs}\n${sql}`;
}

// what JavaScript's \s matches, as char codes below 256 (above, only a few Unicode spaces)
const isSpaceOrSemicolon = (c: number) => c === 59 || c === 32 || (c >= 9 && c <= 13) || c === 160 || (c > 255 && /\s/.test(String.fromCharCode(c)));

/** `sql` without trailing semicolons and whitespace. Walked back from the end: the equivalent regex tried every run of whitespace in the text. */
export function stripTrailingSemicolon(sql: string): string {
  let end = sql.length;
  while (end > 0 && isSpaceOrSemicolon(sql.charCodeAt(end - 1))) end--;
  return end === sql.length ? sql : sql.slice(0, end);
}

/**
 * Replaces relation placeholders with quoted relations and inlines ephemeral models as CTEs.
 * Sets `compiledSql` on every model and test.
 */
export class SqlCompiler {
  private readonly byName = new Map<string, Node>();
  private readonly bySource = new Map<string, SourceNode>();
  // most relations are read by several nodes (and tests): each is quoted once
  private readonly quoted = new Map<Relation, string>();

  constructor(
    nodes: Node[],
    private readonly quote: QuoteRelation,
    private readonly quoteIdent: (s: string) => string,
  ) {
    for (const n of nodes) {
      if (n.kind === 'model' || n.kind === 'seed') this.byName.set(n.name, n);
      if (n.kind === 'source') this.bySource.set(`${n.sourceName}\0${n.fqn[2]}`, n);
    }
  }

  compile(node: ModelNode | TestNode, renderedSql = node.renderedSql ?? ''): string {
    const ctes: Array<[string, string]> = [];
    const seen = new Set<string>();
    const body = this.resolve(node, renderedSql, ctes, seen);
    return injectCtes(body, ctes, this.quoteIdent);
  }

  private resolve(node: ModelNode | TestNode, sql: string, ctes: Array<[string, string]>, seen: Set<string>): string {
    return stripTrailingSemicolon(sql).replace(TOKEN_PATTERN, (_m, kind: string | undefined, index: string | undefined) => {
      if (!kind) return node.relation ? this.quote(node.relation) : this.quoteIdent(ephemeralCteName(node.name));
      if (kind === 's') {
        const call = node.sources[Number(index)]!;
        const src = this.bySource.get(`${call.source}\0${call.table}`);
        if (!src?.relation) throw new KeelError(`Source '${call.source}.${call.table}' not found`, { location: { file: node.path, line: call.line } });
        return this.quoteOnce(src.relation);
      }
      const call = node.refs[Number(index)]!;
      const target = this.byName.get(call.name);
      if (!target) throw new KeelError(`Model '${call.name}' not found`, { location: { file: node.path, line: call.line } });
      if (isEphemeral(target)) {
        this.addEphemeral(target, ctes, seen);
        return this.quoteIdent(ephemeralCteName(target.name));
      }
      return this.quoteOnce(target.relation!);
    });
  }

  private quoteOnce(relation: Relation): string {
    let text = this.quoted.get(relation);
    if (text === undefined) this.quoted.set(relation, (text = this.quote(relation)));
    return text;
  }

  /** depth first, so an ephemeral's own ephemeral inputs come before it */
  private addEphemeral(node: ModelNode, ctes: Array<[string, string]>, seen: Set<string>): void {
    if (seen.has(node.name)) return;
    seen.add(node.name);
    const body = this.resolve(node, node.renderedSql ?? '', ctes, seen);
    ctes.push([ephemeralCteName(node.name), body]);
  }
}
