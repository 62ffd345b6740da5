-- Revenue is after discount and before shipping/tax; a zero or negative amount means a broken price or coupon.
select *
from {{ ref('stg_orders') }}
where revenue <= 0
