import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEvents, DEFAULT_SAMPLE_OPTIONS } from '../../src/sample/generate.js';
import { writeSampleSeeds } from '../../src/sample/write.js';

const COMMITTED_SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const dirs: string[] = [];
async function generate(opts: Parameters<typeof writeSampleSeeds>[1]): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-sample-'));
  dirs.push(dir);
  const tables = await writeSampleSeeds(dir, opts);
  const digests = new Map<string, string>();
  for (const t of tables)
    digests.set(
      t.file,
      createHash('sha256')
        .update(await readFile(join(dir, t.file)))
        .digest('hex'),
    );
  return digests;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('determinism', () => {
  it('writes identical bytes for the same seed', async () => {
    const opts = { seed: 7, persons: 150, days: 40 };
    expect(await generate(opts)).toEqual(await generate(opts));
  });

  it('writes different data for another seed', async () => {
    const a = await generate({ seed: 7, persons: 150, days: 40 });
    const b = await generate({ seed: 8, persons: 150, days: 40 });
    expect(b.get('web_app/tracks.csv')).not.toBe(a.get('web_app/tracks.csv'));
    // the catalog is fixed, not random
    expect(b.get('products.csv')).toBe(a.get('products.csv'));
  });

  it('gives the same in-memory events for the same options', () => {
    const opts = { seed: 3, persons: 60 };
    expect(generateEvents(opts)).toEqual(generateEvents(opts));
  });

  it('keeps a person independent of how many persons are generated', () => {
    const small = generateEvents({ persons: 10 }).filter((e) => e.personIndex === 9);
    const large = generateEvents({ persons: 40 }).filter((e) => e.personIndex === 9);
    expect(large).toEqual(small);
  });

  it('matches the committed seeds (regenerate with `npm run generate` after changing the generator)', async () => {
    const fresh = await generate(DEFAULT_SAMPLE_OPTIONS);
    for (const [file, digest] of fresh) {
      const committed = createHash('sha256')
        .update(await readFile(join(COMMITTED_SEEDS, file)))
        .digest('hex');
      expect(committed, file).toBe(digest);
    }
  });
});
