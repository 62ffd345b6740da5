import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LockHolder } from '../../src/engines/engine.js';
import { LockBusyError } from '../../src/scheduling/lock/lock-busy.js';
import { LockFile, toFile } from '../../src/scheduling/lock/lock-file.js';
import { acquireTargetLock } from '../../src/scheduling/lock/target-lock.js';
import { tempProject } from '../helpers/temp-project.js';

const DAY_MS = 86_400_000;
const holder = (id: string, extra: Partial<LockHolder> = {}): LockHolder => ({
  pid: process.pid,
  host: hostname(),
  invocationId: id,
  command: 'build',
  startedAt: new Date().toISOString(),
  ...extra,
});
const lockPath = () => join(tempProject({}).dir, 't.duckdb.keel.lock');
/** the pid of a process that has exited */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('lock file', () => {
  it('one holder at a time; the busy answer names the holder; release frees it', async () => {
    const path = lockPath();
    const a = new LockFile(path, DAY_MS).tryAcquire(holder('a'));
    expect(a.acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      invocation_id: 'a',
      pid: process.pid,
      host: hostname(),
      command: 'build',
      started_at: expect.any(String),
    });
    const b = new LockFile(path, DAY_MS).tryAcquire(holder('b'));
    expect(b).toEqual({ acquired: false, holder: expect.objectContaining({ invocationId: 'a' }) });
    if (a.acquired) await a.release();
    expect(existsSync(path)).toBe(false);
    expect(new LockFile(path, DAY_MS).tryAcquire(holder('b')).acquired).toBe(true);
  });

  it('takes over the lock of a dead process on this host, and of any holder past the maximum age', () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify(toFile(holder('dead', { pid: deadPid() }))));
    expect(new LockFile(path, DAY_MS).tryAcquire(holder('next')).acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).invocation_id).toBe('next');

    // another host: its pid says nothing here, only the age does
    writeFileSync(path, JSON.stringify(toFile(holder('remote', { host: 'elsewhere', pid: deadPid() }))));
    expect(new LockFile(path, DAY_MS).tryAcquire(holder('x')).acquired).toBe(false);
    writeFileSync(path, JSON.stringify(toFile(holder('remote', { host: 'elsewhere', startedAt: new Date(Date.now() - 2 * DAY_MS).toISOString() }))));
    expect(new LockFile(path, DAY_MS).tryAcquire(holder('x')).acquired).toBe(true);
  });

  it('a lock file still being written counts as held, until it is too old to be', () => {
    const path = lockPath();
    writeFileSync(path, '');
    expect(new LockFile(path, DAY_MS).tryAcquire(holder('x'))).toEqual({ acquired: false, holder: undefined });
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, minuteAgo, minuteAgo);
    expect(new LockFile(path, DAY_MS).tryAcquire(holder('x')).acquired).toBe(true);
  });

  it('release leaves a lock that another build took over', async () => {
    const path = lockPath();
    const a = new LockFile(path, DAY_MS).tryAcquire(holder('a'));
    writeFileSync(path, JSON.stringify(toFile(holder('b'))));
    if (a.acquired) await a.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).invocation_id).toBe('b');
  });

  it('acquireTargetLock fails at once by default, or waits for the holder to release', async () => {
    const path = lockPath();
    const file = new LockFile(path, DAY_MS);
    const provider = { where: path, needsOpenEngine: false, tryAcquire: async (h: LockHolder) => file.tryAcquire(h) };
    const release = await acquireTargetLock(provider, holder('first'), 'dev', {});
    const busy = acquireTargetLock(provider, holder('second'), 'dev', {});
    await expect(busy).rejects.toBeInstanceOf(LockBusyError);
    await expect(busy).rejects.toThrow(/Target 'dev' is locked by keel build \(invocation first, pid \d+ on .*\)/);
    let waiting!: () => void;
    const announced = new Promise<void>((r) => (waiting = r));
    const second = acquireTargetLock(provider, holder('second'), 'dev', { waitSeconds: 60, onWait: () => waiting() });
    await announced;
    await release();
    await (await second)();
    expect(existsSync(path)).toBe(false);
  });

  it('of several processes finding the same stale lock, exactly one takes it over', async () => {
    const dir = tempProject({}).dir;
    const path = join(dir, 't.duckdb.keel.lock');
    writeFileSync(path, JSON.stringify(toFile(holder('dead', { pid: deadPid() }))));
    // the built module (npm test builds dist/ first), as the CLI runs it
    const moduleUrl = new URL('../../dist/scheduling/lock/lock-file.js', import.meta.url).href;
    const release = join(dir, 'release');
    // each contender reports, then holds what it got until the test lets go, so no one can find the lock free again
    const script = `
      const { LockFile } = await import(${JSON.stringify(moduleUrl)});
      const { existsSync } = await import('node:fs');
      const r = new LockFile(${JSON.stringify(path)}, 86400000).tryAcquire({ pid: process.pid, host: ${JSON.stringify(hostname())}, invocationId: String(process.pid), command: 'build', startedAt: new Date().toISOString() });
      console.log(r.acquired ? 'ACQUIRED' : 'BUSY');
      while (!existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 20));
    `;
    const contenders = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const reported = new Promise<string>((resolve) => child.stdout.on('data', () => out.includes('\n') && resolve(out.trim())));
      const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
      return { reported, exited };
    });
    const answers = await Promise.all(contenders.map((c) => c.reported));
    writeFileSync(release, '');
    await Promise.all(contenders.map((c) => c.exited));
    expect(answers.filter((a) => a === 'ACQUIRED')).toHaveLength(1);
  });
});
