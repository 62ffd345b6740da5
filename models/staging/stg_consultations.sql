select
    consultation_id,
    id as event_id,
    anonymous_id,
    user_id,
    specialty,
    consultation_type,
    {{ money('fee') }} as fee,
    cast(scheduled_for as timestamp) as scheduled_for,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'consultation_booked')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
