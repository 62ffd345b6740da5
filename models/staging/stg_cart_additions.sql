select
    id as event_id,
    anonymous_id,
    user_id,
    cart_id,
    product_id,
    sku,
    category,
    {{ money('price') }} as price,
    cast(quantity as integer) as quantity,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'product_added')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
