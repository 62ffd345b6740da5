{{ config(
    materialized='segment',
    segment={
        'rules': [
            {'column': 'lab_tests_booked', 'op': '>', 'value': 0},
            {'column': 'consultations_booked', 'op': '=', 'value': 0}
        ],
        'identifiers': ['email_sha256', 'mobile_ad_id'],
        'consent': 'marketing_opt_in',
        'as_of': var('segment_as_of', none)
    }
) }}
-- Booked a lab test but never a doctor consultation: the audience for "talk to a doctor about your results".
select * from {{ ref('customer_features') }}
