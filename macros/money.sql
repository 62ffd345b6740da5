{#- Amounts in USD: an exact decimal so sums of cents do not drift (CSV loads them as DOUBLE). -#}
{%- macro money(column) -%}
cast({{ column }} as decimal(12, 2))
{%- endmacro -%}
