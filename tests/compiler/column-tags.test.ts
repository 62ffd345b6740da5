import { describe, expect, it } from 'vitest';
import { parseProject } from '../../src/compiler/parse/parse-project.js';
import { loadProject } from '../../src/project/load.js';
import { BUILTIN_TESTS } from '../../src/testing/builtin-tests.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

describe('column keys of property files are honoured', () => {
  it("a column's tags are the tags of its tests", () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': 'select 1 as id',
      'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tags: [pii]\n        tests: [not_null]\n',
    });
    const parsed = parseProject(loadProject(p.dir), { builtinMacros: [BUILTIN_TESTS] });
    expect(parsed.nodes.find((n) => n.kind === 'test')!.config.tags).toEqual(['pii']);
  });
});
