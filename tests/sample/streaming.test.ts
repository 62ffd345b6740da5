import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEvents, generateWorkspaceData, MAX_IN_MEMORY_PERSONS } from '../../src/sample/generate.js';
import { writeSampleSeeds } from '../../src/sample/write.js';

const MB = 1024 * 1024;

describe('streaming', () => {
  it('is lazy: the first rows of a billion persons come without simulating them all', () => {
    let rows = 0;
    for (const { table } of generateWorkspaceData({ persons: 1_000_000_000 })) {
      expect(table).toBeTruthy();
      if (++rows === 5_000) break;
    }
    expect(rows).toBe(5_000);
  });

  it('writes 20,000 persons with bounded memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-sample-big-'));
    try {
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      const tables = await writeSampleSeeds(dir, {
        persons: 20_000,
        progressEvery: 5_000,
        onProgress: () => {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
      });
      const rows = tables.reduce((n, t) => n + t.rows, 0);
      const bytes = tables.reduce((n, t) => n + t.bytes, 0);
      expect(rows).toBeGreaterThan(300_000);
      // everything held at once would be several times the output size
      expect(bytes).toBeGreaterThan(200 * MB);
      expect(peak - baseline).toBeLessThan(150 * MB);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses in-memory generation beyond its limit', () => {
    expect(() => generateEvents({ persons: MAX_IN_MEMORY_PERSONS + 1 })).toThrow(/generateWorkspaceData/);
  });
});
