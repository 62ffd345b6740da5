import { releaseHeldLockFilesSync } from '../scheduling/lock/lock-file.js';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export interface SignalScope {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM (the shell convention, 128 + signal number); undefined if none came */
  exitCode(): number | undefined;
  dispose(): void;
}

/**
 * The first SIGINT/SIGTERM aborts the run: running queries are interrupted, the results are
 * written with the nodes marked cancelled, and the lock is released by the normal path. A
 * second one gives up waiting for that: the lock files are dropped and the process exits.
 */
export function cancelOnSignals(): SignalScope {
  const controller = new AbortController();
  let code: number | undefined;
  const handlers = Object.entries(EXIT_CODES).map(([name, exit]) => {
    const handler = () => {
      if (code !== undefined) {
        releaseHeldLockFilesSync();
        process.exit(code);
      }
      code = exit;
      controller.abort(new Error(`received ${name}`));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
