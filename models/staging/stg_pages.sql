-- One row per page call: the landing page carries the visit's UTM parameters and external referrer.
select
    id as event_id,
    anonymous_id,
    user_id,
    name as page_name,
    path as page_path,
    url as page_url,
    referrer,
    title,
    search,
    context_device_type as device_type,
    context_os_name as os_name,
    context_campaign_source as utm_source,
    context_campaign_medium as utm_medium,
    context_campaign_name as utm_campaign,
    context_campaign_term as utm_term,
    context_campaign_content as utm_content,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'pages')) }}
where cast("timestamp" as timestamp) >= cast('{{ var("start_date") }}' as timestamp)
