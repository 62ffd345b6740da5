{#-
  Hex SHA-256 of the normalized email: the only form of an email that may leave the warehouse
  (audience syncs). Each engine spells it differently; all give lower-case hex.
-#}
{%- macro hash_email(column) -%}
{%- if target.type == 'redshift' -%}
sha2({{ normalize_email(column) }}, 256)
{%- elif target.type == 'athena' -%}
lower(to_hex(sha256(to_utf8({{ normalize_email(column) }}))))
{%- else -%}
sha256({{ normalize_email(column) }})
{%- endif -%}
{%- endmacro -%}
