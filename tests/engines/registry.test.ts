import { describe, expect, it } from 'vitest';
import { ENGINE_TYPES } from '../../src/engines/engine-type.js';
import { analyticsDialectFor, engineDefinition, quotingFor } from '../../src/engines/registry.js';
import type { TargetConfig } from '../../src/project/schema.js';

const duckdb = (path: string): TargetConfig => ({ type: 'duckdb', path, schema: 'main' });

describe('engine registry', () => {
  it('has one definition per engine type, each naming itself', () => {
    for (const type of ENGINE_TYPES) {
      const d = engineDefinition(type);
      expect(d.type).toBe(type);
      expect(d.analytics.name).toBe(type);
      expect(analyticsDialectFor(type)).toBe(d.analytics);
      expect(quotingFor({ type })).toBe(d.quoting);
    }
  });

  it('refuses a type it does not know, naming it', () => {
    expect(() => engineDefinition('bigquery' as never)).toThrow("target type 'bigquery' is not available yet");
  });

  it('writes each engine string literal by its own rule, the same for compiled SQL and the analytics kinds', () => {
    const text = "it's C:\\temp";
    expect(quotingFor({ type: 'duckdb' }).stringLiteral(text)).toBe("'it''s C:\\temp'");
    expect(quotingFor({ type: 'athena' }).stringLiteral(text)).toBe("'it''s C:\\temp'");
    expect(quotingFor({ type: 'redshift' }).stringLiteral(text)).toBe("'it''s C:\\\\temp'");
    for (const type of ENGINE_TYPES) expect(analyticsDialectFor(type).stringLiteral(text)).toBe(quotingFor({ type }).stringLiteral(text));
  });

  it("resolves a DuckDB target's database and lock files against the project; in memory there are none", () => {
    const d = engineDefinition('duckdb');
    expect(d.databaseFile(duckdb('target/x.duckdb'), '/p')).toBe('/p/target/x.duckdb');
    expect(d.databaseFile(duckdb('/abs/x.duckdb'), '/p')).toBe('/abs/x.duckdb');
    expect(d.lockFile(duckdb('target/x.duckdb'), '/p')).toBe('/p/target/x.duckdb.keel.lock');
    expect(d.databaseFile(duckdb(':memory:'), '/p')).toBeUndefined();
    expect(d.lockFile(duckdb(':memory:'), '/p')).toBeUndefined();
    expect(d.capabilities.embedded).toBe(true);
    expect(engineDefinition('redshift').capabilities).toMatchObject({ embedded: false, transactionalDdl: true, cteInSubquery: false });
    expect(engineDefinition('athena').capabilities).toMatchObject({ embedded: false, transactionalDdl: false });
  });
});
