{{ config(
    materialized='journey',
    journey={
        'columns': {'timestamp': 'event_at', 'event_id': 'event_id', 'step': 'step'},
        'session_gap': '30 minutes',
        'split_at_midnight': true,
        'landing_columns': ['page_path', 'utm_source', 'utm_campaign'],
        'max_path_steps': 20
    }
) }}
-- Lab-test visits: lab-test pages and product views, bookings, and the doctor consultations a lab
-- result may lead to. Identify calls link the devices, as in journey_site, without adding steps.
select event_id, anonymous_id, user_id, event as step, event_at, page_path, utm_source, utm_campaign
from {{ ref('stg_tracks') }}
where event in ('lab_test_booked', 'consultation_booked')
   or (event = 'product_viewed' and page_path like '/lab-tests/%')
union all
select event_id, anonymous_id, user_id, 'page:' || coalesce(page_name, 'unknown') as step, event_at, page_path, utm_source, utm_campaign
from {{ ref('stg_pages') }}
where page_path like '/lab-tests%' or page_path like '/consultations%'
union all
select identify_id as event_id, anonymous_id, user_id, cast(null as varchar) as step, event_at,
       cast(null as varchar) as page_path, cast(null as varchar) as utm_source, cast(null as varchar) as utm_campaign
from {{ ref('stg_identifies') }}
