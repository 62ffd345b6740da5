{{ config(materialized='table') }}
-- One row per known person (user id): the features the segments' rules read, and the identifiers
-- an audience sync may export. person_key is the user id, which is also the journeys' person key
-- for every person with a login. Orders and checkouts after the segments' as_of are left out, so a
-- past as_of gives those features as they were then; traits (consent) and booking counts are current.
{% set as_of = var('segment_as_of', none) %}
{% set until = "cast('" ~ as_of ~ "' as timestamp)" if as_of else 'current_timestamp' %}
with orders as (
    select
        person_id,
        max(ordered_at) as last_order_at,
        max(case when has_prescription_item then ordered_at end) as last_rx_order_at,
        sum(case when is_refill then 1 else 0 end) as refill_orders
    from {{ ref('fct_orders') }}
    where not is_cancelled
      and ordered_at <= {{ until }}
    group by person_id
),

checkouts as (
    select user_id as person_id, max(event_at) as last_checkout_at
    from {{ ref('stg_checkouts') }}
    where event_at <= {{ until }}
    group by user_id
),

ad_ids as (
    -- the most recently seen phone that allows ad tracking
    select user_id as person_id, advertising_id as mobile_ad_id
    from (
        select user_id, advertising_id,
               row_number() over (partition by user_id order by first_seen_at desc, advertising_id) as recency
        from {{ ref('mobile_devices') }}
        where ad_tracking_enabled
    ) ranked
    where recency = 1
)

select
    customers.person_id as person_key,
    customers.email_sha256,
    ad_ids.mobile_ad_id,
    customers.marketing_opt_in,
    orders.last_order_at,
    orders.last_rx_order_at,
    coalesce(orders.refill_orders, 0) as refill_orders,
    checkouts.last_checkout_at,
    -- an order at or after the last checkout closed it
    case when checkouts.last_checkout_at is not null
          and (orders.last_order_at is null or orders.last_order_at < checkouts.last_checkout_at)
         then true else false end as has_open_checkout,
    customers.lab_tests_booked,
    customers.consultations_booked
from {{ ref('dim_customers') }} customers
left join orders on orders.person_id = customers.person_id
left join checkouts on checkouts.person_id = customers.person_id
left join ad_ids on ad_ids.person_id = customers.person_id
