{#-
  RudderStack's time fields, cast explicitly (CSV seeds and some warehouses hold them as text).
  `timestamp` is the device time corrected for clock skew, so it is the event time; `received_at`
  is when RudderStack got the call (late for queued offline calls); `uuid_ts` is the load time.
  "timestamp" is quoted because it is a reserved word on Trino and Redshift.
-#}
{%- macro event_time_columns() -%}
cast("timestamp" as timestamp) as event_at,
    cast(original_timestamp as timestamp) as original_at,
    cast(sent_at as timestamp) as sent_at,
    cast(received_at as timestamp) as received_at,
    cast(uuid_ts as timestamp) as loaded_at
{%- endmacro -%}
