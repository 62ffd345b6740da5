import { quotingWith } from '../quoting.js';
import type { EngineDefinition } from '../definition.js';
import { lowerCaseFolding } from '../identifier-folding.js';
import { athenaAnalytics } from './analytics-dialect.js';
import { athenaCapabilities } from './capabilities.js';
import { athenaStringLiteral } from './literals.js';

export const athenaDefinition: EngineDefinition<'athena'> = {
  type: 'athena',
  capabilities: athenaCapabilities,
  quoting: quotingWith(athenaStringLiteral),
  analytics: athenaAnalytics,
  foldIdentifier: lowerCaseFolding,
  databaseFile: () => undefined,
  // a Glue catalog entry per target schema (build-lock.ts)
  lockFile: () => undefined,
};
