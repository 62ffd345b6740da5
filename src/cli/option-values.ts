import { InvalidArgumentError } from 'commander';
import jsyaml from 'js-yaml';
import { didYouMean } from '../core/closest-name.js';
import { KeelError } from '../core/errors.js';
import { parseSelectors } from '../graph/selector-parser.js';

/**
 * Parsers for flag values. Each refuses what it cannot read exactly: commander then prints
 * "option '--threads <n>' argument 'abc' is invalid. <reason>" and keel exits 2, so a typo never
 * runs as a default, a rounding or a name.
 */
export type ValueParser<T> = (value: string, previous: T | undefined) => T;

/** A name or path: an empty one would silently mean the default (`--state ''` no state at all). */
export function nonEmpty(what: string): ValueParser<string> {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`expected ${what}, got an empty string`);
    return value;
  };
}

/** A whole number written in digits only (no sign, fraction, exponent or hex), at least `min`. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): ValueParser<number> {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}`);
    }
    return n;
  };
}

/** A number of seconds in plain decimal (`30`, `0.5`); `positive` refuses 0. */
export function seconds(opts: { positive?: boolean } = {}): ValueParser<number> {
  return (value) => {
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || (opts.positive && n === 0)) {
      throw new InvalidArgumentError(`expected a number of seconds${opts.positive ? ' greater than 0' : ''}, e.g. 30 or 0.5`);
    }
    return n;
  };
}

/** One of `values`, with the closest one suggested; a variadic flag collects every value given. */
export function oneOf<T extends string>(values: readonly T[], opts: { variadic: true }): ValueParser<T[]>;
export function oneOf<T extends string>(values: readonly T[]): ValueParser<T>;
export function oneOf<T extends string>(values: readonly T[], opts: { variadic?: boolean } = {}): ValueParser<T | T[]> {
  return (value, previous) => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`expected one of: ${values.join(', ')}.${didYouMean(value, values)}`);
    return opts.variadic ? [...((previous as T[] | undefined) ?? []), value as T] : (value as T);
  };
}

const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(\.\d{1,9})?)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/**
 * An ISO-8601 date or date-time. Without a zone it is UTC, like the load times it is compared
 * with. Every field must exist on the calendar: JavaScript's Date would read 2025-02-30 as March 2.
 */
export function timestamp(value: string): Date {
  const m = TIMESTAMP.exec(value.trim());
  const invalid = () => new InvalidArgumentError('expected a timestamp such as 2025-07-01T06:00:00Z or 2025-07-01 06:00 (UTC unless it has a zone)');
  if (!m) throw invalid();
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const utc = new Date(Date.UTC(...fields));
  utc.setUTCFullYear(fields[0]);
  const read = [utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds()];
  if (read.some((v, i) => v !== fields[i])) throw invalid();
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) throw invalid();
  return new Date(utc.getTime() + Math.round(Number(`0${fraction}`) * 1000) - offset * 60_000);
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const [, sign, hh, mm = '0'] = /^([+-])(\d\d):?(\d\d)?$/.exec(zone)!;
  if (Number(hh) > 23 || Number(mm) > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
}

/** `--vars`: a YAML (or JSON) mapping; empty means no overrides. */
export function varsMapping(value: string): Record<string, unknown> | undefined {
  if (value.trim() === '') return undefined;
  let v: unknown;
  try {
    v = jsyaml.load(value);
  } catch (e) {
    const reason = e instanceof jsyaml.YAMLException ? `${e.reason}${e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : ''}` : String(e);
    throw new InvalidArgumentError(`not valid YAML: ${reason}; expected a mapping, e.g. --vars '{start_date: "2025-01-01"}'`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InvalidArgumentError(`expected a YAML mapping, e.g. --vars '{start_date: "2025-01-01"}'`);
  return v as Record<string, unknown>;
}

/**
 * `--select` / `--exclude`: each value is checked for selector syntax here, so a malformed one
 * fails before anything loads (which methods exist is checked when the project is loaded).
 */
export function selectors(flag: string): ValueParser<string[]> {
  return (value, previous) => {
    if (value.trim() === '') throw new KeelError(`${flag} was given an empty selector`, { hint: 'Leave the flag out to select every node.' });
    parseSelectors([value], { flag });
    return [...(previous ?? []), value];
  };
}

const anyPortNumber = wholeNumber(0, 65535);

/** A TCP port; 0 asks the system for any free one. */
export const port: ValueParser<number> = (value, previous) => {
  try {
    return anyPortNumber(value, previous);
  } catch {
    throw new InvalidArgumentError('expected a port number, 0-65535 (0: any free port)');
  }
};
