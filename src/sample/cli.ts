#!/usr/bin/env node
/**
 * Writes the sample seeds: `node dist/sample/cli.js [--out seeds] [--persons N] [--seed S] [--days D] [--start-date YYYY-MM-DD]`.
 * Without flags it regenerates the committed sample (DEFAULT_SAMPLE_OPTIONS).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SAMPLE_OPTIONS } from './generate.js';
import { writeSampleSeeds } from './write.js';

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'seeds' },
      persons: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      'start-date': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: node dist/sample/cli.js [--out seeds] [--persons N] [--seed S] [--days D] [--start-date YYYY-MM-DD]');
    return;
  }
  const persons = integer('persons', values.persons, DEFAULT_SAMPLE_OPTIONS.persons);
  const started = Date.now();
  let progressShown = false;
  const tables = await writeSampleSeeds(values.out, {
    persons,
    seed: integer('seed', values.seed, DEFAULT_SAMPLE_OPTIONS.seed),
    days: integer('days', values.days, DEFAULT_SAMPLE_OPTIONS.days),
    startDate: values['start-date'] ?? DEFAULT_SAMPLE_OPTIONS.startDate,
    onProgress: (rows) => {
      progressShown = true;
      process.stderr.write(`\r${rows.toLocaleString('en-US')} rows`);
    },
    progressEvery: 250_000,
  });
  if (progressShown) process.stderr.write('\n');
  const width = Math.max(...tables.map((t) => t.file.length));
  for (const t of tables) console.log(`${t.file.padEnd(width)}  ${String(t.rows).padStart(10)} rows  ${(t.bytes / 1024).toFixed(0).padStart(8)} KiB`);
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  console.log(`${rows} rows in ${tables.length} files under ${values.out}/ (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
