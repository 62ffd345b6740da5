import { describe, expect, it } from 'vitest';
import { KIND_OUTPUT_SUFFIXES } from '../../src/compiler/parse/built-relations.js';
import { parseProject } from '../../src/compiler/parse/parse-project.js';
import { KeelError } from '../../src/core/errors.js';
import { engineDefinition } from '../../src/engines/registry.js';
import { ENGINE_TYPES } from '../../src/engines/engine-type.js';
import { funnelOutputs } from '../../src/materialize/funnel/plan.js';
import { journeyOutputs } from '../../src/materialize/journey/materialize.js';
import { segmentOutputs } from '../../src/materialize/segment/materialize.js';
import { loadProject } from '../../src/project/load.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

function parseError(files: Record<string, string>): KeelError | undefined {
  const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, ...files });
  try {
    parseProject(loadProject(p.dir));
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    return e as KeelError;
  }
}

describe('two nodes building one relation', () => {
  it('refuses an alias equal to another model, naming both files', () => {
    const e = parseError({ 'models/a.sql': 'select 1 as x', 'models/b.sql': "{{ config(alias='a') }} select 2 as x" });
    expect(e?.message).toMatch(/same relation main\.a: model 'a' \(models\/a\.sql\) and model 'b' \(models\/b\.sql\)/);
    expect(e?.location?.file).toBe('models/b.sql');
  });

  it('refuses file names that differ only in case (the engines compare names case-insensitively)', () => {
    const e = parseError({ 'models/Orders.sql': 'select 1 as x', 'models/staging/orders.sql': 'select 2 as x' });
    expect(e?.message).toMatch(/models\/Orders\.sql.*models\/staging\/orders\.sql/);
  });

  it('refuses a seed and a model at one relation, and a model at a journey output', () => {
    expect(parseError({ 'seeds/people.csv': 'id\n1\n', 'models/people.sql': 'select 1 as id' })?.message).toMatch(
      /seed 'people' \(seeds\/people\.csv\) and model 'people'/,
    );
    const journey = "{{ config(materialized='journey', journey={'events': ref('ev')}) }} select 1";
    expect(parseError({ 'models/j.sql': journey, 'models/j_id_graph.sql': 'select 1 as x', 'models/ev.sql': 'select 1 as x' })?.message).toMatch(
      /as its output j_id_graph/,
    );
  });

  it('allows the same alias in different schemas, and a disabled twin', () => {
    expect(parseError({ 'models/a.sql': 'select 1 as x', 'models/b.sql': "{{ config(alias='a', schema='other') }} select 2 as x" })).toBeUndefined();
    expect(parseError({ 'models/a.sql': 'select 1 as x', 'models/b.sql': "{{ config(alias='a', enabled=false) }} select 2 as x" })).toBeUndefined();
  });

  it('folds names as every engine does', () => {
    for (const type of ENGINE_TYPES) expect(engineDefinition(type).foldIdentifier('Orders')).toBe(engineDefinition(type).foldIdentifier('ORDERS'));
  });

  it('knows the outputs each analytics kind builds beside its model', () => {
    const rel = { schema: 's', identifier: 'm' };
    // the suffixes of every output but the model's own relation
    const beside = (outputs: Record<string, { identifier: string }>) =>
      Object.values(outputs)
        .map((r) => r.identifier)
        .filter((id) => id !== 'm')
        .map((id) => id.slice('m'.length));
    expect(beside(journeyOutputs(rel))).toEqual(KIND_OUTPUT_SUFFIXES.journey);
    expect(beside(segmentOutputs(rel))).toEqual(KIND_OUTPUT_SUFFIXES.segment);
    expect(beside(funnelOutputs(rel))).toEqual(KIND_OUTPUT_SUFFIXES.funnel);
  });
});
