{{ config(
    materialized='funnel',
    funnel={
        'steps': [
            {'name': 'viewed_rx_product', 'where': "event = 'product_viewed' and requires_prescription"},
            {'name': 'started_checkout', 'where': "event = 'checkout_started' and has_prescription_item"},
            {'name': 'uploaded_prescription', 'where': "event = 'prescription_uploaded'"},
            {'name': 'ordered', 'where': "event = 'order_completed' and has_prescription_item"}
        ],
        'window': '1 day',
        'order': 'strict',
        'timestamp': 'event_at',
        'grain': 'month'
    }
) }}
-- Prescription orders: a prescription-only product viewed, a checkout holding it, the prescription
-- uploaded and the order placed within a day. The steps test the events' properties, so the
-- events come from the staging models that carry them.
select
    coalesce(rx.user_id, identity_map.person_id, rx.anonymous_id) as person_key,
    rx.event,
    rx.requires_prescription,
    rx.has_prescription_item,
    rx.event_at
from (
    select anonymous_id, user_id, 'product_viewed' as event, requires_prescription,
           cast(null as boolean) as has_prescription_item, event_at
    from {{ ref('stg_product_views') }}
    union all
    select anonymous_id, user_id, 'checkout_started', cast(null as boolean), has_prescription_item, event_at
    from {{ ref('stg_checkouts') }}
    union all
    select anonymous_id, user_id, 'prescription_uploaded', cast(null as boolean), cast(null as boolean), event_at
    from {{ ref('stg_prescription_uploads') }}
    union all
    select anonymous_id, user_id, 'order_completed', cast(null as boolean), has_prescription_item, event_at
    from {{ ref('stg_orders') }}
) rx
left join {{ ref('int_identity_map') }} identity_map
    on identity_map.anonymous_id = rx.anonymous_id
