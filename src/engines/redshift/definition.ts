import { quotingWith } from '../quoting.js';
import type { EngineDefinition } from '../definition.js';
import { lowerCaseFolding } from '../identifier-folding.js';
import { redshiftAnalytics } from './analytics-dialect.js';
import { redshiftCapabilities } from './capabilities.js';
import { redshiftStringLiteral } from './literals.js';

export const redshiftDefinition: EngineDefinition<'redshift'> = {
  type: 'redshift',
  capabilities: redshiftCapabilities,
  quoting: quotingWith(redshiftStringLiteral),
  analytics: redshiftAnalytics,
  foldIdentifier: lowerCaseFolding,
  databaseFile: () => undefined,
  // a row in keel_meta.keel_build_lock (build-lock.ts)
  lockFile: () => undefined,
};
