/** Data API JSON shapes of a result: Field values and ColumnMetadata, as the service sends them. */
export type Field = { isNull: true } | { booleanValue: boolean } | { longValue: number } | { doubleValue: number } | { stringValue: string };

export interface ColumnMetadata {
  name: string;
  label: string;
  typeName: string;
  nullable: number;
  isSigned: boolean;
  isCaseSensitive: boolean;
  isCurrency: boolean;
  precision: number;
  scale: number;
  length: number;
  schemaName: string;
  tableName: string;
}

/** PostgreSQL type OIDs PGlite reports → Redshift's type names (Redshift has no TEXT: it is VARCHAR). */
const TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'varchar',
  700: 'float4',
  701: 'float8',
  705: 'varchar',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'varchar',
};

/** Every value is read as PostgreSQL's text output and typed here, the way the Data API types it. */
export const TEXT_PARSERS: Record<number, (value: string) => string> = Object.fromEntries(
  [...Object.keys(TYPE_NAMES).map(Number), 17, 114, 3802, 1000, 1005, 1007, 1009, 1015, 1016, 1021, 1022, 1231].map((oid) => [oid, (v: string) => v]),
);

export function columnMetadata(field: { name: string; dataTypeID: number }): ColumnMetadata {
  const typeName = TYPE_NAMES[field.dataTypeID] ?? 'varchar';
  const numeric = ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'].includes(typeName);
  return {
    name: field.name,
    label: field.name,
    typeName,
    nullable: 1,
    isSigned: numeric,
    isCaseSensitive: typeName === 'varchar' || typeName === 'bpchar',
    isCurrency: false,
    precision: 0,
    scale: 0,
    length: 0,
    schemaName: '',
    tableName: '',
  };
}

/** Integers as longValue, floats as doubleValue, booleans as booleanValue; NUMERIC, dates, times and text as strings. */
export function toField(value: unknown, column: ColumnMetadata): Field {
  if (value === null || value === undefined) return { isNull: true };
  const text = String(value);
  switch (column.typeName) {
    case 'bool':
      return { booleanValue: text === 't' || text === 'true' };
    case 'int2':
    case 'int4':
    case 'int8':
      return { longValue: Number(text) };
    case 'float4':
    case 'float8':
      return { doubleValue: Number(text) };
    default:
      return { stringValue: text };
  }
}
