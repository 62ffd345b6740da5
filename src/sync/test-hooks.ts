export type CrashPoint = 'after-upload' | 'before-ack';

/**
 * Test-only crash points for the kill-and-rerun tests: when KEEL_TEST_SYNC_CRASH_AT names this
 * point the process dies at once (SIGKILL: no cleanup, no finally), as a killed sync would.
 * Inert whenever the variable is unset, which is always outside those tests.
 */
export function crashPoint(point: CrashPoint, env: NodeJS.ProcessEnv): void {
  if (env.KEEL_TEST_SYNC_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
