import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a keel project of `models` models shaped like a real one: ~20-line models with a
 * config() call, a CASE expression, a join and 1–3 refs/sources to earlier nodes; a YAML
 * file per 100 models with descriptions and unique/not_null tests; macros called from
 * models; sources for 5 % of the inputs.
 */
export function writeCompileProject(dir: string, models: number): void {
  rmSync(dir, { recursive: true, force: true });
  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write(
    'project.yml',
    'name: bench\ntargets:\n  dev:\n    type: duckdb\n    path: target/bench.duckdb\n    schema: main\nvars:\n  start_date: "2025-01-01"\nmodels:\n  +materialized: view\n',
  );
  write('macros/money.sql', '{% macro cents_to_dollars(col) %}({{ col }} / 100.0){% endmacro %}\n');
  write('macros/flags.sql', "{% macro is_recent(col, days=30) %}{{ col }} >= current_date - interval '{{ days }} days'{% endmacro %}\n");
  const sources = Math.max(1, Math.ceil(models * 0.05));
  const sourceYaml = ['version: 2', 'sources:', '  - name: raw', '    schema: raw', '    tables:'];
  for (let s = 0; s < sources; s++) sourceYaml.push(`      - name: events_${s}`, `        description: raw events ${s}`);
  write('models/sources.yml', `${sourceYaml.join('\n')}\n`);

  let yaml: string[] = [];
  for (let i = 0; i < models; i++) {
    const folder = `models/layer_${Math.floor(i / 100)}`;
    const name = `model_${i}`;
    const inputs: string[] = [];
    const nRefs = 1 + (i % 3);
    for (let k = 0; k < nRefs; k++) {
      // mostly refs to earlier models; the first models and every 20th input read a source
      if (i < 3 || (i * 7 + k) % 20 === 0) inputs.push(`{{ source('raw', 'events_${(i + k) % sources}') }}`);
      else inputs.push(`{{ ref('model_${(i * 31 + k * 17) % i}') }}`);
    }
    const joins = inputs
      .slice(1)
      .map((inp, k) => `left join ${inp} as j${k} on j${k}.id = base.id`)
      .join('\n');
    write(
      `${folder}/${name}.sql`,
      `{{ config(materialized='${i % 10 === 0 ? 'table' : 'view'}', tags=['layer_${Math.floor(i / 100)}']) }}
-- model ${i}: generated for the compile benchmark
with base as (
  select * from ${inputs[0]}
  where event_ts >= '{{ var("start_date") }}'
)
select
  base.id,
  base.person_id,
  {{ cents_to_dollars('base.amount_cents') }} as amount,
  case
    when base.amount_cents > 10000 then 'large'
    when base.amount_cents > 1000 then 'medium'
    else 'small'
  end as size_band,
  {{ is_recent('base.event_ts') }} as is_recent,
  base.event_ts
from base
${joins}
`,
    );
    yaml.push(
      `  - name: ${name}`,
      `    description: Generated model ${i}`,
      '    columns:',
      '      - name: id',
      '        description: primary key',
      '        tests: [unique, not_null]',
    );
    if (i % 100 === 99 || i === models - 1) {
      write(`${folder}/schema.yml`, `version: 2\nmodels:\n${yaml.join('\n')}\n`);
      yaml = [];
    }
  }
}
