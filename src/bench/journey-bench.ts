import { cpus, totalmem } from 'node:os';
import type { ModelNode } from '../core/nodes.js';
import { DuckDBEngine } from '../engines/duckdb/index.js';
import type { BuildContext } from '../materialize/context.js';
import { buildJourney } from '../materialize/journey/index.js';
import { createCallsSql } from './journey-calls.js';

const arg = (args: string[], name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);

// statements on the stitching work tables, and the id graph built from them
const STITCHING = /__keel_(calls|nodes|edges|labels_\d)"|_id_graph__keel_tmp" AS/;

/**
 * `npm run bench -- journey [--events=10000000] [--persons=1000000] [--chain=0] [--blank-percent=0] [--max-iterations=30] [--threads=2]`:
 * a full build of a journey (identity stitching, then sessions) on DuckDB, through the journey
 * materializer as a build runs it, with its stitching rounds and the wall time spent stitching and
 * sessionizing. `--chain=N` plants one id chain of N links; `--blank-percent=P` sends P% of the
 * anonymous calls with `user_id = ''`.
 */
export async function journeyBench(args: string[]): Promise<void> {
  const events = arg(args, 'events', 10_000_000);
  const persons = arg(args, 'persons', 1_000_000);
  const chain = arg(args, 'chain', 0);
  const maxIterations = arg(args, 'max-iterations', 30);
  const blankPercent = arg(args, 'blank-percent', 0);
  const engine = new DuckDBEngine({ path: ':memory:', threads: arg(args, 'threads', 2) });
  await engine.open();
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, DuckDB in memory`,
    );
    let started = performance.now();
    await engine.execute(createCallsSql('main.calls', events, persons, chain, blankPercent));
    const counted = (await engine.execute('SELECT count(*) AS n, count(event) AS steps FROM main.calls')).rows[0]!;
    console.log(
      `generated ${counted.n} calls (${counted.steps} with a step) of ${persons} visitors${chain ? `, one id chain of ${chain} links` : ''}${blankPercent ? `, ${blankPercent}% of anonymous calls with user_id ''` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const spent = { stitching: 0, sessions: 0 };
    const execute = engine.execute.bind(engine);
    engine.execute = async (sql, opts) => {
      const t = performance.now();
      try {
        return await execute(sql, opts);
      } finally {
        spent[STITCHING.test(sql) ? 'stitching' : 'sessions'] += (performance.now() - t) / 1000;
      }
    };
    const relation = { schema: 'main', identifier: 'journey' };
    const node = {
      uniqueId: 'model.bench.journey',
      kind: 'model',
      name: 'journey',
      path: 'bench/journey.sql',
      config: { materialized: 'journey', enabled: true, tags: [], journey: { extra_ids: ['email_sha256'], max_iterations: maxIterations } },
      relation,
    } as unknown as ModelNode;
    const ctx: BuildContext = { engine, node, relation, sql: 'select * from main.calls', existing: null, fullRefresh: true, statements: [] };
    started = performance.now();
    const result = await buildJourney(ctx).catch((e: Error) => ({ message: `FAILED: ${e.message}` }));
    const wall = (performance.now() - started) / 1000;
    engine.execute = execute;
    const rounds = /id graph in (\d+) rounds/.exec(result.message)?.[1] ?? '-';
    const out = result.message.startsWith('FAILED')
      ? { sessions: '-', persons: '-' }
      : (
          await engine.execute(
            'SELECT (SELECT count(*) FROM main.journey) AS sessions, (SELECT count(DISTINCT person_key) FROM main.journey_id_graph) AS persons',
          )
        ).rows[0]!;
    console.log(`\n${result.message}\n`);
    console.log('| calls | visitors | chain | rounds | stitching (s) | sessions (s) | total wall (s) | persons | sessions |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(
      `| ${counted.n} | ${persons} | ${chain} | ${rounds} | ${spent.stitching.toFixed(1)} | ${spent.sessions.toFixed(1)} | ${wall.toFixed(1)} | ${out.persons} | ${out.sessions} |`,
    );
  } finally {
    await engine.close();
  }
}
