/** Column types across the three vocabularies: DuckDB's, Glue's (Hive), and Athena's result ColumnInfo. */

export interface DuckColumn {
  name: string;
  /** DuckDB's type text, e.g. VARCHAR, DECIMAL(12,2), INTEGER[] */
  type: string;
}

export function hiveType(duck: string): string {
  const t = duck.trim().toUpperCase();
  if (t.endsWith('[]')) return `array<${hiveType(t.slice(0, -2))}>`;
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  const simple: Record<string, string> = {
    VARCHAR: 'string',
    INTEGER: 'int',
    BIGINT: 'bigint',
    SMALLINT: 'smallint',
    TINYINT: 'tinyint',
    DOUBLE: 'double',
    FLOAT: 'float',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamp',
    BLOB: 'binary',
    HUGEINT: 'decimal(38,0)',
  };
  return simple[t] ?? 'string';
}

export function duckTypeFromHive(hive: string): string {
  const t = hive.trim().toLowerCase();
  const array = /^array<(.*)>$/.exec(t);
  if (array) return `${duckTypeFromHive(array[1]!)}[]`;
  if (t.startsWith('decimal')) return t.toUpperCase();
  const simple: Record<string, string> = {
    string: 'VARCHAR',
    varchar: 'VARCHAR',
    int: 'INTEGER',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    smallint: 'SMALLINT',
    tinyint: 'TINYINT',
    double: 'DOUBLE',
    float: 'FLOAT',
    real: 'FLOAT',
    boolean: 'BOOLEAN',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    binary: 'BLOB',
  };
  return simple[t] ?? 'VARCHAR';
}

/** Athena's ColumnInfo.Type for a DuckDB result type, with precision and scale for decimals. */
export function athenaColumnType(duck: string): { Type: string; Precision?: number; Scale?: number } {
  const t = duck.trim().toUpperCase();
  if (t.endsWith('[]')) return { Type: 'array' };
  if (t.startsWith('STRUCT')) return { Type: 'row' };
  if (t.startsWith('MAP')) return { Type: 'map' };
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return { Type: 'decimal', Precision: Number(decimal[1]), Scale: Number(decimal[2]) };
  const simple: Record<string, string> = {
    VARCHAR: 'varchar',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    SMALLINT: 'smallint',
    TINYINT: 'tinyint',
    DOUBLE: 'double',
    FLOAT: 'real',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
    TIME: 'time',
    INTERVAL: 'interval day to second',
    BLOB: 'varbinary',
    HUGEINT: 'decimal',
    UUID: 'uuid',
    JSON: 'json',
  };
  return { Type: simple[t] ?? 'varchar' };
}
