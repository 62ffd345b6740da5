import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

/**
 * keel's times are UTC whatever the machine's zone. The calls carry TIMESTAMPTZ times; builds run
 * as child processes with TZ set (DuckDB takes its default TimeZone from it), the zone changing
 * between builds: midnight splits, an incremental build's lookback and a segment's as_of window
 * must come out as in UTC.
 */
const CALLS = `{{ config(materialized='table') }}
select * from (values
  ('e01', 'A1', 'U1', 'a', timestamptz '2025-01-10 23:40:00+00'),
  ('e02', 'A1', 'U1', 'b', timestamptz '2025-01-10 23:55:00+00'),
  ('e03', 'A1', 'U1', 'c', timestamptz '2025-01-11 00:05:00+00'),
  ('e04', 'A2', 'U2', 'x', timestamptz '2025-01-11 01:00:00+00'),
  ('e05', 'A2', 'U2', 'y', timestamptz '2025-01-11 01:20:00+00'),
  ('e06', 'A1', 'U1', 'd', timestamptz '2025-01-11 00:30:00+00')
) as t(id, anonymous_id, user_id, event, "timestamp")
{% if var('batch') == 1 %}where id <= 'e04'{% endif %}
`;
const JOURNEY = `{{ config(materialized='journey', journey={'split_at_midnight': true}) }}
select * from {{ ref('calls') }}
`;
// U1's last call is at 00:30 UTC: within the hour before 01:00 UTC
const SEGMENT = `{{ config(materialized='segment', segment={'rules': [{'column': 'last_seen_at', 'within': '1 hour'}], 'as_of': '2025-01-11 01:00'}) }}
select user_id as person_key, max("timestamp") as last_seen_at from {{ ref('calls') }} group by 1
`;

const SESSIONS = `select person_key, cast(session_start as varchar) as session_start, cast(session_end as varchar) as session_end, path
  from main.journey order by person_key, session_start`;

describe('journeys and segments in UTC whatever the machine time zone', () => {
  it('splits at UTC midnight, builds incrementally across a zone change as a UTC full refresh does, and evaluates as_of in UTC', async () => {
    const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, 'models/calls.sql': CALLS, 'models/journey.sql': JOURNEY, 'models/active.sql': SEGMENT });
    const db = join(p.dir, 'target/t.duckdb');
    const build = (tz: string, batch: number, ...flags: string[]) => {
      const r = keel(['build', '--vars', `{batch: ${batch}}`, ...flags], p.dir, { TZ: tz });
      expect(r.code, `${tz}: ${r.stdout}${r.stderr}`).toBe(0);
    };

    build('America/New_York', 1);
    expect(await queryDuckDB(db, SESSIONS)).toEqual([
      { person_key: 'U1', session_start: '2025-01-10 23:40:00', session_end: '2025-01-10 23:55:00', path: ['a', 'b'] },
      { person_key: 'U1', session_start: '2025-01-11 00:05:00', session_end: '2025-01-11 00:05:00', path: ['c'] },
      { person_key: 'U2', session_start: '2025-01-11 01:00:00', session_end: '2025-01-11 01:00:00', path: ['x'] },
    ]);

    build('Asia/Kolkata', 2);
    const expected = [
      { person_key: 'U1', session_start: '2025-01-10 23:40:00', session_end: '2025-01-10 23:55:00', path: ['a', 'b'] },
      { person_key: 'U1', session_start: '2025-01-11 00:05:00', session_end: '2025-01-11 00:30:00', path: ['c', 'd'] },
      { person_key: 'U2', session_start: '2025-01-11 01:00:00', session_end: '2025-01-11 01:20:00', path: ['x', 'y'] },
    ];
    expect(await queryDuckDB(db, SESSIONS)).toEqual(expected);
    expect(await queryDuckDB(db, 'select person_key from main.active order by 1')).toEqual([{ person_key: 'U1' }]);

    build('UTC', 2, '--full-refresh');
    expect(await queryDuckDB(db, SESSIONS)).toEqual(expected);
  });
});
