import { describe, expect, it } from 'vitest';
import { keel } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp-project.js';

const LOCK = ['--wait-for-lock <seconds>', '--lock-max-age <seconds>'];
const SELECTION = ['-s, --select <selector...>', '--exclude <selector...>'];
const BUILDING = [...SELECTION, '--threads <n>', '--full-refresh', '--state <dir>', '--defer', ...LOCK];

/** Each command and the flags its help must list: the registrations in src/cli/commands/ add them from one set of definitions. */
const FLAGS: Record<string, string[]> = {
  run: [...BUILDING, '--require-fresh', '--freshness-now <timestamp>'],
  build: [...BUILDING, '--require-fresh', '--freshness-now <timestamp>'],
  seed: BUILDING,
  test: BUILDING,
  compile: [...SELECTION, '--state <dir>', '--watch'],
  ls: [...SELECTION, '--resource-type <type...>', '--output <format>', '--state <dir>'],
  retry: ['--threads <n>', '--freshness-now <timestamp>', ...LOCK],
  'source freshness': [...SELECTION, '--threads <n>', '--freshness-now <timestamp>', ...LOCK],
  history: ['--limit <n>', '--output <format>'],
  sync: [...SELECTION, '--dry-run', '--full', ...LOCK],
  'sync status': [],
  'docs generate': ['--no-warehouse'],
  'docs serve': ['--port <n>'],
};

describe('keel --help', () => {
  it('lists every command and the global flags', () => {
    const r = keel(['--help'], tempProject({}).dir);
    expect(r.code).toBe(0);
    for (const flag of ['--project-dir <dir>', '-t, --target <name>', '--vars <yaml>', '--log-format <format>', '--debug']) expect(r.stdout).toContain(flag);
    const commands = [...r.stdout.split('Commands:')[1].matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    expect(commands).toEqual(['run', 'build', 'seed', 'test', 'compile', 'ls|list', 'retry', 'source', 'history', 'sync', 'docs', 'help']);
  });

  it.each(Object.entries(FLAGS))('keel %s --help lists its flags, and only those', (command, flags) => {
    const r = keel([...command.split(' '), '--help'], tempProject({}).dir);
    expect(r.code).toBe(0);
    const listed = [
      ...r.stdout
        .split('Options:')[1]
        .split('Commands:')[0]
        .matchAll(/^ {2}(-\S*(?: --\S+)?(?: <[^>]+>)?)/gm),
    ].map((m) => m[1].replace(/,$/, ''));
    expect(listed.sort()).toEqual([...flags, '-h, --help'].sort());
  });
});
