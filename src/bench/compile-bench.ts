import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCompileProject } from './compile-project.js';
import { watchLatency } from './watch-latency.js';

const KEEL = fileURLToPath(new URL('../../bin/keel.js', import.meta.url));

// --cpu: CPU seconds (user + system) instead of wall time, for a machine shared with other work
let measureCpu = false;

/** Wall (or CPU) time and peak RSS of one `keel compile` process (GNU time reports CPU and max RSS). */
function timeCompile(dir: string): { seconds: number; rssMb: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, KEEL, '--project-dir', dir, 'compile'], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`keel compile failed: ${r.stderr}`);
  const [user, system, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: measureCpu ? user! + system! : wall, rssMb: kb! / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function compileBench(args: string[]): Promise<void> {
  const sizes = (args.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1000,5000,10000').split(',').map(Number);
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  measureCpu = args.includes('--cpu');
  const root = join(tmpdir(), 'keel-bench-compile');
  mkdirSync(root, { recursive: true });
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${measureCpu ? 'CPU seconds (user + system) of each process; --watch in wall seconds' : 'wall seconds'}`,
  );
  console.log(
    '| models | cold (s) | cold peak RSS (MB) | warm: nothing changed (s) | warm: model changed (s) | warm: YAML description changed (s) | warm: YAML test added (s) | warm: macro changed (s) | warm: macro calls of a model changed (s) | warm: model file added (s) | --watch: model saved → compiled (s) | empty target/ (s) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of sizes) {
    const dir = join(root, `n${n}`);
    writeCompileProject(dir, n);
    // first compile into an empty target/: creating thousands of files is this disk's cost, shown apart
    const empty: number[] = [];
    for (let i = 0; i < runs; i++) {
      rmSync(join(dir, 'target'), { recursive: true, force: true });
      empty.push(timeCompile(dir).seconds);
    }
    // the files just created are still being written back to disk: timed compiles would share the disk with that
    spawnSync('sync');
    // cold: no cache and no manifest, so every model is rendered and every compiled file rewritten
    const cold: Array<{ seconds: number; rssMb: number }> = [];
    for (let i = 0; i < runs; i++) {
      rmSync(join(dir, 'target', '.keel'), { recursive: true, force: true });
      rmSync(join(dir, 'target', 'manifest.json'), { force: true });
      cold.push(timeCompile(dir));
    }
    // each warm compile follows a compile of the previous state, as when an analyst edits and compiles again
    const warm = (touch?: (i: number) => string, edit?: (text: string, i: number) => string) => {
      const xs: number[] = [];
      for (let i = 0; i < runs; i++) {
        timeCompile(dir);
        if (touch && edit) {
          const path = join(dir, touch(i));
          // a file that does not exist yet is added
          writeFileSync(path, edit(existsSync(path) ? readFileSync(path, 'utf8') : '', i));
          const now = new Date();
          utimesSync(path, now, now);
        }
        xs.push(timeCompile(dir).seconds);
      }
      return median(xs);
    };
    const wNone = warm();
    // a different model each time: the first edit of a model since the full compile is the usual one
    const wModel = warm(
      (i) => `models/layer_0/model_${5 + i}.sql`,
      (text, i) => `${text}\n-- edit ${i}`,
    );
    const wYaml = warm(
      () => 'models/layer_0/schema.yml',
      (text, i) => text.replace(/Generated model 5( \(edit \d+\))?\n/, `Generated model 5 (edit ${i})\n`),
    );
    // a not_null test on a column of another model each run (the tests of that property file compiled again)
    const wYamlTest = warm(
      () => 'models/layer_0/schema.yml',
      (text, i) =>
        text.replace(`Generated model ${30 + i}\n    columns:\n`, `Generated model ${30 + i}\n    columns:\n      - name: amount\n        tests: [not_null]\n`),
    );
    // a real change of what every model calls, so every model's SQL changes (a comment would change none)
    const wMacro = warm(
      () => 'macros/money.sql',
      (text) => (text.includes('/ 100.0)') ? text.replace('/ 100.0)', '/ 100.00)') : text.replace('/ 100.00)', '/ 100.0)')),
    );
    // a model that stops calling a macro (the bench's models all call is_recent), a different one each run
    const wCalls = warm(
      (i) => `models/layer_0/model_${20 + i}.sql`,
      (text) => text.replace("{{ is_recent('base.event_ts') }}", 'true'),
    );
    // a new model file reading two models, a new one each run; removed after (the next compile is then a full one)
    const added: string[] = [];
    const wAdded = warm(
      (i) => {
        added.push(join(dir, 'models', 'layer_0', `added_${i}.sql`));
        return `models/layer_0/added_${i}.sql`;
      },
      (_text, i) => `select a.id, b.amount from {{ ref('model_${10 + i}') }} as a join {{ ref('model_${20 + i}') }} as b using (id)\n`,
    );
    for (const file of added) rmSync(file, { force: true });
    const wWatch = await watchLatency(KEEL, dir, (i) => `models/layer_0/model_${40 + i}.sql`, Math.max(runs, 5));
    const cell = (x: number) => x.toFixed(3);
    console.log(
      `| ${n} | ${cell(median(cold.map((c) => c.seconds)))} | ${median(cold.map((c) => c.rssMb)).toFixed(0)} | ${cell(wNone)} | ${cell(wModel)} | ${cell(wYaml)} | ${cell(wYamlTest)} | ${cell(wMacro)} | ${cell(wCalls)} | ${cell(wAdded)} | ${cell(wWatch)} | ${cell(median(empty))} |`,
    );
  }
}
