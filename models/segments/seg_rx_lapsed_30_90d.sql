{{ config(
    materialized='segment',
    segment={
        'rules': [
            {'column': 'last_rx_order_at', 'within': '90 days'},
            {'column': 'last_order_at', 'not_within': '30 days'}
        ],
        'identifiers': ['email_sha256', 'mobile_ad_id'],
        'consent': 'marketing_opt_in',
        'as_of': var('segment_as_of', none)
    }
) }}
-- Ordered a prescription drug in the last 90 days and nothing at all in the last 30: win-back audience.
select * from {{ ref('customer_features') }}
