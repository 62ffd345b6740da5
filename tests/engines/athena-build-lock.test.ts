import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockHolder } from '../../src/engines/engine.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaEngine, startEmulator } from '../emulators/athena/test-support.js';

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());

const holder = (invocationId: string, startedAt = new Date().toISOString()): LockHolder => ({
  invocationId,
  pid: process.pid,
  host: 'build-host',
  command: 'build',
  startedAt,
});

describe('the Athena build lock (a Glue catalog entry per target schema)', () => {
  it('lets one build hold a target, shows the holder to the next, and passes on when released or stale', async () => {
    const [a, b] = [athenaEngine(emulator.endpoint), athenaEngine(emulator.endpoint)];
    await Promise.all([a.open(), b.open()]);
    try {
      const first = await a.tryAcquireLock(holder('one'), { maxAgeSeconds: 3600 });
      expect(first.acquired).toBe(true);
      const second = await b.tryAcquireLock(holder('two'), { maxAgeSeconds: 3600 });
      expect(second).toEqual({ acquired: false, holder: expect.objectContaining({ invocationId: 'one' }) });
      if (first.acquired) await first.release();
      const third = await b.tryAcquireLock(holder('three'), { maxAgeSeconds: 3600 });
      expect(third.acquired).toBe(true);

      // 'three' is killed without releasing; two builds find its lock stale at once: only one takes it
      const racers = await Promise.all([a.tryAcquireLock(holder('four'), { maxAgeSeconds: 0 }), b.tryAcquireLock(holder('five'), { maxAgeSeconds: 0 })]);
      expect(racers.filter((r) => r.acquired)).toHaveLength(1);
      const lock = emulator.lake.glue.getTable('keel_meta', 'keel_build_lock__analytics')!;
      const winner = JSON.parse(lock.Parameters!.keel_build_lock_holder!).invocationId;
      expect(['four', 'five']).toContain(winner);
      const loser = racers.find((r) => !r.acquired);
      expect(loser).toEqual({ acquired: false, holder: expect.objectContaining({ invocationId: winner }) });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
