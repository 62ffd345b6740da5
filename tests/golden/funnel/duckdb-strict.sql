-- arrays plan
WITH keel_step_events AS (
  SELECT *
  FROM (
    SELECT
      CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("person_key" AS VARCHAR)) = '' THEN NULL ELSE "person_key" END AS keel_person,
      epoch_ms(CAST("event_at" AS TIMESTAMP)) AS keel_ms,
      CASE
        WHEN (event = 'Product Viewed' and requires_prescription) THEN 1
        WHEN (event = 'Checkout Started') THEN 2
        WHEN (event = 'Prescription Uploaded') THEN 3
        WHEN (event = 'Order Completed' and has_prescription_item) THEN 4
      END AS keel_step,
      "utm_source"
    FROM (
select * from "analytics"."fct_events"
    ) AS keel_events
  ) AS keel_tagged
  WHERE keel_step IS NOT NULL AND keel_person IS NOT NULL AND keel_ms IS NOT NULL
),
keel_gathered AS (
  SELECT
    keel_person,
    min(CASE WHEN keel_step = 1 THEN keel_ms END) AS keel_ms_1,
    list(keel_ms) FILTER (WHERE keel_step = 2) AS keel_list_2,
    list(keel_ms) FILTER (WHERE keel_step = 3) AS keel_list_3,
    list(keel_ms) FILTER (WHERE keel_step = 4) AS keel_list_4,
    struct_extract(min(struct_pack(k := keel_ms, v := "utm_source")) FILTER (WHERE keel_step = 1), 'v') AS "utm_source"
  FROM keel_step_events
  GROUP BY keel_person
),
keel_reach_1 AS (
  SELECT g.*, keel_ms_1 + 604800000 AS keel_deadline
  FROM keel_gathered AS g
  WHERE keel_ms_1 IS NOT NULL
),
keel_reach_2 AS (
  SELECT r.*, list_min(list_filter(keel_list_2, lambda keel_t: keel_t >= keel_ms_1 AND keel_t <= keel_deadline)) AS keel_ms_2
  FROM keel_reach_1 AS r
),
keel_reach_3 AS (
  SELECT r.*, list_min(list_filter(keel_list_3, lambda keel_t: keel_t >= keel_ms_2 AND keel_t <= keel_deadline)) AS keel_ms_3
  FROM keel_reach_2 AS r
),
keel_reach_4 AS (
  SELECT r.*, list_min(list_filter(keel_list_4, lambda keel_t: keel_t >= keel_ms_3 AND keel_t <= keel_deadline)) AS keel_ms_4
  FROM keel_reach_3 AS r
),
keel_reached AS (
  SELECT keel_person, keel_ms_1, keel_ms_2, keel_ms_3, keel_ms_4, "utm_source"
  FROM keel_reach_4
),
keel_furthest AS (
  SELECT r.*, CASE WHEN keel_ms_2 IS NULL THEN 1 WHEN keel_ms_3 IS NULL THEN 2 WHEN keel_ms_4 IS NULL THEN 3 ELSE 4 END AS keel_furthest
  FROM keel_reached AS r
)
SELECT
  keel_person AS "person_key",
  "utm_source",
  keel_furthest AS furthest_step,
  CASE keel_furthest WHEN 1 THEN 'viewed_rx' WHEN 2 THEN 'started_checkout' WHEN 3 THEN 'uploaded_rx' WHEN 4 THEN 'ordered' END AS furthest_step_name,
  CASE WHEN keel_furthest = 4 THEN TRUE ELSE FALSE END AS converted,
  epoch_ms(CAST(keel_ms_1 AS BIGINT)) AS "viewed_rx_at",
  CASE WHEN keel_furthest >= 2 THEN epoch_ms(CAST(keel_ms_2 AS BIGINT)) END AS "started_checkout_at",
  CASE WHEN keel_furthest >= 3 THEN epoch_ms(CAST(keel_ms_3 AS BIGINT)) END AS "uploaded_rx_at",
  CASE WHEN keel_furthest >= 4 THEN epoch_ms(CAST(keel_ms_4 AS BIGINT)) END AS "ordered_at",
  CASE WHEN keel_furthest = 4 THEN CAST(keel_ms_4 - keel_ms_1 AS DOUBLE) / 1000 END AS seconds_to_convert
FROM keel_furthest;

WITH keel_step_names AS (
  SELECT 1 AS step_number, 'viewed_rx' AS step_name
  UNION ALL
  SELECT 2 AS step_number, 'started_checkout' AS step_name
  UNION ALL
  SELECT 3 AS step_number, 'uploaded_rx' AS step_name
  UNION ALL
  SELECT 4 AS step_number, 'ordered' AS step_name
),
keel_person_steps AS (
  SELECT
    CAST(date_trunc('week', p."viewed_rx_at") AS DATE) AS period,
    p."utm_source",
    n.step_number,
    n.step_name,
    CASE WHEN p.furthest_step >= n.step_number THEN 1 END AS keel_reached,
    CASE WHEN p.furthest_step >= n.step_number THEN CASE n.step_number WHEN 2 THEN date_diff('millisecond', p."viewed_rx_at", p."started_checkout_at") WHEN 3 THEN date_diff('millisecond', p."started_checkout_at", p."uploaded_rx_at") WHEN 4 THEN date_diff('millisecond', p."uploaded_rx_at", p."ordered_at") END END AS keel_ms_from_previous
  FROM "funnels"."rx_funnel" AS p
  CROSS JOIN keel_step_names AS n
),
keel_counts AS (
  SELECT period, "utm_source", step_number, step_name,
    count(keel_reached) AS persons,
    median(CAST(keel_ms_from_previous AS DOUBLE)) AS keel_median_ms
  FROM keel_person_steps
  GROUP BY period, "utm_source", step_number, step_name
)
SELECT
  period,
  "utm_source",
  step_number,
  step_name,
  persons,
  CAST(persons AS DOUBLE) / first_value(persons) OVER (PARTITION BY period, "utm_source" ORDER BY step_number ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS conversion_from_first,
  CAST(persons AS DOUBLE) / NULLIF(lag(persons) OVER (PARTITION BY period, "utm_source" ORDER BY step_number), 0) AS conversion_from_previous,
  keel_median_ms / 1000 AS median_seconds_from_previous
FROM keel_counts;
