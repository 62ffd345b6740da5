-- history, first build
SELECT CAST(NULL AS VARCHAR) AS "person_key", CAST(NULL AS TIMESTAMP) AS "entered_at", CAST(NULL AS TIMESTAMP) AS "exited_at", CAST(NULL AS VARCHAR) AS "exit_reason" WHERE 1 = 0;

-- history stamped after as_of
SELECT count(*) AS "later" FROM "analytics"."segments"."rx_lapsed_history" WHERE "entered_at" > CAST('2025-03-02 00:00:00.000' AS TIMESTAMP) OR "exited_at" > CAST('2025-03-02 00:00:00.000' AS TIMESTAMP);

-- candidates
SELECT
  CAST("candidate"."person_key" AS VARCHAR) AS "person_key",
  "candidate"."email_sha256" AS "email_sha256",
  "candidate"."mobile_ad_id" AS "mobile_ad_id",
  CASE WHEN ((CAST(at_timezone(CAST("candidate"."last_rx_order_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) > date_add('day', -90, CAST('2025-03-02 00:00:00.000' AS TIMESTAMP)) AND CAST(at_timezone(CAST("candidate"."last_rx_order_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) <= CAST('2025-03-02 00:00:00.000' AS TIMESTAMP)) AND ("candidate"."last_order_at" IS NULL OR NOT (CAST(at_timezone(CAST("candidate"."last_order_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) > date_add('day', -30, CAST('2025-03-02 00:00:00.000' AS TIMESTAMP)) AND CAST(at_timezone(CAST("candidate"."last_order_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) <= CAST('2025-03-02 00:00:00.000' AS TIMESTAMP))) AND (("candidate"."orders" >= 2) OR ("candidate"."segment" = 'o''clock') OR ("candidate"."vip" = TRUE)) AND (NOT COALESCE(("candidate"."last_cancel_at" > "candidate"."last_order_at"), FALSE)) AND ("candidate"."email_sha256" IS NOT NULL) AND (lifetime_revenue > 0)) THEN TRUE ELSE FALSE END AS "rule_holds",
  CASE WHEN COALESCE("candidate"."marketing_opt_in", FALSE) THEN TRUE ELSE FALSE END AS "consent_given"
FROM (
select * from "analytics"."marts"."customer_features"
) "candidate"
WHERE "candidate"."person_key" IS NOT NULL AND NOT TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("candidate"."person_key" AS VARCHAR)) = '';

-- duplicate keys
SELECT count(*) - count(DISTINCT "person_key") AS "duplicates" FROM "analytics"."segments"."rx_lapsed__keel_candidates";

-- members
SELECT
  c."person_key",
  c."email_sha256",
  c."mobile_ad_id",
  COALESCE(h."entered_at", CAST('2025-03-02 00:00:00.000' AS TIMESTAMP)) AS "entered_at",
  CAST('2025-03-02 00:00:00.000' AS TIMESTAMP) AS "as_of"
FROM "analytics"."segments"."rx_lapsed__keel_candidates" c
LEFT JOIN "analytics"."segments"."rx_lapsed_history" h ON h."person_key" = c."person_key" AND h."exited_at" IS NULL
WHERE c."rule_holds" AND c."consent_given";

-- changes
SELECT
  CAST('2025-03-02 00:00:00.000' AS TIMESTAMP) AS "as_of",
  'added' AS "change",
  m."person_key",
  m."email_sha256",
  m."mobile_ad_id",
  CAST(NULL AS VARCHAR) AS "reason"
FROM "analytics"."segments"."rx_lapsed__keel_tmp" m
WHERE NOT EXISTS (SELECT 1 FROM "analytics"."segments"."rx_lapsed_history" h WHERE h."person_key" = m."person_key" AND h."exited_at" IS NULL)
UNION ALL
SELECT
  CAST('2025-03-02 00:00:00.000' AS TIMESTAMP),
  'removed',
  h."person_key",
  o."email_sha256",
  NULL,
  CASE WHEN c."person_key" IS NOT NULL AND NOT c."consent_given" THEN 'consent_withdrawn' ELSE 'rule' END
FROM "analytics"."segments"."rx_lapsed_history" h
LEFT JOIN "analytics"."segments"."rx_lapsed" o ON o."person_key" = h."person_key"
LEFT JOIN "analytics"."segments"."rx_lapsed__keel_candidates" c ON c."person_key" = h."person_key"
WHERE h."exited_at" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "analytics"."segments"."rx_lapsed__keel_tmp" m WHERE m."person_key" = h."person_key");

-- history update 1
UPDATE "analytics"."segments"."rx_lapsed_history"
SET "exited_at" = CAST('2025-03-02 00:00:00.000' AS TIMESTAMP), "exit_reason" = 'rule'
WHERE "exited_at" IS NULL AND "person_key" IN (
  SELECT "person_key" FROM "analytics"."segments"."rx_lapsed_changes__keel_tmp" WHERE "change" = 'removed' AND "reason" = 'rule'
);

-- history update 2
UPDATE "analytics"."segments"."rx_lapsed_history"
SET "exited_at" = CAST('2025-03-02 00:00:00.000' AS TIMESTAMP), "exit_reason" = 'consent_withdrawn'
WHERE "exited_at" IS NULL AND "person_key" IN (
  SELECT "person_key" FROM "analytics"."segments"."rx_lapsed_changes__keel_tmp" WHERE "change" = 'removed' AND "reason" = 'consent_withdrawn'
);

-- history update 3
INSERT INTO "analytics"."segments"."rx_lapsed_history" ("person_key", "entered_at", "exited_at", "exit_reason")
SELECT "person_key", CAST('2025-03-02 00:00:00.000' AS TIMESTAMP), CAST(NULL AS TIMESTAMP), CAST(NULL AS VARCHAR) FROM "analytics"."segments"."rx_lapsed_changes__keel_tmp" WHERE "change" = 'added';
