-- One row per completed order, with its cancellation if any. net_revenue is 0 for cancelled orders.
select
    orders.order_id,
    orders.user_id as person_id,
    orders.checkout_id,
    orders.event_at as ordered_at,
    orders.revenue,
    orders.shipping,
    orders.tax,
    orders.discount,
    orders.coupon,
    orders.currency,
    orders.products_count,
    orders.payment_method,
    orders.has_prescription_item,
    orders.is_refill,
    case when cancellations.order_id is null then false else true end as is_cancelled,
    cancellations.event_at as cancelled_at,
    cancellations.cancel_reason,
    case when cancellations.order_id is null then orders.revenue else 0 end as net_revenue,
    row_number() over (partition by orders.user_id order by orders.event_at, orders.order_id) as order_number
from {{ ref('stg_orders') }} orders
left join {{ ref('stg_order_cancellations') }} cancellations
    on cancellations.order_id = orders.order_id
