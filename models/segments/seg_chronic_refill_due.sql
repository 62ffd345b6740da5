{{ config(
    materialized='segment',
    segment={
        'rules': [
            {'column': 'refill_orders', 'op': '>', 'value': 0},
            {'column': 'last_rx_order_at', 'within': '40 days'},
            {'column': 'last_rx_order_at', 'not_within': '21 days'}
        ],
        'identifiers': ['email_sha256', 'mobile_ad_id'],
        'consent': 'marketing_opt_in',
        'as_of': var('segment_as_of', none)
    }
) }}
-- Chronic-medication patients (they have reordered a prescription as a refill before) whose last
-- prescription order was 21 to 40 days ago: a monthly supply is about to run out.
select * from {{ ref('customer_features') }}
