import { join } from 'node:path';
import type { Node } from '../../core/nodes.js';
import type { Project } from '../../project/project.js';
import { createEnvironment } from '../environment.js';
import type { HelperContext } from '../helpers.js';
import { registerMacros, type MacroSource } from '../macros.js';
import { Renderer } from '../render.js';
import { RenderCache } from '../cache/render-cache.js';
import { checksum } from './checksum.js';
import { BUILD_ID } from '../../core/build-id.js';
import { definitionOf, quotingFor } from '../../engines/registry.js';
import { createRelationNamer, type ParseContext } from './context.js';
import { parseModel } from './models.js';
import { PropertiesIndex } from './properties-index.js';
import { parseSeed } from './seeds.js';
import { parseSources } from './sources.js';
import { parseSingularTest, parseYamlTests } from './tests.js';
import { readUtf8 } from '../../project/read-text.js';
import { testSignatures, type TestSignature } from './test-signature.js';
import { checkBuiltRelations } from './built-relations.js';

export interface ParseOptions {
  /** macros keel ships (generic tests), registered before the project's own */
  builtinMacros?: MacroSource[];
  env?: NodeJS.ProcessEnv;
  runStartedAt?: Date;
  /** reuse renders across compiles (target/.keel/cache.v8); off in tests that want a cold parse */
  useCache?: boolean;
  /** told when a template reads run_started_at */
  onVolatileRead?: () => void;
}

export interface ParsedProject {
  /** enabled nodes */
  nodes: Node[];
  /** nodes with `enabled: false`: not built, not refable */
  disabled: Node[];
  warnings: string[];
  /** macro name → file it is defined in */
  macros: Map<string, string>;
  /** the project's macro files as registered */
  macroSources: MacroSource[];
  context: ParseContext;
}

export function helperContext(project: Project, opts: ParseOptions, warnings: string[]): HelperContext {
  const t = project.target as { schema?: string; database?: string; threads?: number; type: string };
  const started = opts.runStartedAt ?? new Date();
  return {
    stringLiteral: quotingFor(project.target).stringLiteral,
    vars: project.vars,
    env: opts.env ?? process.env,
    target: { name: project.targetName, type: t.type, schema: t.schema, database: t.database, threads: t.threads ?? 1 },
    runStartedAt: started.toISOString().replace('T', ' ').replace('Z', ''),
    log: (m) => warnings.push(m),
    onVolatileRead: opts.onVolatileRead,
  };
}

function openRenderCache(project: Project, sources: MacroSource[], definedIn: Map<string, string>, env: NodeJS.ProcessEnv): RenderCache {
  const fileHash = new Map(sources.map((s) => [s.file, checksum(s.text)]));
  const globalKey = checksum(
    JSON.stringify({
      keel: BUILD_ID,
      project: project.name,
      target: project.targetName,
      config: project.target,
      macros: [...definedIn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    }),
  );
  return RenderCache.load(join(project.targetPath, '.keel', 'render-cache'), globalKey, {
    macroHash: (name) => {
      const file = definedIn.get(name);
      return file === undefined ? undefined : fileHash.get(file);
    },
    vars: project.vars,
    env,
  });
}

/** Test macro signatures, read from the file that defines each macro on first use. */
function signaturesOf(sources: MacroSource[], definedIn: Map<string, string>): (macro: string) => TestSignature | undefined {
  const byFile = new Map<string, Map<string, TestSignature>>();
  return (macro) => {
    const file = definedIn.get(macro);
    const src = file === undefined ? undefined : sources.find((s) => s.file === file);
    if (!src) return undefined;
    let found = byFile.get(src.file);
    if (!found) byFile.set(src.file, (found = testSignatures(src.text)));
    return found.get(macro);
  };
}

/** The template environment, macros and lookups a parse renders with. */
export function createParseContext(project: Project, opts: ParseOptions = {}): { ctx: ParseContext; macros: Map<string, string>; macroSources: MacroSource[] } {
  const warnings: string[] = [];
  const env = createEnvironment(helperContext(project, opts, warnings));
  const macroSources = project.macroFiles.map((file) => ({ file, text: readUtf8(join(project.root, file), file) }));
  const allMacros = [...(opts.builtinMacros ?? []), ...macroSources];
  const macros = registerMacros(env, allMacros);
  const ctx: ParseContext = {
    project,
    env,
    renderer: new Renderer(env),
    props: new PropertiesIndex(project.properties),
    warnings,
    relationFor: createRelationNamer(env, project),
    cache: opts.useCache ? openRenderCache(project, allMacros, macros, opts.env ?? process.env) : undefined,
    testSignature: signaturesOf(allMacros, macros),
  };
  return { ctx, macros, macroSources };
}

/** Renders every model and test once and returns the project's nodes with their captured refs. */
export function parseProject(project: Project, opts: ParseOptions = {}): ParsedProject {
  const { ctx, macros, macroSources } = createParseContext(project, opts);
  const { warnings } = ctx;

  const all: Node[] = [
    ...project.seedFiles.map((f) => parseSeed(ctx, f)),
    ...project.modelFiles.map((f) => parseModel(ctx, f)),
    ...parseSources(ctx),
    ...parseYamlTests(ctx),
    ...project.testFiles.map((f) => parseSingularTest(ctx, f)),
  ];
  const target = project.target;
  checkBuiltRelations(all, definitionOf(target).foldIdentifier, 'database' in target ? target.database : undefined);
  const known = new Set(all.map((n) => n.name));
  for (const kind of ['models', 'seeds'] as const) {
    for (const [name, e] of ctx.props[kind]) {
      if (!known.has(name)) warnings.push(`${e.doc.yaml.file}: describes ${kind.slice(0, -1)} '${name}', which does not exist`);
    }
  }
  ctx.cache?.save();
  return {
    nodes: all.filter((n) => n.config.enabled !== false),
    disabled: all.filter((n) => n.config.enabled === false),
    warnings,
    macros,
    macroSources,
    context: ctx,
  };
}
