import type { MacroSource } from '../compiler/macros.js';

/**
 * keel's generic tests, as test macros a project may override. A test's query returns the
 * failing rows; zero rows is a pass.
 */
export const BUILTIN_TESTS: MacroSource = {
  file: '<keel>/builtin_tests.sql',
  text: `
{% test unique(model, column_name) %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}

{% test not_null(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null
{% endtest %}

{% test accepted_values(model, column_name, values, quote=true) %}
select {{ column_name }} as value_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
  {%- for v in values -%}
    {% if quote %}{{ literal(v | string) }}{% else %}{{ v }}{% endif %}{% if not loop.last %}, {% endif %}
  {%- endfor -%}
  )
group by {{ column_name }}
{% endtest %}

{% test relationships(model, column_name, to, field) %}
select child.{{ column_name }} as from_field
from {{ model }} as child
left join {{ to }} as parent on child.{{ column_name }} = parent.{{ field }}
where child.{{ column_name }} is not null
  and parent.{{ field }} is null
{% endtest %}
`,
  // parsed on the first use of one (most compiles render no generic test); tests/compiler/builtin-macros checks the list
  macros: ['test_unique', 'test_not_null', 'test_accepted_values', 'test_relationships'],
};
