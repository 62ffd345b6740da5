import { EmulatorSqlError } from './errors.js';
import { findCalls } from './calls.js';
import { closingParen, isPunct, isWord, readName, significant, type Token } from './tokens.js';

/**
 * PostgreSQL features Redshift lacks. PGlite would run them, so SQL meant for Redshift that uses
 * them would pass here and fail on a cluster: the emulator refuses them the way Redshift does.
 */
const POSTGRES_ONLY_FUNCTIONS = [
  'string_agg',
  'array_agg',
  'array_to_string',
  'string_to_array',
  'unnest',
  'generate_series',
  'regexp_split_to_table',
  'regexp_split_to_array',
  'jsonb_build_object',
  'json_agg',
  'jsonb_agg',
  'to_jsonb',
  'range',
  'list',
];

export function rejectUnsupported(tokens: Token[]): void {
  const sig = significant(tokens);
  const calls = findCalls(sig, POSTGRES_ONLY_FUNCTIONS);
  if (calls.length) fail(`function ${calls[0]!.name} does not exist`);
  sig.forEach(({ token }, i) => {
    const next = sig[i + 1]?.token;
    if (isWord(token, 'returning') && i > 0) fail('syntax error at or near "returning" (Redshift has no RETURNING)');
    if (isWord(token, 'on') && isWord(next, 'conflict')) fail('syntax error at or near "conflict" (Redshift has no ON CONFLICT)');
    if (isWord(token, 'distinct') && isWord(next, 'on') && isPunct(sig[i + 2]?.token, '(')) fail('DISTINCT ON is not supported');
    if (isWord(token, 'filter') && isPunct(next, '(') && isWord(sig[i + 2]?.token, 'where')) fail('aggregate FILTER (WHERE ...) is not supported');
    if (isWord(token, 'lateral')) fail('LATERAL is not supported');
    if (isWord(token, 'array') && (isPunct(next, '[') || isPunct(next, '('))) fail('Redshift has no ARRAY type (use delimited strings or SUPER)');
    if (isPunct(token, '[') && isPunct(next, ']')) fail('Redshift has no array types');
    if (isPunct(token, '::') && isWord(next, 'jsonb', 'json')) fail(`type ${next!.text} does not exist`);
    if (isWord(token, 'merge') && isWord(next, 'into')) rejectMergeTargetAlias(sig, i + 2);
    if (isWord(token, 'as') && (isWord(next, 'materialized') || (isWord(next, 'not') && isWord(sig[i + 2]?.token, 'materialized')))) {
      fail('syntax error at or near "materialized" (Redshift has no MATERIALIZED hint on a WITH query)');
    }
  });
  rejectNestedWith(sig);
  rejectWithBeforeDml(sig);
}

/** Redshift's WITH leads a SELECT only: `INSERT INTO t WITH ... SELECT` is the spelling it takes. */
function rejectWithBeforeDml(sig: ReturnType<typeof significant>): void {
  if (!isWord(sig[0]?.token, 'with')) return;
  let depth = 0;
  for (const { token } of sig.slice(1)) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (depth === 0 && isWord(token, 'select')) return;
    else if (depth === 0 && isWord(token, 'insert', 'update', 'delete', 'merge'))
      fail(`syntax error at or near "${token.text}" (a WITH clause cannot lead ${token.text.toUpperCase()} on Redshift)`);
  }
}

/** Redshift's MERGE names its target table without an alias: `MERGE INTO t USING ...`. */
function rejectMergeTargetAlias(sig: ReturnType<typeof significant>, nameAt: number): void {
  const name = readName(sig, nameAt);
  if (name && !isWord(sig[name.end]?.token, 'using')) fail('syntax error in MERGE: the target table takes no alias on Redshift');
}

/** Redshift does not allow a WITH clause inside a common table expression (keel inlines ephemeral models as CTEs). */
function rejectNestedWith(sig: ReturnType<typeof significant>): void {
  sig.forEach(({ token }, i) => {
    if (!isWord(token, 'as') || !isPunct(sig[i + 1]?.token, '(')) return;
    // `name as (` right after WITH or a comma of a WITH list
    const before = sig[i - 2]?.token;
    if (!(isWord(before, 'with', 'recursive') || isPunct(before, ','))) return;
    const close = closingParen(sig, i + 1);
    for (let j = i + 2; j < close; j++) {
      if (isWord(sig[j]!.token, 'with') && (isPunct(sig[j - 1]?.token, '(') || j === i + 2)) {
        fail('WITH clause inside a common table expression is not supported');
      }
    }
  });
}

function fail(message: string): never {
  throw new EmulatorSqlError(message);
}
