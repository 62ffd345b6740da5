import { statSync } from 'node:fs';
import { join } from 'node:path';
import { KeelError } from '../core/errors.js';
import type { YamlFile } from './yaml-file.js';

const PATH_KEYS = ['model-paths', 'seed-paths', 'macro-paths', 'test-paths'] as const;

/**
 * A folder project.yml names explicitly must exist: a typo in `model-paths` would otherwise build
 * nothing and succeed. The defaults (models/, seeds/, ...) may be absent: a project without seeds
 * has no seeds/ folder.
 */
export function checkPathFolders(root: string, yaml: YamlFile): void {
  const data = (yaml.data ?? {}) as Record<string, unknown>;
  for (const key of PATH_KEYS) {
    const listed = data[key];
    if (!Array.isArray(listed)) continue;
    listed.forEach((folder, i) => {
      if (typeof folder !== 'string') return;
      let isDir = false;
      try {
        isDir = statSync(join(root, folder)).isDirectory();
      } catch {
        // missing (or a dangling link): said below
      }
      if (!isDir) {
        throw new KeelError(`${key}: folder '${folder}' does not exist`, {
          location: { file: 'project.yml', line: yaml.lineOf([key, i]) ?? yaml.lineOf([key]) },
          hint: `Create it, or correct ${key} in project.yml.`,
        });
      }
    });
  }
}
