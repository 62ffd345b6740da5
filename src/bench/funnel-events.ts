/**
 * RudderStack-shaped clickstream made by DuckDB itself (range() and hashing), so ten million
 * events take seconds rather than the sample generator's minutes.
 *
 * Activity is heavy-tailed, as in real shops: sessions per person follow a Pareto law (α = 1.5,
 * most persons come once or twice, a few hundred come daily; capped at 200 sessions). A session
 * is 8 calls and goes as deep as a per-session draw: 65% view products, 35% add to cart, 20%
 * check out, 10% order. Calls are ~45 s apart with up to a minute of jitter, so some arrive out
 * of order or tie; rows are shuffled so nothing is stored in person order.
 */
export const SESSION_CALLS = 8;
// E[floor(min(200, X))] for the Pareto below is about 2.47: a little fewer, and LIMIT trims the rest
const MEAN_SESSIONS = 2.4;
const MAX_SESSIONS = 200;
const DAYS = 60;

export function createEventsSql(table: string, events: number): string {
  const persons = Math.ceil(events / SESSION_CALLS / MEAN_SESSIONS);
  // u in (0, 1]: u^(-1/α) is Pareto with minimum 1
  const u = `(1 + hash(p, 'sessions') % 1000000) / 1000000.0`;
  return `CREATE TABLE ${table} AS
WITH persons AS (
  SELECT p, CAST(least(${MAX_SESSIONS}, floor(pow(${u}, -1 / 1.5))) AS BIGINT) AS sessions
  FROM range(${persons}) AS t(p)
),
calls AS (
  SELECT row_number() OVER () AS i, p, s, q
  FROM (SELECT p, s, q FROM persons, range(persons.sessions) AS t(s), range(${SESSION_CALLS}) AS u(q) ORDER BY p, s, q)
  LIMIT ${events}
),
drawn AS (
  SELECT *,
    hash(p, s, 'depth') % 100 AS depth_draw,
    hash(p, s, 'day') % ${DAYS} AS day,
    hash(p, s, 'second') % 86400 AS second_of_day
  FROM calls
)
SELECT
  'U' || lpad(CAST(p AS VARCHAR), 8, '0') AS person_key,
  CASE q
    WHEN 0 THEN 'page_viewed'
    WHEN 1 THEN CASE WHEN depth_draw >= 35 THEN 'product_viewed' ELSE 'page_viewed' END
    WHEN 2 THEN CASE WHEN depth_draw >= 35 THEN 'product_viewed' ELSE 'product_searched' END
    WHEN 3 THEN CASE WHEN depth_draw >= 65 THEN 'product_added' ELSE 'page_viewed' END
    WHEN 4 THEN CASE WHEN depth_draw >= 65 THEN 'product_viewed' ELSE 'page_viewed' END
    WHEN 5 THEN CASE WHEN depth_draw >= 65 THEN 'product_added' ELSE 'product_searched' END
    WHEN 6 THEN CASE WHEN depth_draw >= 80 THEN 'checkout_started' ELSE 'page_viewed' END
    ELSE CASE WHEN depth_draw >= 90 THEN 'order_completed' ELSE 'identify' END
  END AS event,
  TIMESTAMP '2025-01-01 00:00:00'
    + to_milliseconds(CAST((day * 86400 + second_of_day + q * 45) * 1000 + hash(i, 'jitter') % 60000 AS BIGINT)) AS event_at,
  ['desktop', 'mobile', 'tablet'][CAST(1 + hash(p, 'device') % 3 AS BIGINT)] AS device_type
FROM drawn
ORDER BY hash(i, 'shuffle')`;
}
