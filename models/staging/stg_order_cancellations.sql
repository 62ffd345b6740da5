-- Cancellations come from the back office (server-side calls): user id only, no anonymous id or page.
select
    order_id,
    id as event_id,
    user_id,
    reason as cancel_reason,
    {{ money('refunded_amount') }} as refunded_amount,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'order_cancelled')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
