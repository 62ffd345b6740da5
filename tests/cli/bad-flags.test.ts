import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const project = () =>
  tempProject({
    'project.yml': MINIMAL_PROJECT_YML,
    'models/stg_a.sql': 'select 1 as id',
    'models/b.sql': "select * from {{ ref('stg_a') }}",
  });

const STACK_TRACE = /\n\s+at /;

/**
 * Each case is a command line that keel used to take: as a name that selects nothing, a default,
 * a rounded number, a NaN, or a build of everything. Each must exit 2 with a message naming the
 * flag (or selector) and build nothing.
 */
const REFUSED: Array<[string, string[], string]> = [
  // selectors: malformed syntax, not a name that happens to match nothing
  ['++ before a name', ['ls', '--select', '++stg_a'], "Invalid selector '++stg_a' in --select: '+' can only come first"],
  ['++ after a name', ['run', '-s', 'stg_a++'], "Invalid selector 'stg_a++' in --select"],
  ['+ inside a name', ['ls', '-s', 'stg_a+1x'], "Invalid selector 'stg_a+1x' in --select"],
  ['@ after a depth', ['ls', '-s', '1+@stg_a'], "Invalid selector '1+@stg_a' in --select: '@' can only come first"],
  [': without a method', ['ls', '-s', ':stg_a'], "Invalid selector ':stg_a' in --select: missing a method name before ':'"],
  ['a method that is not a name', ['ls', '-s', 'ta-g:x'], "Invalid selector 'ta-g:x' in --select: 'ta-g' is not a method name"],
  ['an empty method part', ['ls', '-s', 'config..materialized:view'], "Invalid selector 'config..materialized:view' in --select: empty part in the method"],
  ['a malformed --exclude', ['build', '--exclude', '+stg_a++'], "Invalid selector '+stg_a++' in --exclude"],
  ['an empty --select', ['run', '--select', ''], '--select was given an empty selector'],
  ['an empty --exclude', ['build', '--exclude', ' '], '--exclude was given an empty selector'],
  // enumerations
  [
    'ls --resource-type modle',
    ['ls', '--resource-type', 'modle'],
    "option '--resource-type <type...>' argument 'modle' is invalid. expected one of: model, seed, source, test. Did you mean 'model'?",
  ],
  [
    'a second bad --resource-type',
    ['ls', '--resource-type', 'model', 'seeds'],
    "argument 'seeds' is invalid. expected one of: model, seed, source, test. Did you mean 'seed'?",
  ],
  ['ls --output', ['ls', '--output', 'jsn'], "option '--output <format>' argument 'jsn' is invalid. expected one of: name, path, json. Did you mean 'json'?"],
  ['history --output', ['history', '--output', 'csv'], "option '--output <format>' argument 'csv' is invalid. expected one of: text, json."],
  [
    '--log-format',
    ['--log-format', 'jsno', 'run'],
    "option '--log-format <format>' argument 'jsno' is invalid. expected one of: text, json. Did you mean 'json'?",
  ],
  // numbers
  ['--threads 0', ['run', '--threads', '0'], "option '--threads <n>' argument '0' is invalid. expected a whole number of at least 1"],
  ['--threads abc', ['build', '--threads', 'abc'], "option '--threads <n>' argument 'abc' is invalid"],
  ['--threads -1', ['seed', '--threads', '-1'], "option '--threads <n>' argument '-1' is invalid"],
  ['--threads 1.5', ['run', '--threads', '1.5'], "option '--threads <n>' argument '1.5' is invalid"],
  ['--threads 2x', ['test', '--threads', '2x'], "option '--threads <n>' argument '2x' is invalid"],
  ['retry --threads', ['retry', '--threads', 'many'], "option '--threads <n>' argument 'many' is invalid"],
  ['source freshness --threads', ['source', 'freshness', '--threads', '0'], "option '--threads <n>' argument '0' is invalid"],
  ['history --limit -1', ['history', '--limit', '-1'], "option '--limit <n>' argument '-1' is invalid. expected a whole number of at least 1"],
  ['history --limit abc', ['history', '--limit', 'abc'], "option '--limit <n>' argument 'abc' is invalid"],
  ['history --limit 1.5', ['history', '--limit', '1.5'], "option '--limit <n>' argument '1.5' is invalid"],
  [
    'docs serve --port',
    ['docs', 'serve', '--port', '70000'],
    "option '--port <n>' argument '70000' is invalid. expected a port number, 0-65535 (0: any free port)",
  ],
  // durations
  ['--wait-for-lock abc', ['run', '--wait-for-lock', 'abc'], "option '--wait-for-lock <seconds>' argument 'abc' is invalid. expected a number of seconds"],
  ['--wait-for-lock empty', ['build', '--wait-for-lock', ''], "option '--wait-for-lock <seconds>' argument '' is invalid"],
  ['--wait-for-lock hex', ['sync', '--wait-for-lock', '0x10'], "option '--wait-for-lock <seconds>' argument '0x10' is invalid"],
  [
    '--lock-max-age 0',
    ['run', '--lock-max-age', '0'],
    "option '--lock-max-age <seconds>' argument '0' is invalid. expected a number of seconds greater than 0",
  ],
  ['--lock-max-age -5', ['retry', '--lock-max-age', '-5'], "option '--lock-max-age <seconds>' argument '-5' is invalid"],
  // timestamps
  [
    '--freshness-now not a date',
    ['run', '--freshness-now', 'yesterday'],
    "option '--freshness-now <timestamp>' argument 'yesterday' is invalid. expected a timestamp",
  ],
  ['--freshness-now 30 February', ['build', '--freshness-now', '2025-02-30'], "option '--freshness-now <timestamp>' argument '2025-02-30' is invalid"],
  ['--freshness-now hour 24', ['run', '--freshness-now', '2025-07-01T24:00:00Z'], "argument '2025-07-01T24:00:00Z' is invalid"],
  ['--freshness-now zone +25', ['source', 'freshness', '--freshness-now', '2025-07-01T06:00:00+25:00'], "argument '2025-07-01T06:00:00+25:00' is invalid"],
  // vars
  ['--vars not YAML', ['--vars', '{start: 1', 'run'], "option '--vars <yaml>' argument '{start: 1' is invalid. not valid YAML"],
  ['--vars a list', ['run', '--vars', '[1, 2]'], "option '--vars <yaml>' argument '[1, 2]' is invalid. expected a YAML mapping"],
  // names and paths that would silently mean the default
  ['an empty --state', ['run', '--state', ''], "option '--state <dir>' argument '' is invalid. expected a directory"],
  ['an empty --project-dir', ['--project-dir', '', 'run'], "option '--project-dir <dir>' argument '' is invalid"],
  ['an empty --target', ['-t', '', 'run'], "option '-t, --target <name>' argument '' is invalid"],
  // a selector without --select would have built everything
  ['a name without --select', ['run', 'stg_a'], "too many arguments for 'run'"],
  ['a name after sync status', ['sync', 'status', 'x'], "too many arguments for 'status'"],
];

describe('bad flags and selectors are refused', () => {
  it.each(REFUSED)('%s', (_, args, message) => {
    const p = project();
    const r = keel(args, p.dir);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('--debug for the stack trace');
    // refused before anything ran: no database, no artifacts
    expect(existsSync(join(p.dir, 'target'))).toBe(false);
  });
});

// which methods exist is known once the project is loaded (state: comes with it), so these are
// refused after the compile, and without a stack trace
const REFUSED_AFTER_LOADING: Array<[string, string[], string]> = [
  [
    'a misspelt method',
    ['ls', '-s', 'tagg:x'],
    "Unknown selector method 'tagg' in 'tagg:x'. Valid methods: config, file, fqn, package, path, resource_type, source, state, tag, test_name, test_type. Did you mean 'tag'?",
  ],
  ['a misspelt resource_type', ['ls', '-s', 'resource_type:modle'], "Valid resource types: model, seed, source, test. Did you mean 'model'?"],
  ['a misspelt test_type', ['build', '-s', 'test_type:singlar'], "Valid test types: generic, singular. Did you mean 'singular'?"],
];

describe('selectors naming a method or type that does not exist are refused with the closest one', () => {
  it.each(REFUSED_AFTER_LOADING)('%s', (_, args, message) => {
    const p = project();
    const r = keel(args, p.dir);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(p.dir, 'target/t.duckdb'))).toBe(false);
  });
});

describe('good values of the same flags still work', () => {
  it('builds with whole-number threads, several resource types, a zoned timestamp and YAML vars', async () => {
    const p = project();
    p.write('models/b.sql', "select {{ var('n', 0) }} as n from {{ ref('stg_a') }}");
    const r = keel(['--vars', '{n: 7}', 'build', '--threads', '2', '-s', '+b+', '--freshness-now', '2025-07-01 06:00+02:00', '--wait-for-lock', '0.5'], p.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await queryDuckDB(join(p.dir, 'target/t.duckdb'), 'select n from main.b')).toEqual([{ n: 7 }]);
    const ls = keel(['ls', '--resource-type', 'model', 'seed', '--output', 'path'], p.dir);
    expect(ls.code).toBe(0);
    expect(ls.stdout.trim().split('\n').sort()).toEqual(['models/b.sql', 'models/stg_a.sql']);
    expect(keel(['history', '--limit', '1', '--output', 'json'], p.dir).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('a well-formed selector that matches nothing still only warns, as documented', () => {
    const p = project();
    const r = keel(['ls', '-s', 'no_such_model+', 'stg_a'], p.dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('stg_a');
    expect(r.stderr).toContain("Warning: The selection criterion 'no_such_model+' does not match any node");
  });
});
