import { findCalls, replaceRange, splitTopLevel, textOf } from './calls.js';
import { EmulatorSqlError } from './errors.js';
import { closingParen, isPunct, isWord, significant, type Token } from './tokens.js';

/*
 * Redshift function syntax PostgreSQL does not parse, rewritten into what it does. Functions that
 * only differ in name or semantics (GETDATE, DATEADD, DATEDIFF, SHA2, STRTOL, NVL2, LEN, CHARINDEX,
 * CONVERT_TIMEZONE, TRUNC(timestamp)) are installed as PostgreSQL functions instead (database.ts).
 */
export function rewriteFunctions(tokens: Token[]): Token[] {
  let out = quoteDateParts(tokens);
  out = rewriteListagg(out);
  out = rewriteMedian(out);
  out = rewriteIgnoreNulls(out);
  out = renameCalls(out, { nvl: 'coalesce' });
  out = rewriteWords(out);
  return out;
}

/** DATEADD(day, 1, ts): Redshift takes the date part as a bare word; PostgreSQL would read a column. */
function quoteDateParts(tokens: Token[]): Token[] {
  const sig = significant(tokens);
  const out = tokens.slice();
  for (const call of findCalls(sig, ['dateadd', 'datediff', 'date_part', 'datepart'])) {
    const part = sig[call.openAt + 1];
    if (part && part.token.kind === 'word' && isPunct(sig[call.openAt + 2]?.token, ',')) {
      out[part.index] = { kind: 'string', text: `'${part.token.text.toLowerCase()}'` };
    }
    if (call.name === 'datepart') out[sig[call.nameAt]!.index] = { kind: 'word', text: 'date_part' };
  }
  return out;
}

/**
 * LISTAGG(expr [, delim]) [WITHIN GROUP (ORDER BY ...)] → string_agg(expr::varchar, delim [ORDER BY ...]).
 * One call per pass, innermost first, until none is left.
 */
function rewriteListagg(tokens: Token[]): Token[] {
  for (;;) {
    const sig = significant(tokens);
    const call = findCalls(sig, ['listagg']).at(-1);
    if (!call) return tokens;
    let argsFrom = call.openAt + 1;
    const distinct = isWord(sig[argsFrom]?.token, 'distinct');
    if (distinct) argsFrom++;
    const args = splitTopLevel(sig, argsFrom, call.closeAt);
    const expr = textOf(tokens, sig, args[0]![0], args[0]![1]);
    const delimiter = args[1] ? textOf(tokens, sig, args[1][0], args[1][1]) : "''";
    let end = call.closeAt + 1;
    let orderBy = '';
    if (isWord(sig[end]?.token, 'within') && isWord(sig[end + 1]?.token, 'group') && isPunct(sig[end + 2]?.token, '(')) {
      const close = closingParen(sig, end + 2);
      orderBy = ` ${textOf(tokens, sig, end + 3, close)}`;
      end = close + 1;
      if (isWord(sig[end]?.token, 'over')) {
        throw new EmulatorSqlError('the emulator cannot run LISTAGG ... WITHIN GROUP (ORDER BY ...) OVER (...): PostgreSQL has no ordered window string_agg');
      }
    }
    // with DISTINCT the sort key must be the aggregated value itself, so neither side is cast
    const value = distinct ? `distinct ${expr}` : `(${expr})::varchar`;
    tokens = replaceRange(tokens, sig, call.nameAt, end, `string_agg(${value}, ${delimiter}${orderBy})`);
  }
}

/** MEDIAN(x) → percentile_cont(0.5) WITHIN GROUP (ORDER BY x), as an aggregate (not as a window function). */
function rewriteMedian(tokens: Token[]): Token[] {
  for (;;) {
    const sig = significant(tokens);
    const call = findCalls(sig, ['median']).at(-1);
    if (!call) return tokens;
    if (isWord(sig[call.closeAt + 1]?.token, 'over')) {
      throw new EmulatorSqlError('the emulator cannot run MEDIAN(...) OVER (...): PostgreSQL has no ordered-set window aggregates');
    }
    const expr = textOf(tokens, sig, call.openAt + 1, call.closeAt);
    tokens = replaceRange(tokens, sig, call.nameAt, call.closeAt + 1, `percentile_cont(0.5) within group (order by ${expr})`);
  }
}

/**
 * FIRST_VALUE(x IGNORE NULLS) / LAST_VALUE(x IGNORE NULLS) over a whole-partition frame: PostgreSQL
 * has no IGNORE NULLS, but ordering the window by "x is null" first puts the non-null values at
 * the edge the function reads, in the same order otherwise. Other frames are not reproduced.
 */
function rewriteIgnoreNulls(tokens: Token[]): Token[] {
  for (;;) {
    const sig = significant(tokens);
    const call = findCalls(sig, ['first_value', 'last_value']).find(
      (c) => isWord(sig[c.closeAt - 2]?.token, 'ignore', 'respect') && isWord(sig[c.closeAt - 1]?.token, 'nulls'),
    );
    if (!call) return tokens;
    const ignore = isWord(sig[call.closeAt - 2]!.token, 'ignore');
    const expr = textOf(tokens, sig, call.openAt + 1, call.closeAt - 2);
    const overAt = call.closeAt + 1;
    if (!isWord(sig[overAt]?.token, 'over') || !isPunct(sig[overAt + 1]?.token, '(')) {
      throw new EmulatorSqlError(`${call.name} needs an OVER (...) clause`);
    }
    const windowClose = closingParen(sig, overAt + 1);
    const spec = textOf(tokens, sig, overAt + 2, windowClose);
    let rewritten = spec;
    if (ignore) {
      const wholeFrame = /\b(rows|range)\s+between\s+unbounded\s+preceding\s+and\s+unbounded\s+following\b/i.test(spec);
      if (!wholeFrame) {
        throw new EmulatorSqlError(`the emulator reproduces ${call.name}(... IGNORE NULLS) only over ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING`);
      }
      const nullsAside = call.name === 'first_value' ? `(${expr}) is null` : `(${expr}) is not null`;
      rewritten = /\border\s+by\b/i.test(spec)
        ? spec.replace(/\border\s+by\b/i, (m) => `${m} ${nullsAside},`)
        : spec.replace(/\b(rows|range)\s+between\b/i, (m) => `order by ${nullsAside} ${m}`);
    }
    tokens = replaceRange(tokens, sig, call.nameAt, windowClose + 1, `${call.name}(${expr}) over (${rewritten})`);
  }
}

function renameCalls(tokens: Token[], names: Record<string, string>): Token[] {
  const sig = significant(tokens);
  const out = tokens.slice();
  for (const call of findCalls(sig, Object.keys(names))) out[sig[call.nameAt]!.index] = { kind: 'word', text: names[call.name]! };
  return out;
}

/** SYSDATE (the transaction's start, UTC), APPROXIMATE COUNT(DISTINCT ...), VARCHAR(MAX). */
function rewriteWords(tokens: Token[]): Token[] {
  const sig = significant(tokens);
  const out = tokens.slice();
  sig.forEach(({ token, index }, i) => {
    if (isPunct(sig[i - 1]?.token, '.')) return;
    if (isWord(token, 'sysdate') && !isPunct(sig[i + 1]?.token, '(')) {
      out[index] = { kind: 'word', text: "(transaction_timestamp() at time zone 'UTC')" };
    } else if (isWord(token, 'approximate') && isWord(sig[i + 1]?.token, 'count', 'percentile_disc')) {
      out[index] = { kind: 'space', text: '' };
    } else if (isWord(token, 'max') && isPunct(sig[i - 1]?.token, '(') && isWord(sig[i - 2]?.token, 'varchar', 'varying')) {
      out[index] = { kind: 'number', text: '65535' };
    }
  });
  return out;
}
