import type { ParsedProject } from '../compiler/parse/parse-project.js';
import { parseProject } from '../compiler/parse/parse-project.js';
import { SqlCompiler } from '../compiler/compile.js';
import type { Node } from '../core/nodes.js';
import type { RenderCache } from '../compiler/cache/render-cache.js';
import { PropertiesCache } from '../compiler/cache/properties-cache.js';
import type { Quoting } from '../engines/quoting.js';
import { quotingFor } from '../engines/registry.js';
import { buildGraph, resolveDependencies, type KeelGraph } from './index.js';
import { loadProject, type LoadOptions } from '../project/load.js';
import type { Project } from '../project/project.js';
import { BUILTIN_TESTS } from '../testing/builtin-tests.js';

/** A project parsed, resolved into a graph and compiled: what every command starts from. */
export interface Manifest {
  project: Project;
  parsed: ParsedProject;
  nodes: Map<string, Node>;
  graph: KeelGraph;
  /** how compiled SQL quotes relations on the target */
  quoting: Quoting;
  compiler: SqlCompiler;
  /** the render cache (saved by the parse that filled it) */
  cache?: RenderCache;
  /** the environment templates read env vars from (state:modified compares digests of them) */
  env: NodeJS.ProcessEnv;
}

export interface PrepareOptions extends LoadOptions {
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  runStartedAt?: Date;
  /** reuse renders and parsed property files from the last compile when nothing they read changed (default: on) */
  useCache?: boolean;
  /** told when a template reads run_started_at */
  onVolatileRead?: () => void;
}

export function prepareManifest(opts: PrepareOptions): Manifest {
  const useCache = opts.useCache ?? true;
  let properties: PropertiesCache | undefined;
  const project = loadProject(opts.projectDir, opts, useCache ? (targetPath) => (properties = PropertiesCache.load(targetPath)) : undefined);
  properties?.save();
  const parsed = parseProject(project, {
    builtinMacros: [BUILTIN_TESTS],
    env: opts.env,
    runStartedAt: opts.runStartedAt,
    useCache,
    onVolatileRead: opts.onVolatileRead,
  });
  // disabled nodes take part so a ref to one says so; tests on a disabled node get disabled here
  const all = [...parsed.nodes, ...parsed.disabled];
  resolveDependencies(all, project.name);
  const enabled = all.filter((n) => n.config.enabled !== false);
  const graph = buildGraph(enabled);
  const quoting = quotingFor(project.target);
  const compiler = new SqlCompiler(enabled, quoting.quoteRelation, quoting.quoteIdentifier);
  for (const node of enabled) {
    if (node.kind === 'model' || node.kind === 'test') node.compiledSql = compiler.compile(node);
  }
  return {
    project,
    parsed,
    nodes: new Map(enabled.map((n) => [n.uniqueId, n])),
    graph,
    quoting,
    compiler,
    cache: parsed.context.cache,
    env: opts.env ?? process.env,
  };
}
