import type { Reporter } from '../runner/reporter.js';
import { jsonReporter } from './json-reporter.js';
import type { GlobalFlags } from './options.js';
import { textReporter } from './text-reporter.js';

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  exit: (code: number) => void;
}

/** What every command's registration gets: the global flags (read when it runs) and the streams. */
export interface CommandContext {
  globals: () => GlobalFlags;
  io: Io;
}

/** The project arguments every command passes on (--vars is parsed by its option). */
export function common(flags: GlobalFlags) {
  return { projectDir: flags.projectDir, target: flags.target, vars: flags.vars };
}

export function reporterFor(flags: GlobalFlags, out: NodeJS.WritableStream): Reporter {
  return flags.logFormat === 'json'
    ? jsonReporter(out, { debug: !!flags.debug })
    : textReporter(out, { color: !!(out as NodeJS.WriteStream).isTTY, debug: !!flags.debug });
}
