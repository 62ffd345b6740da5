import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Engine } from '../../src/engines/engine.js';
import { createEngine } from '../../src/engines/registry.js';
import { loadProject } from '../../src/project/load.js';
import { invoke } from '../../src/runner/invoke.js';
import type { SyncResults } from '../../src/sync/results.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { BUCKET, CLIENT_ID, readTree, type Line } from './fixtures.js';

/**
 * A project whose segment `seg` is built by keel itself (the segment kind, from the seed
 * `people`), synced to Lotame: the whole chain on any target.
 */
export function segmentProject(targetsYaml: string, destination = ''): TempProject {
  return tempProject({
    'project.yml': `name: t\n${targetsYaml}\ndestinations:\n  lotame:\n    client_id: ${CLIENT_ID}\n${destination}`,
    'models/seg.sql':
      "{{ config(materialized='segment', segment={'rules': [{'column': 'active', 'op': '=', 'value': true}], 'identifiers': ['email', 'maid'], 'consent': 'opt_in', 'as_of': var('as_of', none)}) }}\n" +
      "select person_key, email, maid, active, opt_in from {{ ref('people') }}\n",
    'models/segments.yml': [
      'version: 2',
      'models:',
      '  - name: seg',
      '    config:',
      '      sync:',
      '        lotame:',
      '          behavior: keel engine test',
      '          identifiers:',
      '            - {column: email, type: email}',
      '            - {column: maid, type: maid}',
      '',
    ].join('\n'),
  });
}

export interface Person {
  email: string;
  maid: string;
  active: boolean;
  optIn: boolean;
}

/** Writes the seed and builds it and the segment as of `asOf` (UTC). */
export async function buildPeople(p: TempProject, people: Record<string, Person>, asOf: string): Promise<void> {
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const rows = Object.entries(people).map(([k, x]) => [k, quoted(x.email), x.maid, x.active, x.optIn].join(','));
  p.write('seeds/people.csv', ['person_key,email,maid,active,opt_in', ...rows, ''].join('\n'));
  const { results } = await invoke({ projectDir: p.dir, command: 'build', vars: { as_of: asOf } });
  const failed = results.results.filter((r) => !['success', 'pass'].includes(r.status));
  if (failed.length) throw new Error(`build failed: ${failed.map((r) => `${r.name}: ${r.message}`).join('; ')}`);
}

/** A run's files by kind (`DATA/EMAIL_SHA256`, ...), their lines as uploaded; run ids left out so runs on two targets compare. */
export function filesOfRun(tree: Map<string, Line[]>, run: SyncResults): Record<string, Line[]> {
  const runId = run.runs[0]?.runId;
  const out: Record<string, Line[]> = {};
  for (const [key, lines] of tree) {
    const name = `keel_${runId}`;
    if (!runId || !key.includes(name)) continue;
    const dir = /type=(DATA|OPTOUT)\//.exec(key)![1];
    // keel_<run>_0001_EMAIL_SHA256.json.gz → EMAIL_SHA256 (first parts only), keel_<run>.done → done
    const rest = key.slice(key.indexOf(name) + name.length);
    out[`${dir}/${rest === '.done' ? 'done' : rest.replace(/^_0001_/, '').replace(/\.json\.gz$/, '')}`] = lines;
  }
  return out;
}

export const outboxOf = (p: { dir: string }) => readTree(join(p.dir, 'target/outbox/lotame', BUCKET));

/** The project's target, opened for a look at what the sync recorded there. */
export async function withTarget<T>(p: TempProject, work: (db: Kysely<any>, schema: string, engine: Engine) => Promise<T>): Promise<T> {
  const project = loadProject(p.dir);
  const engine = await createEngine(project.target, project.root, 1);
  await engine.open();
  try {
    return await work(engine.db, (project.target as { schema: string }).schema, engine);
  } finally {
    await engine.close();
  }
}

/** keel_sync_runs as `keel sync status` would summarize it, oldest first. */
export function recordedRuns(p: TempProject): Promise<Array<Record<string, unknown>>> {
  return withTarget(p, async (db, schema) => {
    const rows = await db
      .withSchema(schema)
      .selectFrom('keel_sync_runs')
      .select(['segment', 'mode', 'status', 'members', 'adds', 'removes', 'optouts', 'invalid_ids'])
      .orderBy('started_at')
      .execute();
    return rows.map((r) => ({
      ...r,
      members: Number(r.members),
      adds: Number(r.adds),
      removes: Number(r.removes),
      optouts: Number(r.optouts),
      invalid_ids: Number(r.invalid_ids),
    }));
  });
}
