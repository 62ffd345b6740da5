{#-
  Hex SHA-256 of the normalized email: the only form of an email that may leave the warehouse
  (audience syncs). DuckDB's sha256() returns lower-case hex; on Trino/Athena this becomes
  lower(to_hex(sha256(to_utf8(...)))) and on Redshift sha2(..., 256), hence a macro.
-#}
{%- macro hash_email(column) -%}
sha256({{ normalize_email(column) }})
{%- endmacro -%}
