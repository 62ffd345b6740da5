import { cpus, totalmem } from 'node:os';
import { DuckDBEngine } from '../engines/duckdb/index.js';
import { analyticsDialectFor } from '../engines/registry.js';
import { parseFunnelConfig, planFunnel, resolvePerson, type FunnelSpec, type FunnelStrategy } from '../materialize/funnel/index.js';
import { createEventsSql } from './funnel-events.js';
import { keelAsSelfJoinSql, selfJoinOnEventsSql, selfJoinOnMinimumsSql } from './funnel-self-join.js';

/** The sample workspace's purchase funnel, on the generated events. */
const FUNNEL = {
  steps: [
    { name: 'browsed', where: "event = 'page_viewed'" },
    { name: 'viewed_product', where: "event = 'product_viewed'" },
    { name: 'added_to_cart', where: "event = 'product_added'" },
    { name: 'started_checkout', where: "event = 'checkout_started'" },
    { name: 'ordered', where: "event = 'order_completed'" },
  ],
  window: '7 days',
  order: 'strict',
  timestamp: 'event_at',
  grain: 'week',
};
const EVENTS = 'main.events';
const FILE = 'bench/funnel.sql';

interface Timing {
  wall: number;
  cpu: number;
}

const arg = (args: string[], name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time, and CPU time of this process (DuckDB runs in its threads): the steadier of the two on a busy machine. */
async function timed(engine: DuckDBEngine, sqls: string[]): Promise<Timing> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (const sql of sqls) await engine.execute(sql);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function keelStatements(spec: FunnelSpec, name: string, strategy?: FunnelStrategy, personsOnly = false): { strategy: FunnelStrategy; sqls: string[] } {
  const person = resolvePerson(spec, ['person_key'], FILE);
  const plan = planFunnel({ spec, person, eventsSql: `SELECT * FROM ${EVENTS}`, dialect: analyticsDialectFor({ type: 'duckdb' }), strategy });
  const sqls = [
    `DROP TABLE IF EXISTS main.${name}`,
    `DROP TABLE IF EXISTS main.${name}__steps`,
    `CREATE TABLE main.${name} AS ${plan.personsSql}`,
    `CREATE TABLE main.${name}__steps AS ${plan.stepsSql({ schema: 'main', identifier: name })}`,
  ];
  return { strategy: plan.strategy, sqls: personsOnly ? sqls.slice(0, 3) : sqls };
}

/**
 * `npm run bench -- funnel [--events=10000000] [--runs=5] [--self-join-runs=3]`: keel's funnel
 * against the floor (one sorted window pass over the same events) and self-joins per step, whose
 * per-person results must equal keel's. Contenders alternate within each round so that background
 * load falls on all of them alike.
 */
export async function funnelBench(args: string[]): Promise<void> {
  const events = arg(args, 'events', 10_000_000);
  const runs = arg(args, 'runs', 5);
  const selfJoinRuns = arg(args, 'self-join-runs', 3);
  const engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
  await engine.open();
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, DuckDB in memory`,
    );
    const generated = await timed(engine, [createEventsSql(EVENTS, events)]);
    const counted = (await engine.execute(`SELECT count(*) AS n, count(DISTINCT person_key) AS p FROM ${EVENTS}`)).rows[0]!;
    console.log(`generated ${counted.n} events of ${counted.p} persons in ${generated.wall.toFixed(1)} s`);

    const spec = parseFunnelConfig(FUNNEL, FILE);
    const withBreakdown = parseFunnelConfig({ ...FUNNEL, breakdown: ['device_type'] }, FILE);
    const joinInput = { events: EVENTS, spec, person: 'person_key' };
    const contenders: Array<{ label: string; sqls: string[]; runs: number }> = [
      {
        label: 'floor: one sorted window pass (lag over person, time)',
        runs,
        sqls: [
          `SELECT count(*) AS n, count(prev_at) AS m FROM (SELECT lag(event_at) OVER (PARTITION BY person_key ORDER BY event_at) AS prev_at FROM ${EVENTS})`,
        ],
      },
      { label: `keel funnel, ${keelStatements(spec, 'funnel').strategy} plan: per-person + aggregate tables`, runs, sqls: keelStatements(spec, 'funnel').sqls },
      { label: 'keel funnel, same, per-person table only (as the self-joins below)', runs, sqls: keelStatements(spec, 'funnel_persons', undefined, true).sqls },
      { label: 'keel funnel, same, with a device_type breakdown', runs, sqls: keelStatements(withBreakdown, 'funnel_by_device').sqls },
      {
        label: 'keel funnel, windows plan (what Athena and Redshift run)',
        runs: Math.ceil(runs / 2),
        sqls: keelStatements(spec, 'funnel_portable', 'windows').sqls,
      },
      {
        label: 'self-join per step over event rows (dbt_product_analytics style), per-person table only',
        runs: selfJoinRuns,
        sqls: ['DROP TABLE IF EXISTS main.self_join', selfJoinOnEventsSql({ ...joinInput, table: 'main.self_join' })],
      },
      {
        label: 'self-join per step over per-person minimums (hand-tuned), per-person table only',
        runs: selfJoinRuns,
        sqls: ['DROP TABLE IF EXISTS main.self_join_min', selfJoinOnMinimumsSql({ ...joinInput, table: 'main.self_join_min' })],
      },
    ];
    const times = contenders.map((): Timing[] => []);
    for (let round = 0; round < Math.max(runs, selfJoinRuns); round++) {
      for (const [i, c] of contenders.entries()) if (round < c.runs) times[i]!.push(await timed(engine, c.sqls));
    }

    await requireSameResults(engine, spec, withBreakdown);
    const persons = Number((await engine.execute('SELECT count(*) AS n FROM main.funnel')).rows[0]!.n);
    const perStep = (await engine.execute('SELECT step_number, sum(persons) AS n FROM main.funnel__steps GROUP BY 1 ORDER BY 1')).rows.map((r) => r.n);
    console.log(`\nall contenders give the same per-person results: ${persons} persons entered; per step ${perStep.join(' → ')}\n`);

    const floor = { wall: median(times[0]!.map((t) => t.wall)), cpu: median(times[0]!.map((t) => t.cpu)) };
    console.log('| query | wall, median (s) | × floor | CPU, median (s) | × floor | runs |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    contenders.forEach((c, i) => {
      const wall = median(times[i]!.map((t) => t.wall));
      const cpu = median(times[i]!.map((t) => t.cpu));
      console.log(
        `| ${c.label} | ${wall.toFixed(2)} | ${(wall / floor.wall).toFixed(2)} | ${cpu.toFixed(2)} | ${(cpu / floor.cpu).toFixed(2)} | ${times[i]!.length} |`,
      );
    });
    const keel = times[1]!;
    const join = times[5]!;
    const ratio = (a: Timing[], b: Timing[], k: keyof Timing) => median(a.map((t) => t[k])) / median(b.map((t) => t[k]));
    console.log(
      `\nkeel vs floor: ${ratio(keel, times[0]!, 'wall').toFixed(2)}× wall, ${ratio(keel, times[0]!, 'cpu').toFixed(2)}× CPU (target ≤ 1.5×); ` +
        `self-join vs keel: ${ratio(join, keel, 'wall').toFixed(1)}× wall, ${ratio(join, keel, 'cpu').toFixed(1)}× CPU (target ≥ 5×)`,
    );
  } finally {
    await engine.close();
  }
}

/** Every contender must give keel's per-person step times (the breakdown variant against a self-join with one). */
async function requireSameResults(engine: DuckDBEngine, spec: FunnelSpec, withBreakdown: FunnelSpec): Promise<void> {
  await engine.execute('DROP TABLE IF EXISTS main.self_join_by_device');
  await engine.execute(selfJoinOnMinimumsSql({ events: EVENTS, spec: withBreakdown, person: 'person_key', table: 'main.self_join_by_device' }));
  const differ = async (a: string, b: string) => Number((await engine.execute(`SELECT count(*) AS n FROM ((${a}) EXCEPT (${b}))`)).rows[0]!.n);
  const keel = keelAsSelfJoinSql('main.funnel', spec, 'person_key');
  const pairs: Array<[string, string]> = [
    [keel, 'SELECT * FROM main.self_join'],
    [keel, 'SELECT * FROM main.self_join_min'],
    [keel, keelAsSelfJoinSql('main.funnel_portable', spec, 'person_key')],
    [keelAsSelfJoinSql('main.funnel_by_device', withBreakdown, 'person_key'), 'SELECT * FROM main.self_join_by_device'],
  ];
  for (const [a, b] of pairs) {
    const mismatches = (await differ(a, b)) + (await differ(b, a));
    if (mismatches) throw new Error(`funnel results differ on ${mismatches} rows:\n${a}\nvs\n${b}`);
  }
}
