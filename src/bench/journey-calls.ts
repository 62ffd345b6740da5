/**
 * RudderStack-shaped calls for the journey bench, made by DuckDB itself (range() and hashing).
 *
 * Every person makes the same number of calls, in up to three visits on random days, from one to
 * three devices (anonymous ids). 60% of persons are customers: 40% of their calls carry their user
 * id, the others none or an empty one, as SDKs send before login. 5% of calls are identify calls
 * (no step); those of customers carry a hashed email, and 2% of customers share theirs with the
 * next account (a household), so some persons are chains of two accounts. `chain` plants one id
 * chain of that many links (accounts linked through shared emails): one-hop label propagation
 * would need a round per link.
 */
export function createCallsSql(table: string, events: number, persons: number, chain: number, blankPercent: number): string {
  const perPerson = `(${events} // ${persons})`;
  const chainCalls =
    chain > 0
      ? `UNION ALL
SELECT 'chain-' || i AS id, NULL AS anonymous_id, 'chain-u' || lpad(CAST((i + 1) // 2 AS VARCHAR), 6, '0') AS user_id,
  NULL AS event, TIMESTAMP '2025-01-01 00:00:00' + to_seconds(i) AS "timestamp", 'chain-e' || lpad(CAST(i // 2 AS VARCHAR), 6, '0') AS email_sha256
FROM range(${chain}) AS t(i)`
      : '';
  return `CREATE TABLE ${table} AS
WITH calls AS (
  SELECT i, i % ${persons} AS p, i // ${persons} AS q FROM range(${events}) AS t(i)
),
drawn AS (
  SELECT *,
    hash(p, 'customer') % 100 < 60 AS customer,
    1 + hash(p, 'devices') % 3 AS devices,
    q * 3 // ${perPerson} AS visit,
    hash(i, 'identify') % 100 < 5 AS identify,
    hash(i, 'login') % 100 < 40 AS logged_in
  FROM calls
)
SELECT
  'm' || i AS id,
  'a' || p || '-' || (hash(i, 'device') % devices) AS anonymous_id,
  CASE WHEN customer AND (logged_in OR identify) THEN 'u' || p WHEN hash(i, 'blank') % 100 < ${blankPercent} THEN '' END AS user_id,
  CASE WHEN identify THEN NULL
    ELSE ['page:Home', 'page:Search', 'product_viewed', 'product_added', 'checkout_started'][CAST(1 + hash(i, 'step') % 5 AS BIGINT)] END AS event,
  TIMESTAMP '2025-01-01 00:00:00'
    + to_seconds(CAST((hash(p, visit, 'day') % 60) * 86400 + hash(p, visit, 'second') % 80000 + q * 40 + hash(i, 'jitter') % 30 AS BIGINT)) AS "timestamp",
  CASE WHEN identify AND customer THEN md5('mail' || CASE WHEN hash(p, 'household') % 100 < 2 THEN p - p % 2 ELSE p END) END AS email_sha256
FROM drawn
${chainCalls}`;
}
