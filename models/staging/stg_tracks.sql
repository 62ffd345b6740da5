-- One row per track call of the web app, any event; properties live in the per-event models.
select
    id as event_id,
    anonymous_id,
    user_id,
    event,
    event_text,
    channel,
    context_device_type as device_type,
    context_os_name as os_name,
    context_page_path as page_path,
    context_campaign_source as utm_source,
    context_campaign_medium as utm_medium,
    context_campaign_name as utm_campaign,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'tracks')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
