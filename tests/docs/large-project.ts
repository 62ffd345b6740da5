import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Same sequence on every run, so layout assertions and screenshots are stable. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * A project shaped like a large dbt one, for the lineage graph at scale: `domains` domains of
 * 10 sources, 30 staging, 30 intermediate and 30 mart models (100 nodes each), refs within the
 * domain's previous layers and a few from the domain before, tagged by domain and layer.
 */
export function writeLargeProject(dir: string, domains: number): void {
  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const rand = prng(11);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  write('project.yml', 'name: large\ntargets:\n  dev:\n    type: duckdb\n    path: target/large.duckdb\n    schema: main\n');
  for (let d = 0; d < domains; d++) {
    const sources = Array.from({ length: 10 }, (_, i) => `events_${i}`);
    write(`models/d${d}/sources.yml`, `version: 2\nsources:\n  - name: raw_d${d}\n    tables:\n${sources.map((t) => `      - name: ${t}\n`).join('')}`);
    const model = (layer: string, name: string, inputs: string[]) =>
      write(
        `models/d${d}/${layer}/${name}.sql`,
        `{{ config(tags=['d${d}', '${layer}']) }}\nselect * from ${inputs[0]}${inputs
          .slice(1)
          .map((x, k) => `\nleft join ${x} as j${k} using (id)`)
          .join('')}\n`,
      );
    const stg = Array.from({ length: 30 }, (_, i) => `stg_d${d}_entity_${i}`);
    const int = Array.from({ length: 30 }, (_, i) => `int_d${d}_join_${i}`);
    const mart = Array.from({ length: 30 }, (_, i) => `fct_d${d}_metric_${i}`);
    const ref = (n: string) => `{{ ref('${n}') }}`;
    stg.forEach((n) => model('staging', n, [`{{ source('raw_d${d}', '${pick(sources)}') }}`]));
    int.forEach((n) => model('intermediate', n, [...new Set([pick(stg), pick(stg)])].map(ref)));
    mart.forEach((n) => {
      const inputs = new Set([pick(int)]);
      if (rand() < 0.5) inputs.add(pick(int));
      if (rand() < 0.3) inputs.add(pick(stg));
      if (d > 0 && rand() < 0.15) inputs.add(`int_d${d - 1}_join_${Math.floor(rand() * 30)}`);
      model('marts', n, [...inputs].map(ref));
    });
  }
}
