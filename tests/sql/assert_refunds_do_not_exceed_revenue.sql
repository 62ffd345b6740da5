-- A cancellation never refunds more than was paid for the order.
select
    cancellations.order_id,
    cancellations.refunded_amount,
    orders.revenue
from {{ ref('stg_order_cancellations') }} cancellations
join {{ ref('stg_orders') }} orders
    on orders.order_id = cancellations.order_id
where cancellations.refunded_amount > orders.revenue
