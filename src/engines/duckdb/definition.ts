import { quotingWith } from '../quoting.js';
import type { EngineDefinition } from '../definition.js';
import { lowerCaseFolding } from '../identifier-folding.js';
import { duckdbAnalytics } from './analytics-dialect.js';
import { duckdbCapabilities } from './capabilities.js';
import { duckdbStringLiteral } from './literals.js';
import { duckdbDatabaseFile, duckdbLockFile } from './target-files.js';

export const duckdbDefinition: EngineDefinition<'duckdb'> = {
  type: 'duckdb',
  capabilities: duckdbCapabilities,
  quoting: quotingWith(duckdbStringLiteral),
  analytics: duckdbAnalytics,
  foldIdentifier: lowerCaseFolding,
  databaseFile: duckdbDatabaseFile,
  lockFile: duckdbLockFile,
};
