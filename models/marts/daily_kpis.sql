{{ config(tags=['slow']) }}
-- Daily traffic and sales. Tagged slow: it scans every event, so CI runs exclude it (--exclude tag:slow).
with traffic as (
    select
        cast(event_at as date) as kpi_date,
        count(distinct coalesce(person_id, anonymous_id)) as visitors,
        sum(case when event = 'product_viewed' then 1 else 0 end) as product_views,
        sum(case when event = 'checkout_started' then 1 else 0 end) as checkouts_started
    from {{ ref('fct_events') }}
    group by cast(event_at as date)
),

sales as (
    select
        cast(ordered_at as date) as kpi_date,
        count(*) as orders,
        sum(case when is_cancelled then 0 else 1 end) as orders_kept,
        sum(net_revenue) as net_revenue
    from {{ ref('fct_orders') }}
    group by cast(ordered_at as date)
)

select
    traffic.kpi_date,
    traffic.visitors,
    traffic.product_views,
    traffic.checkouts_started,
    coalesce(sales.orders, 0) as orders,
    coalesce(sales.orders_kept, 0) as orders_kept,
    coalesce(sales.net_revenue, 0) as net_revenue,
    cast(coalesce(sales.orders, 0) as double precision) / traffic.visitors as orders_per_visitor
from traffic
left join sales on sales.kpi_date = traffic.kpi_date
