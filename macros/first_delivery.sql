{#-
  The rows of a RudderStack event table with each message once. Delivery is at least once: an SDK
  retrying a batch whose acknowledgement was lost sends the same message id again, and the
  warehouse loads both. The first delivery (by received_at) is kept. Dedupe happens before any
  filter on the event time, since a redelivery's corrected timestamp is later than the first's.
  Used as `from {{ first_delivery(source('web_app', 'pages')) }}`; the derived table has an alias,
  which Redshift requires.
-#}
{%- macro first_delivery(relation) -%}
(
    select * from (
        select
            delivered.*,
            row_number() over (
                partition by id
                order by cast(received_at as timestamp), cast(uuid_ts as timestamp)
            ) as delivery_number
        from {{ relation }} as delivered
    ) as numbered
    where delivery_number = 1
) as first_deliveries
{%- endmacro -%}
