-- calls
SELECT
  CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("anonymous_id" AS VARCHAR)) = '' THEN NULL ELSE CAST("anonymous_id" AS VARCHAR) END AS "anonymous_id",
  CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("user_id" AS VARCHAR)) = '' THEN NULL ELSE CAST("user_id" AS VARCHAR) END AS "user_id",
  CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("email_sha256" AS VARCHAR)) = '' THEN NULL ELSE CAST("email_sha256" AS VARCHAR) END AS "extra_id_1",
  CAST(at_timezone(CAST("event_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) AS "event_at",
  CAST("event_id" AS VARCHAR) AS "event_id"
FROM (
select * from "analytics"."staging"."site_calls"
);

-- nodes
SELECT DISTINCT '0|user_id|' || "user_id" AS "node", "user_id" AS "id", 'user_id' AS "id_type"
FROM "analytics"."journeys"."journey_site__keel_calls" WHERE "user_id" IS NOT NULL
UNION ALL
SELECT DISTINCT '1|email_sha256|' || "extra_id_1" AS "node", "extra_id_1" AS "id", 'email_sha256' AS "id_type"
FROM "analytics"."journeys"."journey_site__keel_calls" WHERE "extra_id_1" IS NOT NULL
UNION ALL
SELECT DISTINCT '2|anonymous_id|' || "anonymous_id" AS "node", "anonymous_id" AS "id", 'anonymous_id' AS "id_type"
FROM "analytics"."journeys"."journey_site__keel_calls" WHERE "anonymous_id" IS NOT NULL;

-- edges
WITH "anchored" AS (
  SELECT "anonymous_id", "user_id", "extra_id_1", "event_at", "event_id", CASE WHEN "user_id" IS NOT NULL THEN '0|user_id|' || "user_id" WHEN "extra_id_1" IS NOT NULL THEN '1|email_sha256|' || "extra_id_1" END AS "anchor"
  FROM "analytics"."journeys"."journey_site__keel_calls"
),
"strong_links" AS (
  SELECT "anchor" AS "a", "anchor" AS "b" FROM "anchored" WHERE "anchor" IS NOT NULL
  UNION ALL
  SELECT "anchor", '1|email_sha256|' || "extra_id_1" FROM "anchored" WHERE "extra_id_1" IS NOT NULL
),
"device_links" AS (
  SELECT "device", "anchor" FROM (
    SELECT '2|anonymous_id|' || "anonymous_id" AS "device", "anchor",
      row_number() OVER (PARTITION BY "anonymous_id" ORDER BY "event_at", "event_id", "anchor") AS "link_rank"
    FROM "anchored"
    WHERE "anonymous_id" IS NOT NULL AND "anchor" IS NOT NULL
  ) "ranked"
  WHERE "link_rank" = 1
),
"devices" AS (
  SELECT DISTINCT '2|anonymous_id|' || "anonymous_id" AS "device" FROM "analytics"."journeys"."journey_site__keel_calls" WHERE "anonymous_id" IS NOT NULL
),
"all_edges" AS (
  SELECT "a" AS "src", "b" AS "dst" FROM "strong_links"
  UNION ALL
  SELECT "b", "a" FROM "strong_links"
  UNION ALL
  SELECT "b", "b" FROM "strong_links"
  UNION ALL
  SELECT "device", "anchor" FROM "device_links"
  UNION ALL
  SELECT "anchor", "device" FROM "device_links"
  UNION ALL
  SELECT "device", "device" FROM "devices"
)
SELECT DISTINCT "src", "dst" FROM "all_edges";

-- labels, round 0
SELECT "src" AS "node", min("dst") AS "label" FROM "analytics"."journeys"."journey_site__keel_edges" GROUP BY "src";

-- labels, next round
WITH "nearest" AS (
  SELECT e."src" AS "node", min(l."label") AS "label"
  FROM "analytics"."journeys"."journey_site__keel_edges" e
  JOIN "analytics"."journeys"."journey_site__keel_labels_0" l ON l."node" = e."dst"
  GROUP BY e."src"
),
"tree_min" AS (
  SELECT o."label" AS "root", min(n."label") AS "label"
  FROM "analytics"."journeys"."journey_site__keel_labels_0" o
  JOIN "nearest" n ON n."node" = o."node"
  GROUP BY o."label"
),
"hooked" AS (
  SELECT l."node", t."label"
  FROM "analytics"."journeys"."journey_site__keel_labels_0" l
  JOIN "tree_min" t ON t."root" = l."label"
)
SELECT h."node", j."label"
FROM "hooked" h
JOIN "hooked" j ON j."node" = h."label";

-- links between labels
SELECT count(*) AS "unsettled"
FROM "analytics"."journeys"."journey_site__keel_edges" e
JOIN "analytics"."journeys"."journey_site__keel_labels_1" a ON a."node" = e."src"
JOIN "analytics"."journeys"."journey_site__keel_labels_1" b ON b."node" = e."dst"
WHERE a."label" <> b."label";

-- id graph
SELECT n."id", n."id_type", p."id" AS "person_key"
FROM "analytics"."journeys"."journey_site__keel_labels_1" l
JOIN "analytics"."journeys"."journey_site__keel_nodes" n ON n."node" = l."node"
JOIN "analytics"."journeys"."journey_site__keel_nodes" p ON p."node" = l."label";

-- sessions (full refresh)
WITH "events" AS (
  SELECT
    COALESCE("g_user"."person_key", "g_extra_1"."person_key", "g_anonymous"."person_key") AS "person_key",
    CAST(at_timezone(CAST("journey_source"."event_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) AS "event_at",
    CAST("journey_source"."event_id" AS VARCHAR) AS "event_id",
    CAST("journey_source"."step" AS VARCHAR) AS "step",
    "journey_source"."page_path" AS "page_path",
    "journey_source"."utm_source" AS "utm_source"
  FROM (
  select * from "analytics"."staging"."site_calls"
  ) "journey_source"
  LEFT JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" "g_user"
    ON "g_user"."id_type" = 'user_id' AND "g_user"."id" = CAST("journey_source"."user_id" AS VARCHAR)
  LEFT JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" "g_extra_1"
    ON "g_extra_1"."id_type" = 'email_sha256' AND "g_extra_1"."id" = CAST("journey_source"."email_sha256" AS VARCHAR)
  LEFT JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" "g_anonymous"
    ON "g_anonymous"."id_type" = 'anonymous_id' AND "g_anonymous"."id" = CAST("journey_source"."anonymous_id" AS VARCHAR)
  WHERE "journey_source"."step" IS NOT NULL
),
"flagged" AS (
  SELECT *, CASE WHEN lag("event_at") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id") IS NULL OR "event_at" > date_add('minute', 30, lag("event_at") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id")) OR CAST("event_at" AS DATE) <> CAST(lag("event_at") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id") AS DATE) THEN 1 ELSE 0 END AS "opens_session"
  FROM "events"
  WHERE "person_key" IS NOT NULL
),
"numbered" AS (
  SELECT *, sum("opens_session") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "session_number"
  FROM "flagged"
),
"ranked" AS (
  SELECT *,
    row_number() OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at", "event_id") AS "step_number",
    row_number() OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at" DESC, "event_id" DESC) AS "steps_to_end",
    first_value("page_path") IGNORE NULLS OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at", "event_id" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "landing__page_path",
    first_value("utm_source") IGNORE NULLS OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at", "event_id" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "landing__utm_source"
  FROM "numbered"
)
SELECT
  "person_key",
  lower(to_hex(md5(to_utf8("person_key" || '|' || max(CASE WHEN "step_number" = 1 THEN "event_id" END))))) AS "session_id",
  min("event_at") AS "session_start",
  max("event_at") AS "session_end",
  date_diff('millisecond', min("event_at"), max("event_at")) AS "duration_ms",
  count(*) AS "events_count",
  max(CASE WHEN "step_number" = 1 THEN "step" END) AS "entry_step",
  max(CASE WHEN "steps_to_end" = 1 THEN "step" END) AS "exit_step",
  array_agg("step" ORDER BY "event_at", "event_id") FILTER (WHERE "step_number" <= 40) AS "path",
  max("landing__page_path") AS "page_path",
  max("landing__utm_source") AS "utm_source"
FROM "ranked"
GROUP BY "person_key", "session_number";

-- incremental: bounds
SELECT CAST("t" AS VARCHAR) AS "last_event_at", CAST("keep_until" AS VARCHAR) AS "keep_until",
  CAST(least("since", COALESCE(min(CASE WHEN "session_end" >= "keep_until" THEN "session_start" END), "since")) AS VARCHAR) AS "read_from"
FROM "analytics"."journeys"."journey_site"
CROSS JOIN (SELECT max("session_end") AS "t", date_add('minute', -30, date_add('minute', -30, max("session_end"))) AS "keep_until", date_add('minute', -30, max("session_end")) AS "since" FROM "analytics"."journeys"."journey_site") "b"
GROUP BY "t", "keep_until", "since";

-- incremental: affected persons
SELECT o."person_key" FROM "analytics"."journeys"."journey_site_id_graph" o
JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" n ON n."id_type" = o."id_type" AND n."id" = o."id"
WHERE n."person_key" <> o."person_key"
UNION
SELECT n."person_key" FROM "analytics"."journeys"."journey_site_id_graph" o
JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" n ON n."id_type" = o."id_type" AND n."id" = o."id"
WHERE n."person_key" <> o."person_key";

-- incremental: kept session ends
SELECT "person_key", max("session_end") AS "kept_end"
FROM "analytics"."journeys"."journey_site"
WHERE "session_end" < CAST('2025-02-27 10:00:00.000' AS TIMESTAMP) AND "person_key" NOT IN (SELECT "person_key" FROM "analytics"."journeys"."journey_site__keel_affected")
GROUP BY "person_key";

-- incremental: sessions
WITH "events" AS (
  SELECT
    COALESCE("g_user"."person_key", "g_extra_1"."person_key", "g_anonymous"."person_key") AS "person_key",
    CAST(at_timezone(CAST("journey_source"."event_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) AS "event_at",
    CAST("journey_source"."event_id" AS VARCHAR) AS "event_id",
    CAST("journey_source"."step" AS VARCHAR) AS "step",
    "journey_source"."page_path" AS "page_path",
    "journey_source"."utm_source" AS "utm_source"
  FROM (
  select * from "analytics"."staging"."site_calls"
  ) "journey_source"
  LEFT JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" "g_user"
    ON "g_user"."id_type" = 'user_id' AND "g_user"."id" = CAST("journey_source"."user_id" AS VARCHAR)
  LEFT JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" "g_extra_1"
    ON "g_extra_1"."id_type" = 'email_sha256' AND "g_extra_1"."id" = CAST("journey_source"."email_sha256" AS VARCHAR)
  LEFT JOIN "analytics"."journeys"."journey_site_id_graph__keel_tmp" "g_anonymous"
    ON "g_anonymous"."id_type" = 'anonymous_id' AND "g_anonymous"."id" = CAST("journey_source"."anonymous_id" AS VARCHAR)
  LEFT JOIN "analytics"."journeys"."journey_site__keel_kept_ends" "kept" ON "kept"."person_key" = COALESCE("g_user"."person_key", "g_extra_1"."person_key", "g_anonymous"."person_key")
  WHERE "journey_source"."step" IS NOT NULL AND ((CAST(at_timezone(CAST("journey_source"."event_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) >= CAST('2025-02-27 09:12:00.000' AS TIMESTAMP) AND ("kept"."kept_end" IS NULL OR CAST(at_timezone(CAST("journey_source"."event_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) > "kept"."kept_end")) OR COALESCE("g_user"."person_key", "g_extra_1"."person_key", "g_anonymous"."person_key") IN (SELECT "person_key" FROM "analytics"."journeys"."journey_site__keel_affected"))
),
"flagged" AS (
  SELECT *, CASE WHEN lag("event_at") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id") IS NULL OR "event_at" > date_add('minute', 30, lag("event_at") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id")) OR CAST("event_at" AS DATE) <> CAST(lag("event_at") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id") AS DATE) THEN 1 ELSE 0 END AS "opens_session"
  FROM "events"
  WHERE "person_key" IS NOT NULL
),
"numbered" AS (
  SELECT *, sum("opens_session") OVER (PARTITION BY "person_key" ORDER BY "event_at", "event_id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "session_number"
  FROM "flagged"
),
"ranked" AS (
  SELECT *,
    row_number() OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at", "event_id") AS "step_number",
    row_number() OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at" DESC, "event_id" DESC) AS "steps_to_end",
    first_value("page_path") IGNORE NULLS OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at", "event_id" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "landing__page_path",
    first_value("utm_source") IGNORE NULLS OVER (PARTITION BY "person_key", "session_number" ORDER BY "event_at", "event_id" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "landing__utm_source"
  FROM "numbered"
)
SELECT
  "person_key",
  lower(to_hex(md5(to_utf8("person_key" || '|' || max(CASE WHEN "step_number" = 1 THEN "event_id" END))))) AS "session_id",
  min("event_at") AS "session_start",
  max("event_at") AS "session_end",
  date_diff('millisecond', min("event_at"), max("event_at")) AS "duration_ms",
  count(*) AS "events_count",
  max(CASE WHEN "step_number" = 1 THEN "step" END) AS "entry_step",
  max(CASE WHEN "steps_to_end" = 1 THEN "step" END) AS "exit_step",
  array_agg("step" ORDER BY "event_at", "event_id") FILTER (WHERE "step_number" <= 40) AS "path",
  max("landing__page_path") AS "page_path",
  max("landing__utm_source") AS "utm_source"
FROM "ranked"
GROUP BY "person_key", "session_number";

-- incremental: delete reopened
DELETE FROM "analytics"."journeys"."journey_site"
WHERE "session_end" >= CAST('2025-02-27 10:00:00.000' AS TIMESTAMP) OR "person_key" IN (SELECT "person_key" FROM "analytics"."journeys"."journey_site__keel_affected");
