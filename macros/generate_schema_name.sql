{#-
  Schema a model is built in. Unlike dbt's default (target schema + "_" + custom), a custom schema is
  used verbatim: staging models land in `staging` in every target, which is what the dashboards query.
  Whitespace-controlled: the result is used as an identifier, so it must carry no spaces or newlines.
-#}
{%- macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name -%}
    {{- custom_schema_name | trim -}}
  {%- else -%}
    {{- target.schema -}}
  {%- endif -%}
{%- endmacro -%}
