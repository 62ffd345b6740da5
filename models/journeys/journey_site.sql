{{ config(
    materialized='journey',
    journey={
        'columns': {'timestamp': 'event_at', 'event_id': 'event_id', 'step': 'step'},
        'extra_ids': ['email_sha256'],
        'session_gap': '30 minutes',
        'landing_columns': ['page_path', 'utm_source', 'utm_medium', 'utm_campaign'],
        'max_path_steps': 40
    }
) }}
-- Site-wide visits: every page and track call of the web shop, stitched across devices.
-- Identify calls add no step (step is NULL): they only link devices and hashed emails to users.
select event_id, anonymous_id, user_id, event as step, event_at, page_path,
       utm_source, utm_medium, utm_campaign, cast(null as varchar) as email_sha256
from {{ ref('stg_tracks') }}
union all
select event_id, anonymous_id, user_id, 'page:' || coalesce(page_name, 'unknown') as step, event_at, page_path,
       utm_source, utm_medium, utm_campaign, cast(null as varchar) as email_sha256
from {{ ref('stg_pages') }}
union all
select identify_id as event_id, anonymous_id, user_id, cast(null as varchar) as step, event_at, cast(null as varchar) as page_path,
       cast(null as varchar) as utm_source, cast(null as varchar) as utm_medium, cast(null as varchar) as utm_campaign, email_sha256
from {{ ref('stg_identifies') }}
