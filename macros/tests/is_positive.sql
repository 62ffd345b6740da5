{#- Fails on every row whose value is zero or negative (NULLs pass: pair with not_null if needed). -#}
{% test is_positive(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} <= 0
{% endtest %}
