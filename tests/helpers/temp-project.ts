import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempProject {
  dir: string;
  write(file: string, content: string): void;
  remove(file: string): void;
}

/** A project directory in the OS temp dir, from a map of relative paths to contents. */
export function tempProject(files: Record<string, string>): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'keel-test-'));
  const write = (file: string, content: string) => {
    const abs = join(dir, file);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  };
  for (const [file, content] of Object.entries(files)) write(file, content);
  return { dir, write, remove: (file) => rmSync(join(dir, file), { force: true }) };
}

export const MINIMAL_PROJECT_YML = `name: t
targets:
  dev:
    type: duckdb
    path: target/t.duckdb
    schema: main
`;
