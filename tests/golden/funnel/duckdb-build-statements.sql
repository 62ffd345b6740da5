SELECT * FROM (
select * from main.events
) AS keel_events WHERE 1 = 0;

create table "main"."funnel__keel_tmp" as WITH keel_step_events AS (
  SELECT *
  FROM (
    SELECT
      CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("person_key" AS VARCHAR)) = '' THEN NULL ELSE "person_key" END AS keel_person,
      epoch_ms(CAST("event_at" AS TIMESTAMP)) AS keel_ms,
      CASE
        WHEN (event = 'page_viewed') THEN 1
        WHEN (event = 'product_viewed') THEN 2
      END AS keel_step,
      "device_type"
    FROM (
select * from main.events
    ) AS keel_events
  ) AS keel_tagged
  WHERE keel_step IS NOT NULL AND keel_person IS NOT NULL AND keel_ms IS NOT NULL
),
keel_gathered AS (
  SELECT
    keel_person,
    min(CASE WHEN keel_step = 1 THEN keel_ms END) AS keel_ms_1,
    list(keel_ms) FILTER (WHERE keel_step = 2) AS keel_list_2,
    struct_extract(min(struct_pack(k := keel_ms, v := "device_type")) FILTER (WHERE keel_step = 1), 'v') AS "device_type"
  FROM keel_step_events
  GROUP BY keel_person
),
keel_reach_1 AS (
  SELECT g.*, keel_ms_1 + 86400000 AS keel_deadline
  FROM keel_gathered AS g
  WHERE keel_ms_1 IS NOT NULL
),
keel_reach_2 AS (
  SELECT r.*, list_min(list_filter(keel_list_2, lambda keel_t: keel_t >= keel_ms_1 AND keel_t <= keel_deadline)) AS keel_ms_2
  FROM keel_reach_1 AS r
),
keel_reached AS (
  SELECT keel_person, keel_ms_1, keel_ms_2, "device_type"
  FROM keel_reach_2
),
keel_furthest AS (
  SELECT r.*, CASE WHEN keel_ms_2 IS NULL THEN 1 ELSE 2 END AS keel_furthest
  FROM keel_reached AS r
)
SELECT
  keel_person AS "person_key",
  "device_type",
  keel_furthest AS furthest_step,
  CASE keel_furthest WHEN 1 THEN 'browsed' WHEN 2 THEN 'viewed' END AS furthest_step_name,
  CASE WHEN keel_furthest = 2 THEN TRUE ELSE FALSE END AS converted,
  epoch_ms(CAST(keel_ms_1 AS BIGINT)) AS "browsed_at",
  CASE WHEN keel_furthest >= 2 THEN epoch_ms(CAST(keel_ms_2 AS BIGINT)) END AS "viewed_at",
  CASE WHEN keel_furthest = 2 THEN CAST(keel_ms_2 - keel_ms_1 AS DOUBLE) / 1000 END AS seconds_to_convert
FROM keel_furthest;

select count(*) as "n" from "main"."funnel__keel_tmp" as "t";

create table "main"."funnel__steps__keel_tmp" as WITH keel_step_names AS (
  SELECT 1 AS step_number, 'browsed' AS step_name
  UNION ALL
  SELECT 2 AS step_number, 'viewed' AS step_name
),
keel_person_steps AS (
  SELECT
    CAST(date_trunc('day', p."browsed_at") AS DATE) AS period,
    p."device_type",
    n.step_number,
    n.step_name,
    CASE WHEN p.furthest_step >= n.step_number THEN 1 END AS keel_reached,
    CASE WHEN p.furthest_step >= n.step_number THEN CASE n.step_number WHEN 2 THEN date_diff('millisecond', p."browsed_at", p."viewed_at") END END AS keel_ms_from_previous
  FROM "main"."funnel__keel_tmp" AS p
  CROSS JOIN keel_step_names AS n
),
keel_counts AS (
  SELECT period, "device_type", step_number, step_name,
    count(keel_reached) AS persons,
    median(CAST(keel_ms_from_previous AS DOUBLE)) AS keel_median_ms
  FROM keel_person_steps
  GROUP BY period, "device_type", step_number, step_name
)
SELECT
  period,
  "device_type",
  step_number,
  step_name,
  persons,
  CAST(persons AS DOUBLE) / first_value(persons) OVER (PARTITION BY period, "device_type" ORDER BY step_number ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS conversion_from_first,
  CAST(persons AS DOUBLE) / NULLIF(lag(persons) OVER (PARTITION BY period, "device_type" ORDER BY step_number), 0) AS conversion_from_previous,
  keel_median_ms / 1000 AS median_seconds_from_previous
FROM keel_counts;

alter table "main"."funnel" rename to "funnel__keel_backup";

alter table "main"."funnel__keel_tmp" rename to "funnel";

drop table if exists "main"."funnel__keel_backup";

alter table "main"."funnel__steps" rename to "funnel__steps__keel_backup";

alter table "main"."funnel__steps__keel_tmp" rename to "funnel__steps";

drop table if exists "main"."funnel__steps__keel_backup";
