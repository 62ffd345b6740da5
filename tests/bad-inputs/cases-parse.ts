import type { BadInput } from './case.js';
import { withProjectYml } from './case.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** The silently-wrong classes of issue 18 that are parse-time errors now. */
export const PARSE_CASES: BadInput[] = [
  // two nodes, one relation
  { class: 'duplicate relation', name: 'alias equal to another model', files: { 'models/a.sql': 'select 1 as x', 'models/b.sql': "{{ config(alias='a') }}\nselect 2 as x" }, args: ['build'], message: /Two nodes build the same relation main\.a: model 'a' \(models\/a\.sql\) and model 'b' \(models\/b\.sql\)/, file: 'models/b.sql' },
  { class: 'duplicate relation', name: 'file names differing only in case', files: { 'models/Orders.sql': 'select 1 as x', 'models/orders.sql': 'select 2 as x' }, args: ['build'], message: /same relation main\.orders: .*models\/Orders\.sql.*models\/orders\.sql/i, file: 'models/orders.sql' },
  { class: 'duplicate relation', name: 'a seed and a model of one name', files: { 'seeds/people.csv': 'id\n1\n', 'models/people.sql': 'select 1 as id' }, message: /seed 'people' \(seeds\/people\.csv\) and model 'people'/, file: 'models/people.sql' },
  { class: 'duplicate relation', name: 'an alias in the same custom schema', files: { 'models/a.sql': "{{ config(schema='s') }} select 1 as x", 'models/sub/b.sql': "{{ config(schema='S', alias='A') }} select 1 as x" }, message: /same relation main_S\.A/, file: 'models/sub/b.sql' },
  { class: 'duplicate relation', name: "a model named like a journey's id graph", files: { 'models/ev.sql': 'select 1 as x', 'models/j.sql': "{{ config(materialized='journey') }} select * from {{ ref('ev') }}", 'models/j_id_graph.sql': 'select 1 as x' }, message: /as its output j_id_graph/, file: 'models/j_id_graph.sql' },
  { class: 'duplicate relation', name: "a model named like a segment's history", files: { 'models/f.sql': 'select 1 as x', 'models/seg.sql': "{{ config(materialized='segment', segment={'rules': []}) }} select * from {{ ref('f') }}", 'models/seg_history.sql': 'select 1 as x' }, message: /as its output seg_history/, file: 'models/seg_history.sql' },

  // a model is one query
  { class: 'several statements', name: 'select then create table', files: { 'models/a.sql': 'select 1 as a;\ncreate table x as select 1' }, args: ['build'], message: /model has more than one SQL statement/, file: 'models/a.sql', line: 2 },
  { class: 'several statements', name: 'second statement after comments', files: { 'models/a.sql': "-- header; not code\nselect ';' as a /* ; */;\n\n\ndrop table y" }, message: /more than one SQL statement/, file: 'models/a.sql', line: 5 },
  { class: 'several statements', name: 'after a templated config', files: { 'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as a;\nselect 2 as b;" }, message: /more than one SQL statement/, file: 'models/a.sql', line: 3 },
  { class: 'several statements', name: 'in a singular test', files: { 'models/a.sql': 'select 1 as a', 'tests/t.sql': "select * from {{ ref('a') }} where a < 0; delete from a" }, message: /test has more than one SQL statement/, file: 'tests/t.sql', line: 1 },

  // folders project.yml names
  { class: 'missing folder', name: 'model-paths', files: { 'project.yml': withProjectYml('model-paths: [modles]\n'), 'models/a.sql': 'select 1 as a' }, args: ['build'], message: /model-paths: folder 'modles' does not exist/, file: 'project.yml', line: 7 },
  { class: 'missing folder', name: 'seed-paths, second entry', files: { 'project.yml': withProjectYml('seed-paths:\n  - seeds\n  - data\n'), 'seeds/s.csv': 'a\n1\n' }, message: /seed-paths: folder 'data' does not exist/, file: 'project.yml', line: 9 },
  { class: 'missing folder', name: 'macro-paths', files: { 'project.yml': withProjectYml('macro-paths: [macro]\n') }, message: /macro-paths: folder 'macro' does not exist/, file: 'project.yml', line: 7 },
  { class: 'missing folder', name: 'test-paths', files: { 'project.yml': withProjectYml('test-paths: [tests/sql]\n'), 'models/a.sql': 'select 1 as a' }, args: ['test'], message: /test-paths: folder 'tests\/sql' does not exist/, file: 'project.yml', line: 7 },

  // folder configs for folders that do not exist
  { class: 'missing folder', name: 'a misspelt folder in the models block', files: { 'project.yml': withProjectYml('models:\n  stagin:\n    +schema: staging\n'), 'models/staging/a.sql': 'select 1 as a' }, args: ['build'], message: /models\.stagin: no folder models\/stagin[\s\S]*Did you mean 'staging'/, file: 'project.yml', line: 8 },
  { class: 'missing folder', name: 'a nested folder in the seeds block', files: { 'project.yml': withProjectYml('seeds:\n  raw:\n    web:\n      +schema: web\n'), 'seeds/raw/web_app/s.csv': 'a\n1\n' }, message: /seeds\.raw\.web: no folder seeds\/raw\/web/, file: 'project.yml', line: 9 },

  // undefined values
  { class: 'undefined variable', name: 'a typo', files: { 'models/a.sql': 'select\n  {{ some_typo }} as a' }, args: ['build'], message: /'some_typo' is undefined/, file: 'models/a.sql', line: 2 },
  { class: 'undefined variable', name: 'target.database on DuckDB', files: { 'models/a.sql': "select '{{ target.database }}' as db" }, message: /'target\.database' is undefined/, file: 'models/a.sql', line: 1 },
  { class: 'undefined variable', name: 'inside a block', files: { 'models/a.sql': "{% if true %}\nselect {{ colum }} as a\n{% endif %}" }, message: /'colum' is undefined/, file: 'models/a.sql', line: 2 },
  { class: 'undefined variable', name: 'a macro argument not passed', files: { 'macros/m.sql': '{% macro cents(col) %}\n{{ col }} * 100\n{% endmacro %}', 'models/a.sql': 'select {{ cents() }} as a' }, message: /'col' is undefined/, file: 'macros/m.sql', line: 2 },
  { class: 'undefined variable', name: 'a member of a var', files: { 'project.yml': withProjectYml('vars:\n  cfg: {start: 1}\n'), 'models/a.sql': "select {{ var('cfg').strat }} as a" }, message: /'var\('cfg'\)\.strat' is undefined/, file: 'models/a.sql', line: 1 },

  // bytes that are not UTF-8
  { class: 'not UTF-8', name: 'a Latin-1 model', files: { 'models/a.sql': latin1("select\n 'caf\xe9' as a") }, args: ['build'], message: /not valid UTF-8: byte 0xe9 at byte offset 12/, file: 'models/a.sql', line: 2 },
  { class: 'not UTF-8', name: 'a property file', files: { 'models/a.sql': 'select 1 as a', 'models/p.yml': latin1('models:\n  - name: a\n    description: na\xefve\n') }, message: /not valid UTF-8: byte 0xef/, file: 'models/p.yml', line: 3 },
  { class: 'not UTF-8', name: 'a macro file', files: { 'macros/m.sql': latin1('{% macro m() %}\xa3{% endmacro %}') }, message: /not valid UTF-8: byte 0xa3 at byte offset 15/, file: 'macros/m.sql', line: 1 },
  { class: 'not UTF-8', name: 'project.yml', files: { 'project.yml': Buffer.concat([Buffer.from(withProjectYml('vars:\n  owner: ')), latin1('J\xfcrgen\n')]) }, message: /not valid UTF-8: byte 0xfc/, file: 'project.yml', line: 8 },

  // test configs known wrong at parse time
  { class: 'invalid test config', name: 'accepted_values: {}', files: { 'models/a.sql': "select 'x' as s", 'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: s\n        tests:\n          - accepted_values: {}\n' }, args: ['build'], message: /test 'accepted_values' needs the argument 'values'/, file: 'models/p.yml', line: 6 },
  { class: 'invalid test config', name: 'accepted_values with a string', files: { 'models/a.sql': "select 'x' as s", 'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: s\n        tests:\n          - accepted_values:\n              values: abc\n' }, message: /'values' must be a non-empty list/, file: 'models/p.yml', line: 6 },
  { class: 'invalid test config', name: 'relationships without field', files: { 'models/a.sql': 'select 1 as id', 'models/p.yml': "models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - relationships:\n              to: ref('a')\n" }, args: ['build'], message: /test 'relationships' needs the argument 'field'/, file: 'models/p.yml', line: 6 },
  { class: 'invalid test config', name: 'error_if: lots', files: { 'models/a.sql': 'select 1 as id', 'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - not_null:\n              error_if: lots\n' }, args: ['build'], message: /error_if.*must be a comparison/, file: 'models/p.yml', line: 6 },
  { class: 'invalid test config', name: 'warn_if in project.yml', files: { 'project.yml': withProjectYml('tests:\n  +warn_if: many\n'), 'models/a.sql': 'select 1 as id' }, message: /warn_if.*must be a comparison/, file: 'project.yml', line: 8 },
  { class: 'invalid test config', name: 'not_null without a column', files: { 'models/a.sql': 'select 1 as id', 'models/p.yml': 'models:\n  - name: a\n    tests:\n      - not_null\n' }, args: ['build'], message: /test 'not_null' needs the argument 'column_name'/, file: 'models/p.yml', line: 4 },
  { class: 'invalid test config', name: 'a misspelt argument', files: { 'models/a.sql': 'select 1 as id', 'models/p.yml': "models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - relationships:\n              to: ref('a')\n              feild: id\n" }, message: /needs the argument 'field'|has no argument 'feild'/, file: 'models/p.yml', line: 6 },
  { class: 'invalid test config', name: "a project test macro's argument missing", files: { 'macros/t.sql': '{% test positive(model, column_name, strict) %}\nselect * from {{ model }} where {{ column_name }} < 0\n{% endtest %}', 'models/a.sql': 'select 1 as id', 'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [positive]\n' }, message: /test 'positive' needs the argument 'strict'/, file: 'models/p.yml', line: 5 },

  // configs keel does not do
  { class: 'unsupported config', name: 'store_failures on a test', files: { 'models/a.sql': 'select 1 as id', 'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - unique:\n              store_failures: true\n' }, args: ['build'], message: /not supported by keel: store_failures/, file: 'models/p.yml', line: 6 },
  { class: 'unsupported config', name: '+store_failures in project.yml', files: { 'project.yml': withProjectYml('tests:\n  +store_failures: true\n') }, message: /not supported by keel: store_failures/, file: 'project.yml', line: 8 },
  { class: 'unsupported config', name: 'quote: false on a column', files: { 'models/a.sql': 'select 1 as id', 'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        quote: false\n' }, args: ['build'], message: /not supported by keel: quote: false/, file: 'models/p.yml', line: 5 },
  { class: 'unsupported config', name: 'quote_columns on a seed', files: { 'project.yml': withProjectYml('seeds:\n  +quote_columns: true\n'), 'seeds/s.csv': 'a\n1\n' }, message: /not supported by keel: quote_columns/, file: 'project.yml', line: 8 },
  { class: 'unsupported config', name: 'a pre_hook in config()', files: { 'models/a.sql': "{{ config(pre_hook='grant select on x to y') }}\nselect 1 as a" }, message: /not supported by keel: pre_hook/, file: 'models/a.sql' },
  { class: 'unsupported config', name: 'docs in a property file', files: { 'models/a.sql': 'select 1 as a', 'models/p.yml': 'models:\n  - name: a\n    docs:\n      show: false\n' }, message: /not supported by keel: docs/, file: 'models/p.yml', line: 3 },
  { class: 'unsupported config', name: 'on_schema_change: append_new_columns', files: { 'models/a.sql': "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\nselect 1 as a" }, message: /on_schema_change.*only 'fail'/, file: 'models/a.sql' },

  // empty models
  { class: 'empty model', name: 'an empty file', files: { 'models/a.sql': '' }, args: ['build'], message: /model file is empty/, file: 'models/a.sql' },
  { class: 'empty model', name: 'only comments and a config', files: { 'models/a.sql': "{{ config(materialized='table') }}\n-- todo\n/* later */\n" }, message: /model file is empty/, file: 'models/a.sql' },

  // links in the project tree
  { class: 'symlink', name: 'a loop', files: { 'models/a.sql': 'select 1 as a' }, links: [['models/loop', 'loop']], message: /Symbolic link loop: models\/loop/, file: 'models/loop' },
  { class: 'symlink', name: 'a dangling link', files: { 'models/a.sql': 'select 1 as a' }, links: [['models/b.sql', 'gone.sql']], message: /Dangling symbolic link: models\/b\.sql -> gone\.sql/, file: 'models/b.sql' },
  { class: 'symlink', name: 'a folder linking to its parent', files: { 'models/sub/a.sql': 'select 1 as a' }, links: [['models/sub/up', '..']], message: /Symbolic link loop: models\/sub\/up points back/, file: 'models/sub/up' },
];
