-- One row per known person (user id), with the latest traits they sent and what they bought or booked.
with ranked_traits as (
    select
        user_id as person_id,
        email,
        email_sha256,
        phone,
        first_name,
        city,
        state,
        country,
        marketing_opt_in,
        row_number() over (partition by user_id order by event_at desc, identify_id desc) as recency
    from {{ ref('stg_identifies') }}
    where user_id is not null
),

identities as (
    select
        user_id as person_id,
        min(event_at) as first_identified_at,
        count(distinct anonymous_id) as devices_count
    from {{ ref('stg_identifies') }}
    where user_id is not null
    group by user_id
),

orders as (
    select
        person_id,
        count(*) as orders_count,
        sum(net_revenue) as lifetime_revenue,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from {{ ref('fct_orders') }}
    group by person_id
),

lab_tests as (
    select user_id as person_id, count(*) as lab_tests_booked
    from {{ ref('stg_lab_tests') }}
    group by user_id
),

consultations as (
    select user_id as person_id, count(*) as consultations_booked
    from {{ ref('stg_consultations') }}
    group by user_id
)

select
    traits.person_id,
    traits.email,
    traits.email_sha256,
    traits.phone,
    traits.first_name,
    traits.city,
    traits.state,
    traits.country,
    traits.marketing_opt_in,
    identities.first_identified_at,
    identities.devices_count,
    coalesce(orders.orders_count, 0) as orders_count,
    coalesce(orders.lifetime_revenue, 0) as lifetime_revenue,
    orders.first_order_at,
    orders.last_order_at,
    coalesce(lab_tests.lab_tests_booked, 0) as lab_tests_booked,
    coalesce(consultations.consultations_booked, 0) as consultations_booked
from ranked_traits traits
join identities on identities.person_id = traits.person_id
left join orders on orders.person_id = traits.person_id
left join lab_tests on lab_tests.person_id = traits.person_id
left join consultations on consultations.person_id = traits.person_id
where traits.recency = 1
