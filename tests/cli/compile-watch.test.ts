import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEEL_BIN } from '../helpers/cli.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

/** A running `keel compile --watch`: waits for the next line of its stdout or stderr that matches. */
function watchProcess(dir: string) {
  const child = spawn(process.execPath, [KEEL_BIN, '--project-dir', dir, 'compile', '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: Array<{ pattern: RegExp; from: number; resolve: (line: string) => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = w.pattern.exec(text.slice(w.from));
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  const printed = (d: Buffer) => {
    text += d.toString();
    check();
  };
  child.stdout.on('data', printed);
  child.stderr.on('data', printed);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    /** resolves with the first match printed after this call; fails with what was printed after 10 s */
    next: (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${text}`)), 10_000);
        waiters.push({
          pattern,
          from: text.length,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        check();
      }),
  };
}

describe('keel compile --watch', () => {
  it('compiles on start and after each change, prints errors and goes on, and ends on SIGINT with 0', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
    });
    const w = watchProcess(p.dir);
    try {
      await w.next(/Compiled 2 nodes .* \(rendered models\/a\.sql, models\/b\.sql\)/);
      // only the edited model is rendered again: the others come from the render cache kept in memory
      let seen = w.next(/\(rendered models\/b\.sql\)/);
      p.write('models/b.sql', "select id, 2 as two from {{ ref('a') }}");
      await seen;
      expect(readFileSync(join(p.dir, 'target/compiled/t/models/b.sql'), 'utf8')).toBe('select id, 2 as two from "main"."a"\n');
      seen = w.next(/Error: models\/b\.sql.*no_such_model/);
      p.write('models/b.sql', "select * from {{ ref('no_such_model') }}");
      await seen;
      seen = w.next(/Compiled 3 nodes/);
      p.write('models/c.sql', "select * from {{ ref('a') }}");
      p.write('models/b.sql', "select id from {{ ref('c') }}");
      await seen;
      const manifest = JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8'));
      expect(manifest.nodes['model.t.b'].depends_on).toEqual(['model.t.c']);
      // project.yml adds a model folder: it is compiled, and watched from then on
      seen = w.next(/Compiled 4 nodes/);
      p.write('more/d.sql', 'select 4 as d');
      p.write('project.yml', `${MINIMAL_PROJECT_YML}model-paths: [models, more]\n`);
      await seen;
      seen = w.next(/\(rendered more\/d\.sql\)/);
      p.write('more/d.sql', 'select 5 as d');
      await seen;
      expect(readFileSync(join(p.dir, 'target/compiled/t/more/d.sql'), 'utf8')).toBe('select 5 as d\n');
    } finally {
      w.child.kill('SIGINT');
    }
    expect(await w.exited).toBe(0);
  }, 30_000);
});
