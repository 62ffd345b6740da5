import { splitTopLevel, textOf } from './calls.js';
import { EmulatorSqlError } from './errors.js';
import { isPunct, isWord, significant, tokenize, type Token } from './tokens.js';

type Sig = ReturnType<typeof significant>;

const CLAUSE_ENDS = ['order', 'limit', 'offset', 'union', 'intersect', 'except', 'minus'];

/**
 * SELECT list FROM ... QUALIFY cond [ORDER BY ...]  →
 * SELECT names FROM (SELECT list, (cond) AS __keel_qualify FROM ...) AS __keel_qualified
 * WHERE __keel_qualify [ORDER BY ...]
 *
 * The select items must have names (an alias or a column reference): `*` cannot be expanded
 * without the catalog. Aliases used in the condition are replaced by their expressions, since a
 * select list cannot see its own aliases in PostgreSQL. One QUALIFY per pass, innermost first.
 */
export function rewriteQualify(tokens: Token[]): Token[] {
  for (;;) {
    const sig = significant(tokens);
    const depths = depthOf(sig);
    let at = -1;
    sig.forEach(({ token }, i) => {
      if (isWord(token, 'qualify') && (at < 0 || depths[i]! >= depths[at]!)) at = i;
    });
    if (at < 0) return tokens;
    tokens = rewriteOne(tokens, sig, depths, at);
  }
}

function rewriteOne(tokens: Token[], sig: Sig, depths: number[], at: number): Token[] {
  const depth = depths[at]!;
  let selectAt = at - 1;
  while (selectAt >= 0 && !(isWord(sig[selectAt]!.token, 'select') && depths[selectAt] === depth)) selectAt--;
  if (selectAt < 0) throw new EmulatorSqlError('QUALIFY without a SELECT');
  let fromAt = selectAt + 1;
  while (fromAt < at && !(isWord(sig[fromAt]!.token, 'from') && depths[fromAt] === depth)) fromAt++;
  let endAt = at + 1;
  while (
    endAt < sig.length &&
    depths[endAt]! >= depth &&
    !(depths[endAt] === depth && (CLAUSE_ENDS.includes(sig[endAt]!.token.text.toLowerCase()) || isPunct(sig[endAt]!.token, ';')))
  ) {
    endAt++;
  }
  let listFrom = selectAt + 1;
  if (isWord(sig[listFrom]?.token, 'distinct', 'all')) listFrom++;
  const items = splitTopLevel(sig, listFrom, fromAt).map(([a, b]) => selectItem(tokens, sig, a, b));
  const condition = substituteAliases(textOf(tokens, sig, at + 1, endAt), items);
  const inner = `${textOf(tokens, sig, selectAt, fromAt)}, (${condition}) as __keel_qualify ${textOf(tokens, sig, fromAt, at)}`;
  const outer = `select ${items.map((i) => `"${i.name}"`).join(', ')} from (${inner}) as __keel_qualified where __keel_qualify `;
  const start = sig[selectAt]!.index;
  const end = sig[endAt - 1]!.index;
  return [...tokens.slice(0, start), { kind: 'word', text: outer }, ...tokens.slice(end + 1)];
}

interface SelectItem {
  name: string;
  expression: string;
}

function selectItem(tokens: Token[], sig: Sig, from: number, to: number): SelectItem {
  const last = sig[to - 1]!.token;
  const expression = (end: number) => textOf(tokens, sig, from, end);
  const nameOf = (t: Token) => (t.kind === 'qident' ? t.text.slice(1, -1) : t.text.toLowerCase());
  if (isPunct(last, '*')) throw new EmulatorSqlError('the emulator rewrites QUALIFY only when every selected column is named (no *)');
  if (to - from >= 3 && isWord(sig[to - 2]!.token, 'as')) return { name: nameOf(last), expression: expression(to - 2) };
  if (last.kind === 'word' || last.kind === 'qident') {
    const prev = sig[to - 2]?.token;
    // `t.col` or `col`: the column's own name; `expr alias`: the alias
    if (to - from === 1 || isPunct(prev, '.')) return { name: nameOf(last), expression: expression(to) };
    if (prev && (prev.kind === 'word' || prev.kind === 'qident' || isPunct(prev, ')') || prev.kind === 'number' || prev.kind === 'string')) {
      return { name: nameOf(last), expression: expression(to - 1) };
    }
  }
  throw new EmulatorSqlError(`the emulator rewrites QUALIFY only when every selected column is named: ${expression(to).trim()}`);
}

function substituteAliases(condition: string, items: SelectItem[]): string {
  const byName = new Map(items.filter((i) => i.expression.trim().toLowerCase() !== i.name).map((i) => [i.name, i.expression]));
  const cond = tokenize(condition);
  const sig = significant(cond);
  const out = cond.slice();
  sig.forEach(({ token, index }, i) => {
    const name = token.kind === 'qident' ? token.text.slice(1, -1) : token.kind === 'word' ? token.text.toLowerCase() : undefined;
    if (name === undefined || !byName.has(name)) return;
    if (isPunct(sig[i - 1]?.token, '.') || isPunct(sig[i + 1]?.token, '(') || isPunct(sig[i + 1]?.token, '.')) return;
    out[index] = { kind: 'word', text: `(${byName.get(name)})` };
  });
  return out.map((t) => t.text).join('');
}

function depthOf(sig: Sig): number[] {
  let depth = 0;
  return sig.map(({ token }) => {
    if (isPunct(token, '(')) return depth++;
    if (isPunct(token, ')')) return --depth;
    return depth;
  });
}
