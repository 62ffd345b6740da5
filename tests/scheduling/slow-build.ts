import { expect } from 'vitest';
import { keel } from '../helpers/cli.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';
import { startKeel } from './spawn.js';

/**
 * A project whose model `slow` runs long enough to interrupt (a, then slow, then c), built once
 * with `tag: old`; then a second build with `tag: new` is started and has reached `slow`.
 */
export async function slowBuildUnderway(extraFiles: Record<string, string> = {}) {
  const p = tempProject({
    'project.yml': MINIMAL_PROJECT_YML,
    'seeds/s.csv': 'id\n1\n',
    'models/a.sql': "{{ config(materialized='table') }}select '{{ var('tag') }}' as tag from {{ ref('s') }}",
    'models/slow.sql':
      "{{ config(materialized='table') }}select '{{ var('tag') }}' as tag, count(*) as n from range({{ var('n') }}) x, range(1000) y, {{ ref('a') }}",
    'models/c.sql': "{{ config(materialized='table') }}select tag from {{ ref('slow') }}",
    ...extraFiles,
  });
  expect(keel(['build', '--vars', '{tag: old, n: 10}', '--threads', '1'], p.dir).code).toBe(0);
  const run = startKeel(['build', '--vars', '{tag: new, n: 100000000}', '--threads', '1'], p.dir);
  await run.until('START table model slow');
  return { p, run };
}
