import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import { loadProject } from '../../src/project/load.js';
import { configsForFolders } from '../../src/project/folder-config.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

function loadError(files: Record<string, string>): KeelError {
  const p = tempProject(files);
  try {
    loadProject(p.dir);
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    return e as KeelError;
  }
  throw new Error('expected loadProject to fail');
}

describe('project loading', () => {
  it('reads targets, vars, paths and folder configs', () => {
    const p = tempProject({
      'project.yml': `${MINIMAL_PROJECT_YML}vars:\n  a: 1\nmodels:\n  +materialized: table\n  staging:\n    +schema: stg\n    +tags: [s]\n`,
      'models/staging/a.sql': 'select 1',
      'models/b.sql': 'select 2',
      'models/staging/props.yml': 'version: 2\nmodels:\n  - name: a\n    description: A\n',
      'macros/m.sql': '{% macro m() %}1{% endmacro %}',
    });
    const project = loadProject(p.dir, { vars: { b: 2 } });
    expect(project.name).toBe('t');
    expect(project.target).toMatchObject({ type: 'duckdb', path: 'target/t.duckdb', schema: 'main' });
    expect(project.vars).toEqual({ a: 1, b: 2 });
    expect(project.modelFiles).toEqual(['models/b.sql', 'models/staging/a.sql']);
    expect(project.macroFiles).toEqual(['macros/m.sql']);
    expect(project.properties.map((d) => d.yaml.file)).toEqual(['models/staging/props.yml']);
    expect(configsForFolders(project.folderConfig.models, ['staging'])).toEqual([{ materialized: 'table' }, { schema: 'stg', tags: ['s'] }]);
  });

  it('defaults to a duckdb target under target/ when none is configured', () => {
    const project = loadProject(tempProject({ 'project.yml': 'name: x\n' }).dir);
    expect(project.targetName).toBe('dev');
    expect(project.target).toEqual({ type: 'duckdb', path: 'target/keel.duckdb', schema: 'main' });
  });

  it('names file, line and key for an unknown key', () => {
    const e = loadError({ 'project.yml': 'name: x\nmodles:\n  a: 1\n' });
    expect(e.location).toEqual({ file: 'project.yml', line: 2 });
    expect(e.message).toContain("unknown key 'modles'");
  });

  it('names file, line and key for a wrong type', () => {
    const e = loadError({ 'project.yml': 'name: x\ntargets:\n  dev:\n    type: duckdb\n    threads: many\n' });
    expect(e.location).toEqual({ file: 'project.yml', line: 5 });
    expect(e.message).toContain('targets.dev.threads');
  });

  it('rejects an unknown folder config with a suggestion', () => {
    const e = loadError({ 'project.yml': 'name: x\nmodels:\n  staging:\n    +materialised: table\n' });
    expect(e.location?.line).toBe(4);
    expect(e.message).toContain("unknown config 'materialised'");
    expect(e.hint).toContain('+materialized');
  });

  it('rejects a bad materialization value at its line', () => {
    const e = loadError({ 'project.yml': 'name: x\nmodels:\n  +materialized: tabel\n' });
    expect(e.location?.line).toBe(3);
  });

  it('validates property files: unknown keys at their line', () => {
    const e = loadError({
      'project.yml': 'name: x\n',
      'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tsets: [unique]\n',
    });
    expect(e.location).toEqual({ file: 'models/p.yml', line: 5 });
    expect(e.message).toContain("unknown key 'tsets'");
  });

  it('reports invalid YAML syntax with its line', () => {
    const e = loadError({ 'project.yml': 'name: x\nvars:\n  a: [1, 2\n' });
    expect(e.location?.file).toBe('project.yml');
    expect(e.message).toMatch(/Invalid YAML/);
  });

  it('reports an unknown --target with the defined ones', () => {
    const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML });
    expect(() => loadProject(p.dir, { target: 'prod' })).toThrow(/Target 'prod' is not defined/);
  });
});
