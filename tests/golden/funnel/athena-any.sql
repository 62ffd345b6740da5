-- windows plan
WITH keel_step_events AS (
  SELECT *
  FROM (
    SELECT
      COALESCE(CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("user_id" AS VARCHAR)) = '' THEN NULL ELSE CAST("user_id" AS VARCHAR) END, CASE WHEN TRIM(BOTH chr(9) || chr(10) || chr(13) || ' ' FROM CAST("anonymous_id" AS VARCHAR)) = '' THEN NULL ELSE CAST("anonymous_id" AS VARCHAR) END) AS keel_person,
      date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', CAST(at_timezone(CAST("event_at" AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3))) AS keel_ms,
      CASE
        WHEN (event = 'Product Viewed' and requires_prescription) THEN 1
        WHEN (event = 'Checkout Started') THEN 2
        WHEN (event = 'Prescription Uploaded') THEN 3
        WHEN (event = 'Order Completed' and has_prescription_item) THEN 4
      END AS keel_step
    FROM (
select * from "analytics"."fct_events"
    ) AS keel_events
  ) AS keel_tagged
  WHERE keel_step IS NOT NULL AND keel_person IS NOT NULL AND keel_ms IS NOT NULL
),
keel_entered AS (
  SELECT e.*, min(CASE WHEN keel_step = 1 THEN keel_ms END) OVER (PARTITION BY keel_person) AS keel_ms_1
  FROM keel_step_events AS e
),
keel_in_window AS (
  SELECT *
  FROM keel_entered
  WHERE keel_ms_1 IS NOT NULL AND keel_ms >= keel_ms_1 AND keel_ms <= keel_ms_1 + 129600000
),
keel_reached AS (
  SELECT
    keel_person,
    min(keel_ms_1) AS keel_ms_1,
    min(CASE WHEN keel_step = 2 AND keel_ms >= keel_ms_1 THEN keel_ms END) AS keel_ms_2,
    min(CASE WHEN keel_step = 3 AND keel_ms >= keel_ms_1 THEN keel_ms END) AS keel_ms_3,
    min(CASE WHEN keel_step = 4 AND keel_ms >= keel_ms_1 THEN keel_ms END) AS keel_ms_4
  FROM keel_in_window
  GROUP BY keel_person
),
keel_furthest AS (
  SELECT r.*, CASE WHEN keel_ms_2 IS NULL THEN 1 WHEN keel_ms_3 IS NULL THEN 2 WHEN keel_ms_4 IS NULL THEN 3 ELSE 4 END AS keel_furthest
  FROM keel_reached AS r
)
SELECT
  keel_person AS "person_key",
  keel_furthest AS furthest_step,
  CASE keel_furthest WHEN 1 THEN 'viewed_rx' WHEN 2 THEN 'started_checkout' WHEN 3 THEN 'uploaded_rx' WHEN 4 THEN 'ordered' END AS furthest_step_name,
  CASE WHEN keel_furthest = 4 THEN TRUE ELSE FALSE END AS converted,
  date_add('millisecond', keel_ms_1, TIMESTAMP '1970-01-01 00:00:00') AS "viewed_rx_at",
  CASE WHEN keel_furthest >= 2 THEN date_add('millisecond', keel_ms_2, TIMESTAMP '1970-01-01 00:00:00') END AS "started_checkout_at",
  CASE WHEN keel_furthest >= 3 THEN date_add('millisecond', keel_ms_3, TIMESTAMP '1970-01-01 00:00:00') END AS "uploaded_rx_at",
  CASE WHEN keel_furthest >= 4 THEN date_add('millisecond', keel_ms_4, TIMESTAMP '1970-01-01 00:00:00') END AS "ordered_at",
  CASE WHEN keel_furthest = 4 THEN CAST(GREATEST(keel_ms_2, keel_ms_3, keel_ms_4) - keel_ms_1 AS DOUBLE) / 1000 END AS seconds_to_convert
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
    CAST(date_trunc('month', p."viewed_rx_at") AS DATE) AS period,
    n.step_number,
    n.step_name,
    CASE WHEN p.furthest_step >= n.step_number THEN 1 END AS keel_reached,
    CASE WHEN p.furthest_step >= n.step_number THEN CASE n.step_number WHEN 2 THEN date_diff('millisecond', p."viewed_rx_at", p."started_checkout_at") WHEN 3 THEN date_diff('millisecond', p."started_checkout_at", p."uploaded_rx_at") WHEN 4 THEN date_diff('millisecond', p."uploaded_rx_at", p."ordered_at") END END AS keel_ms_from_previous
  FROM "funnels"."rx_funnel" AS p
  CROSS JOIN keel_step_names AS n
),
keel_counts AS (
  SELECT period, step_number, step_name,
    count(keel_reached) AS persons,
    ((element_at(array_sort(array_agg(CAST(keel_ms_from_previous AS DOUBLE)) FILTER (WHERE keel_ms_from_previous IS NOT NULL)), (cardinality(array_sort(array_agg(CAST(keel_ms_from_previous AS DOUBLE)) FILTER (WHERE keel_ms_from_previous IS NOT NULL))) + 1) / 2) + element_at(array_sort(array_agg(CAST(keel_ms_from_previous AS DOUBLE)) FILTER (WHERE keel_ms_from_previous IS NOT NULL)), (cardinality(array_sort(array_agg(CAST(keel_ms_from_previous AS DOUBLE)) FILTER (WHERE keel_ms_from_previous IS NOT NULL))) + 2) / 2)) / 2) AS keel_median_ms
  FROM keel_person_steps
  GROUP BY period, step_number, step_name
)
SELECT
  period,
  step_number,
  step_name,
  persons,
  CAST(persons AS DOUBLE) / first_value(persons) OVER (PARTITION BY period ORDER BY step_number ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS conversion_from_first,
  CAST(persons AS DOUBLE) / NULLIF(lag(persons) OVER (PARTITION BY period ORDER BY step_number), 0) AS conversion_from_previous,
  keel_median_ms / 1000 AS median_seconds_from_previous
FROM keel_counts;
