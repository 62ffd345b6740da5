import type { z } from 'zod';
import { KeelError } from '../core/errors.js';
import type { YamlFile } from './yaml-file.js';
import { UNSUPPORTED_CONFIGS } from './unsupported-configs.js';

/** Validates YAML data against a zod schema; the first problem becomes a KeelError at the offending key's line. */
export function validateYaml<T extends z.ZodType>(schema: T, yaml: YamlFile, basePath: PropertyKey[] = [], data: unknown = yaml.data): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  let path = [...basePath, ...issue.path];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    path = [...path, key];
    message = UNSUPPORTED_CONFIGS[key] === undefined ? `unknown key '${key}'` : `not supported by keel: ${key} (${UNSUPPORTED_CONFIGS[key]})`;
  }
  const keyName = path.length ? path.map(String).join('.') : '(document)';
  throw new KeelError(`${keyName}: ${message}`, { location: { file: yaml.file, line: yaml.lineOf(path) } });
}
