import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A copy of the repository's sample workspace in a temp dir, so its builds leave the repo's target/ alone. */
export function copySampleWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keel-docs-sample-'));
  for (const p of ['project.yml', 'models', 'macros', 'seeds']) cpSync(join(REPO, p), join(dir, p), { recursive: true });
  cpSync(join(REPO, 'tests/sql'), join(dir, 'tests/sql'), { recursive: true });
  return dir;
}
