-- One row per identify call: links an anonymous id (device) to a user id, with the traits sent.
-- No start_date filter: who is behind a device stays true however long ago it was learned.
select
    id as identify_id,
    anonymous_id,
    user_id,
    {{ normalize_email('email') }} as email,
    {{ hash_email('email') }} as email_sha256,
    phone,
    first_name,
    city,
    state,
    country,
    cast(marketing_opt_in as boolean) as marketing_opt_in,
    {{ event_time_columns() }}
from {{ first_delivery(source('web_app', 'identifies')) }}
