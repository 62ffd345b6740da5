-- Clicks on the monthly refill reminder email: lands on the refill page of the patient's medication.
select
    reminder_id,
    id as event_id,
    anonymous_id,
    user_id,
    product_id,
    sku,
    cast(days_since_last_order as integer) as days_since_last_order,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'refill_reminder_clicked')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
