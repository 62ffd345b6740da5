import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The packages a module loads when it is imported: its static (non-type) imports, followed through
 * keel's own files. Dynamic `import()` is what keeps a driver out, so it is not followed.
 */
function packagesLoadedBy(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [resolve(ROOT, entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) {
      if (m[2]) continue;
      const spec = m[3]!;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.set(spec, relative(ROOT, file));
    }
  }
  return packages;
}

describe('engine definitions', () => {
  it('load no driver and no Kysely: `keel compile` imports them', () => {
    const loaded = packagesLoadedBy('src/engines/registry.ts');
    const heavy = [...loaded].filter(([p]) => p.startsWith('@duckdb/') || p.startsWith('@aws-sdk/') || p === 'kysely');
    expect(heavy).toEqual([]);
  });

  it('the check sees a driver an engine module loads', () => {
    expect([...packagesLoadedBy('src/engines/duckdb/engine.ts').keys()]).toEqual(expect.arrayContaining(['@duckdb/node-api', 'kysely']));
  });
});
