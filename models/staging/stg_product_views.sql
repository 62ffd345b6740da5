select
    id as event_id,
    anonymous_id,
    user_id,
    product_id,
    sku,
    category,
    {{ money('price') }} as price,
    cast(requires_prescription as boolean) as requires_prescription,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'product_viewed')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
