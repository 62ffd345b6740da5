{{ config(materialized='incremental', unique_key='event_id') }}
-- Every track and page call with the person behind it, for journeys and funnels.
-- Incremental on received_at, not on the event time: a call queued offline arrives hours after it
-- happened, and a filter on event time would skip it for good.
-- person_id of anonymous calls is resolved when the call is loaded; a later identify does not
-- rewrite it until a full refresh.
select
    calls.event_id,
    calls.event,
    calls.anonymous_id,
    calls.user_id,
    coalesce(calls.user_id, identity_map.person_id) as person_id,
    calls.channel,
    calls.device_type,
    calls.page_path,
    calls.utm_source,
    calls.utm_medium,
    calls.utm_campaign,
    calls.event_at,
    calls.received_at
from (
    select event_id, event, anonymous_id, user_id, channel, device_type, page_path,
           utm_source, utm_medium, utm_campaign, event_at, received_at
    from {{ ref('stg_tracks') }}
    union all
    select event_id, 'page_viewed' as event, anonymous_id, user_id, 'web' as channel, device_type, page_path,
           utm_source, utm_medium, utm_campaign, event_at, received_at
    from {{ ref('stg_pages') }}
) calls
left join {{ ref('int_identity_map') }} identity_map
    on identity_map.anonymous_id = calls.anonymous_id
{% if is_incremental() %}
where calls.received_at > (select max(received_at) from {{ this }})
{% endif %}
