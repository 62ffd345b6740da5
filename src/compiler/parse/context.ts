import type nunjucks from 'nunjucks';
import type { Relation } from '../../core/relation.js';
import type { Project } from '../../project/project.js';
import { newCapture, withCapture } from '../capture.js';
import type { Renderer } from '../render.js';
import type { PropertiesIndex } from './properties-index.js';
import type { RenderCache } from '../cache/render-cache.js';
import type { TestSignature } from './test-signature.js';

export interface ParseContext {
  project: Project;
  env: nunjucks.Environment;
  renderer: Renderer;
  props: PropertiesIndex;
  warnings: string[];
  /** reuses renders from the last compile when nothing they read changed */
  cache?: RenderCache;
  /** the relation a node with this custom schema, alias and name gets */
  relationFor(name: string, kind: string, config: { schema?: string; alias?: string; database?: string }): Relation;
  /** the parameters of a generic test macro (`test_<name>`), when its source shows them */
  testSignature?(macro: string): TestSignature | undefined;
}

/**
 * Schema naming as in dbt: `<target schema>_<custom>` by default, or whatever the project's
 * `generate_schema_name(custom_schema_name, node)` macro returns.
 */
export function createRelationNamer(env: nunjucks.Environment, project: Project): ParseContext['relationFor'] {
  const targetSchema = String((project.target as { schema?: string }).schema ?? 'main');
  const macro = (env as unknown as { globals: Record<string, unknown> }).globals.generate_schema_name as
    | ((custom: unknown, node: unknown) => unknown)
    | undefined;
  const cache = new Map<string, string>();
  const schemaFor = (custom: string | undefined, name: string, kind: string): string => {
    const key = `${custom ?? ''}\0${macro ? `${kind}:${name}` : ''}`;
    let schema = cache.get(key);
    if (schema === undefined) {
      if (macro) {
        const out = withCapture(newCapture('macros/generate_schema_name.sql', name, '', {}), () => macro(custom ?? null, { name, resource_type: kind }));
        schema = String(out).trim();
      } else {
        schema = custom ? `${targetSchema}_${custom.trim()}` : targetSchema;
      }
      cache.set(key, schema);
    }
    return schema;
  };
  return (name, kind, config) => ({
    ...(config.database ? { database: config.database } : {}),
    schema: schemaFor(config.schema, name, kind),
    identifier: config.alias ?? name,
  });
}
