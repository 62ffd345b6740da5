import type { LogicalType } from '../statement-sql.js';
import { STANDARD_TYPES } from '../logical-types.js';

export const REDSHIFT_TYPES: Readonly<Record<LogicalType, string>> = {
  ...STANDARD_TYPES,
  // Redshift's VARCHAR without a length is VARCHAR(256); seeds hold free text (user agents, URLs)
  string: 'VARCHAR(65535)',
  double: 'DOUBLE PRECISION',
};
