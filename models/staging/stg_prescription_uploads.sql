select
    prescription_id,
    id as event_id,
    anonymous_id,
    user_id,
    checkout_id,
    product_id,
    file_type,
    upload_source,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'prescription_uploaded')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
