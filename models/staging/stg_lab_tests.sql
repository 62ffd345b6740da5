select
    booking_id,
    id as event_id,
    anonymous_id,
    user_id,
    product_id,
    test_name,
    {{ money('price') }} as price,
    collection_type,
    cast(scheduled_for as timestamp) as scheduled_for,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'lab_test_booked')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
