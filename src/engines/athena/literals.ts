import { ansiStringLiteral } from '../quoting.js';

/** Trino string literals have no backslash escapes: only a quote is doubled. */
export const athenaStringLiteral = ansiStringLiteral;
