{#- Emails arrive as typed (mixed case, stray spaces); compare and hash only the normalized form. -#}
{%- macro normalize_email(column) -%}
lower(trim({{ column }}))
{%- endmacro -%}
