{{ config(
    materialized='segment',
    segment={
        'rules': [
            {'column': 'last_checkout_at', 'within': '7 days'},
            {'column': 'has_open_checkout', 'op': '=', 'value': true}
        ],
        'identifiers': ['email_sha256', 'mobile_ad_id'],
        'consent': 'marketing_opt_in',
        'as_of': var('segment_as_of', none)
    }
) }}
-- Started a checkout in the last 7 days and has not ordered since: the cart-reminder audience.
select * from {{ ref('customer_features') }}
