-- The shop's purchase funnel: browse, view a product, add to cart, check out, order, within 7
-- days of the first visit (config in funnels.yml). Every page and track call of the web shop;
-- anonymous calls count for the user who later identified on that device.
select
    coalesce(person_id, anonymous_id) as person_key,
    event,
    device_type,
    utm_source,
    event_at
from {{ ref('fct_events') }}
