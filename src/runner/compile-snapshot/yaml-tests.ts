import { SqlCompiler } from '../../compiler/compile.js';
import type { ParseContext } from '../../compiler/parse/context.js';
import { parseYamlTests } from '../../compiler/parse/tests.js';
import type { Node, TestNode } from '../../core/nodes.js';
import type { Quoting } from '../../engines/quoting.js';
import { modelFiles, nameOfFile, refStub } from './record-lookup.js';
import type { SnapshotCheck } from './check.js';
import { readModelRecords, type ModelRecord } from './snapshot.js';

/**
 * The tests a property file declares on its models, compiled against the models' records: each
 * test's refs resolved to recorded models, then attached to its model as a full compile does.
 * Undefined when one cannot be compiled so (a ref to a seed, an ephemeral or unknown model, a
 * source, a disabled test, an error): compile in full. `changed`: records as this compile left them.
 */
export function compileYamlTests(check: SnapshotCheck, ctx: ParseContext, file: string, changed: Record<string, ModelRecord>, quoting: Pick<Quoting, 'quoteRelation' | 'quoteIdentifier'>): TestNode[] | undefined {
  let tests: TestNode[];
  try {
    tests = parseYamlTests(ctx, file);
  } catch {
    // the full compile says what is wrong, with every other error it finds
    return undefined;
  }
  const fileOf = modelFiles(check);
  const names = new Set(tests.flatMap((t) => t.refs.map((r) => r.name)));
  const files = [...names].map((name) => fileOf.get(name));
  if (files.some((f) => f === undefined)) return undefined;
  const records = readModelRecords(check.targetPath, check.loaded.base, files as string[], changed);
  if (!records) return undefined;
  const byName = new Map([...records].map(([f, record]) => [nameOfFile(f), record]));
  const project = ctx.project.name;
  for (const test of tests) {
    if (test.config.enabled === false || test.sources.length) return undefined;
    // as the graph resolves a test: its refs, each once, with the node it is attached to first
    const deps: string[] = [];
    const stubs: Node[] = [];
    for (const ref of test.refs) {
      const record = byName.get(ref.name);
      if ((ref.package !== undefined && ref.package !== project) || !record?.relation) return undefined;
      if (!deps.includes(record.id)) deps.push(record.id);
      stubs.push(refStub('model', ref.name, record.relation));
    }
    const at = test.attachedTo === undefined ? -1 : deps.indexOf(test.attachedTo);
    if (at < 0) return undefined;
    deps.splice(at, 1);
    test.dependsOn = [test.attachedTo!, ...deps];
    test.compiledSql = new SqlCompiler([test, ...stubs], quoting.quoteRelation, quoting.quoteIdentifier).compile(test);
  }
  return tests;
}
