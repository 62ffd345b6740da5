-- One row per checkout_started; a visitor who goes back and forth starts several checkouts.
select
    checkout_id,
    id as event_id,
    anonymous_id,
    user_id,
    cart_id,
    {{ money('value') }} as cart_value,
    cast(products_count as integer) as products_count,
    cast(has_prescription_item as boolean) as has_prescription_item,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'checkout_started')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
