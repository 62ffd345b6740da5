import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb.js';
import { emailOf, maidOf, syncProject } from './fixtures.js';
import { keelAsync as keel } from './keel-async.js';
import { liveEnv, SECRETS, startServers, type LiveServers } from './live-env.js';
import { SegmentSim, type Person } from './segment-sim.js';

const people = (n: number) => new Map<string, Person>(Array.from({ length: n }, (_, i) => [`s${i}`, { email: emailOf(`s${i}`), maid: maidOf(i) }]));
let servers: LiveServers;
beforeAll(async () => {
  servers = await startServers({ timeoutSeconds: 2 });
});
afterAll(() => servers.stop());

/** Every file under `dir`, as text (binary files too: a secret would show as its bytes). */
function allFiles(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([p, readFileSync(p).toString('latin1')]);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

describe('keel sync on the command line', () => {
  it('never prints or records a secret, even when the API echoes one back', async () => {
    const p = syncProject({
      destination: servers.destination,
      more: { echo: '        behavior: keel echo\n        identifiers:\n          - {column: email, type: email}' },
    });
    const db = join(p.dir, 'target/t.duckdb');
    await new SegmentSim(db).build(people(3), '2025-06-01 10:00:00');
    await new SegmentSim(db, 'echo').build(people(2), '2025-06-01 10:00:00');
    servers.lotame.fault = ({ method, path }) =>
      method === 'GET' && path.endsWith('behaviors/search') && servers.lotame.log.filter((l) => l.status === 400).length === 0
        ? { status: 400, body: { error: `token ${SECRETS.LOTAME_TOKEN} with access ${SECRETS.LOTAME_ACCESS_KEY} may not read client 4321` } }
        : undefined;
    const outputs: string[] = [];
    for (const args of [['sync'], ['--log-format', 'json', '--debug', 'sync', '--full'], ['sync', 'status']]) {
      const r = await keel(args, p.dir, liveEnv());
      outputs.push(r.stdout, r.stderr);
    }
    servers.lotame.fault = undefined;
    expect(outputs.join('\n')).toContain('answered 400: token *** with access *** may not read client 4321');
    const everything = [...outputs.map((o, i) => [`output ${i}`, o] as [string, string]), ...allFiles(join(p.dir, 'target'))];
    for (const [where, text] of everything) {
      for (const [name, secret] of Object.entries(SECRETS)) {
        if (name === 'AWS_ACCESS_KEY_ID') continue; // an access key id is not a secret (it is in every signed request)
        expect(text.includes(secret), `${name} found in ${where}`).toBe(false);
      }
    }
  });

  it('prints the history with keel sync status; --dry-run sends and records nothing; the outbox without credentials', async () => {
    const p = syncProject({
      destination: servers.destination,
      sync: '        behavior: keel status test\n        identifiers:\n          - {column: email, type: email}\n          - {column: maid, type: maid}',
    });
    const db = join(p.dir, 'target/t.duckdb');
    const sim = new SegmentSim(db);
    await sim.build(people(5), '2025-06-01 10:00:00');
    const dry = await keel(['sync', '--dry-run'], p.dir, liveEnv());
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run');
    expect(dry.stdout).toMatch(/DRY_RUN\s+seg\s+full\s+'keel status test'.*members 5\s+\+5 -0/);
    expect(dry.stdout).toContain("behavior 'keel status test' does not exist yet");
    expect(await queryDuckDB(db, 'select count(*)::int n from main.keel_sync_runs')).toEqual([{ n: 0 }]);

    const empty = await keel(['sync', 'status'], p.dir, liveEnv());
    expect(empty.stdout).toContain('No sync has run yet.');

    expect((await keel(['sync', '-s', 'seg'], p.dir, liveEnv())).code).toBe(0);
    await sim.build(people(7), '2025-06-02 10:00:00');
    expect((await keel(['sync'], p.dir, liveEnv())).code).toBe(0);
    const status = await keel(['sync', 'status'], p.dir, liveEnv());
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n');
    expect(lines[0]).toMatch(/^seg {2}→ {2}s3:\/\/lotame-transfer-in-us-east-1\/onboarding\/in\/client_id=4321$/);
    expect(lines[1]).toMatch(/members 7 as of 2025-06-02 10:00:00Z/);
    expect(lines.filter((l) => /^\s+\d{8}T\d{9}Z_/.test(l)).map((l) => l.trim().split(/\s+/).slice(1, 8))).toEqual([
      ['acknowledged', 'delta', '7', '2', '0', '0', '3'],
      ['acknowledged', 'full', '5', '5', '0', '0', '3'],
    ]);

    const local = await keel(['sync'], p.dir, {});
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('to Lotame: the local outbox (no LOTAME_TOKEN/LOTAME_ACCESS_KEY set)');
    // the outbox has its own acknowledged state: everything goes there the first time
    expect(local.stdout).toMatch(/ACKNOWLEDGED\s+seg\s+full/);
    expect(readdirSync(join(p.dir, 'target/outbox/lotame/lotame-transfer-in-us-east-1/onboarding/in/client_id=4321/type=DATA'))).toHaveLength(3);
  });
});
