-- stringLiteral
'it''s \\ here'
-- timestampLiteral
CAST('2025-01-01 10:00:00.250' AS TIMESTAMP)
-- addInterval day
dateadd(day, -7, ts)
-- addInterval millisecond
dateadd(millisecond, 250, ts)
-- diffMilliseconds
datediff(millisecond, a, b)
-- dateOf
CAST(ts AS DATE)
-- md5Hex
md5(email)
-- orderedList
listagg(step, ' > ') WITHIN GROUP (ORDER BY ts, id)
-- orderedList filtered
listagg(CASE WHEN step IS NOT NULL THEN step END, ' > ') WITHIN GROUP (ORDER BY ts)
-- listIsString
true
-- listDelimiter
 > 
-- firstValueIgnoreNulls
first_value(utm_source IGNORE NULLS) OVER (PARTITION BY session_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
-- interval 7 day
INTERVAL '7 day'
-- interval 1500 millisecond
INTERVAL '1500 millisecond'
-- dateTrunc day
CAST(date_trunc('day', ts) AS DATE)
-- dateTrunc week
CAST(date_trunc('week', ts) AS DATE)
-- dateTrunc month
CAST(date_trunc('month', ts) AS DATE)
-- epochMillis
datediff(millisecond, TIMESTAMP '1970-01-01 00:00:00', ts)
-- epochSeconds
(CAST(datediff(millisecond, TIMESTAMP '1970-01-01 00:00:00', ts) AS DOUBLE PRECISION) / 1000)
-- fromEpochMillis
(TIMESTAMP '1970-01-01 00:00:00' + (ms) * INTERVAL '1 millisecond')
-- median
median(CAST(x AS DOUBLE PRECISION))
-- typeName string
VARCHAR(65535)
-- typeName double
DOUBLE PRECISION
-- typeName timestamp
TIMESTAMP
-- supportsQualify
true
-- groupArrays
false
