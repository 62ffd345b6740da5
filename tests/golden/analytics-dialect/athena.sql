-- stringLiteral
'it''s \ here'
-- timestampLiteral
CAST('2025-01-01 10:00:00.250' AS TIMESTAMP)
-- addInterval day
date_add('day', -7, ts)
-- addInterval millisecond
date_add('millisecond', 250, ts)
-- diffMilliseconds
date_diff('millisecond', a, b)
-- dateOf
CAST(ts AS DATE)
-- md5Hex
lower(to_hex(md5(to_utf8(email))))
-- orderedList
array_agg(step ORDER BY ts, id)
-- orderedList filtered
array_agg(step ORDER BY ts) FILTER (WHERE step IS NOT NULL)
-- listIsString
false
-- listDelimiter

-- firstValueIgnoreNulls
first_value(utm_source) IGNORE NULLS OVER (PARTITION BY session_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
-- interval 7 day
INTERVAL '7' DAY
-- interval 1500 millisecond
INTERVAL '1.500' SECOND
-- dateTrunc day
CAST(date_trunc('day', ts) AS DATE)
-- dateTrunc week
CAST(date_trunc('week', ts) AS DATE)
-- dateTrunc month
CAST(date_trunc('month', ts) AS DATE)
-- epochMillis
date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', ts)
-- epochSeconds
(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', ts) AS DOUBLE) / 1000)
-- fromEpochMillis
date_add('millisecond', ms, TIMESTAMP '1970-01-01 00:00:00')
-- median
((element_at(array_sort(array_agg(CAST(x AS DOUBLE)) FILTER (WHERE x IS NOT NULL)), (cardinality(array_sort(array_agg(CAST(x AS DOUBLE)) FILTER (WHERE x IS NOT NULL))) + 1) / 2) + element_at(array_sort(array_agg(CAST(x AS DOUBLE)) FILTER (WHERE x IS NOT NULL)), (cardinality(array_sort(array_agg(CAST(x AS DOUBLE)) FILTER (WHERE x IS NOT NULL))) + 2) / 2)) / 2)
-- typeName string
VARCHAR
-- typeName double
DOUBLE
-- typeName timestamp
TIMESTAMP
-- supportsQualify
false
-- groupArrays
false
