{{ config(materialized='ephemeral') }}
-- Which person is behind each anonymous id (device), learned from identify calls.
-- A shared device (one anonymous id, several user ids) goes to the first user who identified on it,
-- so every anonymous id maps to exactly one person. A subquery rather than a WITH: the compiler
-- inlines ephemeral models as CTEs, and Redshift does not allow a WITH inside one.
select
    anonymous_id,
    person_id
from (
    select
        anonymous_id,
        user_id as person_id,
        row_number() over (partition by anonymous_id order by event_at, user_id) as identify_rank
    from {{ ref('stg_identifies') }}
    where anonymous_id is not null
      and user_id is not null
) ranked
where identify_rank = 1
