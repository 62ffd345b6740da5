import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MINIMAL_PROJECT_YML, tempProject, type TempProject } from '../helpers/temp-project.js';

export const CLIENT_ID = '4321';
export const BUCKET = 'lotame-transfer-in-us-east-1';

export interface ProjectOptions {
  /** extra lines under destinations.lotame */
  destination?: string;
  /** the model's sync.lotame block, YAML indented by 8 */
  sync?: string;
  /** more segment models: name -> sync.lotame YAML */
  more?: Record<string, string>;
  clientId?: string;
}

const DEFAULT_SYNC = `        behavior: keel cart abandoners
        identifiers:
          - {column: email, type: email}
          - {column: maid, type: maid}`;

/** A project with one model `seg` (its tables are made by SegmentSim, not built) synced to Lotame. */
export function syncProject(o: ProjectOptions = {}): TempProject {
  const models: Record<string, string> = { seg: o.sync ?? DEFAULT_SYNC, ...(o.more ?? {}) };
  const files: Record<string, string> = {
    'project.yml': `${MINIMAL_PROJECT_YML}destinations:\n  lotame:\n    client_id: ${o.clientId ?? CLIENT_ID}\n${o.destination ?? ''}`,
    'models/segments.yml': `models:\n${Object.entries(models)
      .map(([name, sync]) => `  - name: ${name}\n    config:\n      sync:\n        lotame:\n${sync.replace(/^ {8}/gm, '          ')}\n`)
      .join('')}`,
  };
  for (const name of Object.keys(models))
    files[`models/${name}.sql`] = "{{ config(materialized='table') }}select 'x' as person_key, 'a@b.c' as email, null as maid";
  return tempProject(files);
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface Line {
  userid: string;
  segments?: string[];
}

/** Every file under a directory (outbox or S3 emulator dump), key → parsed JSON lines (markers: []). */
export function readTree(root: string): Map<string, Line[]> {
  const out = new Map<string, Line[]>();
  if (!existsSync(root)) return out;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), parseObject(readFileSync(p)));
    }
  };
  walk(root);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function parseObject(body: Buffer): Line[] {
  if (!body.length) return [];
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}

export const emailOf = (k: string) => `${k}@example.com`;
export const maidOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
