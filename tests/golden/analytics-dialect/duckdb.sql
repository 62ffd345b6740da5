-- stringLiteral
'it''s \ here'
-- timestampLiteral
CAST('2025-01-01 10:00:00.250' AS TIMESTAMP)
-- addInterval day
(ts + INTERVAL (-7) DAY)
-- addInterval millisecond
(ts + INTERVAL (250) MILLISECOND)
-- diffMilliseconds
date_diff('millisecond', a, b)
-- dateOf
CAST(ts AS DATE)
-- md5Hex
md5(email)
-- orderedList
list(step ORDER BY ts, id)
-- orderedList filtered
list(step ORDER BY ts) FILTER (WHERE step IS NOT NULL)
-- listIsString
false
-- listDelimiter

-- firstValueIgnoreNulls
first_value(utm_source IGNORE NULLS) OVER (PARTITION BY session_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
-- interval 7 day
INTERVAL (7) DAY
-- interval 1500 millisecond
INTERVAL (1500) MILLISECOND
-- dateTrunc day
CAST(date_trunc('day', ts) AS DATE)
-- dateTrunc week
CAST(date_trunc('week', ts) AS DATE)
-- dateTrunc month
CAST(date_trunc('month', ts) AS DATE)
-- epochMillis
epoch_ms(ts)
-- epochSeconds
epoch(ts)
-- fromEpochMillis
epoch_ms(CAST(ms AS BIGINT))
-- median
median(CAST(x AS DOUBLE))
-- typeName string
VARCHAR
-- typeName double
DOUBLE
-- typeName timestamp
TIMESTAMP
-- supportsQualify
true
-- groupArrays
true
-- groupArrays.collect
list(ms) FILTER (WHERE step = 2)
-- groupArrays.minWhere
list_min(list_filter(times, lambda t: t >= start))
-- groupArrays.valueAtMinKey
struct_extract(min(struct_pack(k := ms, v := device)) FILTER (WHERE step = 1), 'v')
