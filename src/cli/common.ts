import type { Command } from 'commander';
import jsyaml from 'js-yaml';
import { KeelError } from '../core/errors.js';
import type { Reporter } from '../runner/reporter.js';
import { jsonReporter } from './json-reporter.js';
import { textReporter } from './text-reporter.js';

export interface GlobalFlags {
  projectDir: string;
  target?: string;
  vars?: string;
  logFormat: 'text' | 'json';
  debug?: boolean;
}

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  exit: (code: number) => void;
}

export function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  const v = jsyaml.load(text);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new KeelError(`--vars takes a YAML mapping, e.g. --vars '{start_date: "2025-01-01"}'`);
  return v as Record<string, unknown>;
}

export function common(flags: GlobalFlags) {
  return { projectDir: flags.projectDir, target: flags.target, vars: parseVars(flags.vars) };
}

export function reporterFor(flags: GlobalFlags, out: NodeJS.WritableStream): Reporter {
  return flags.logFormat === 'json'
    ? jsonReporter(out, { debug: !!flags.debug })
    : textReporter(out, { color: !!(out as NodeJS.WriteStream).isTTY, debug: !!flags.debug });
}

export const selection = (cmd: Command) =>
  cmd
    .option('-s, --select <selector...>', 'nodes to include (dbt syntax: name, +name, name+, tag:x, path:dir, config.k:v, @name, state:modified)')
    .option('--exclude <selector...>', 'nodes to leave out');

const seconds = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new KeelError(`${flag} takes a number of seconds, got '${v}'`);
  return n;
};

/** Flags of every command that takes the target's build lock. */
export const lockFlags = (cmd: Command) =>
  cmd
    .option('--wait-for-lock <seconds>', 'wait this long for another build on the target to finish (default: exit at once)', seconds('--wait-for-lock'))
    .option('--lock-max-age <seconds>', 'a lock older than this is a killed build and is taken over (default: 86400)', seconds('--lock-max-age'));

export interface LockFlags {
  waitForLock?: number;
  lockMaxAge?: number;
}

export const lockOptions = (f: LockFlags) => ({ waitSeconds: f.waitForLock, maxAgeSeconds: f.lockMaxAge });

/** `--freshness-now`: an ISO timestamp; without a zone it is UTC, like the load times it is compared with. */
export function parseTimestamp(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const d = new Date(/(?:Z|[+-]\d\d:?\d\d)$/i.test(t) || /^\d{4}-\d\d-\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) throw new KeelError(`--freshness-now takes a timestamp such as 2025-07-01T06:00:00Z, got '${text}'`);
  return d;
}
