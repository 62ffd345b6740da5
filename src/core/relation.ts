/** A warehouse relation; `database` is the catalog (Athena) or database (Redshift), absent on DuckDB. */
export interface Relation {
  database?: string;
  schema: string;
  identifier: string;
}

export type RelationType = 'table' | 'view';

export interface ExistingRelation extends Relation {
  type: RelationType;
}

export function relationKey(r: Relation): string {
  return [r.database, r.schema, r.identifier].filter(Boolean).join('.').toLowerCase();
}

export function withIdentifier(r: Relation, identifier: string): Relation {
  return { ...r, identifier };
}
