-- One row per completed order. Revenue excludes shipping and tax, after discount (RudderStack e-commerce spec).
select
    order_id,
    id as event_id,
    anonymous_id,
    user_id,
    checkout_id,
    {{ money('revenue') }} as revenue,
    {{ money('shipping') }} as shipping,
    {{ money('tax') }} as tax,
    {{ money('discount') }} as discount,
    coupon,
    currency,
    cast(products_count as integer) as products_count,
    payment_method,
    cast(has_prescription_item as boolean) as has_prescription_item,
    cast(is_refill as boolean) as is_refill,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'order_completed')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
