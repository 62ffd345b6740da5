import type { BadInput } from './case.js';
import { withProjectYml } from './case.js';

const props = (body: string) => ({ 'models/a.sql': 'select 1 as id', 'models/p.yml': body });

/** Bad inputs keel already refused or refuses more clearly now: templates, YAML, configs, refs, project.yml. */
export const OTHER_CASES: BadInput[] = [
  // template syntax
  {
    class: 'template syntax',
    name: 'a call left open at the end',
    files: { 'models/a.sql': 'select 1 as a\n{{ oops(' },
    message: /'\{\{' is not closed/,
    file: 'models/a.sql',
    line: 2,
  },
  {
    class: 'template syntax',
    name: 'an if without endif',
    files: { 'models/a.sql': 'select 1 as a\n{% if true %}\n, 2 as b' },
    message: /'\{% if %\}' is not closed/,
    file: 'models/a.sql',
    line: 2,
  },
  {
    class: 'template syntax',
    name: 'an endif without if',
    files: { 'models/a.sql': 'select 1 as a\n{% endif %}' },
    message: /unknown block tag: endif/,
    file: 'models/a.sql',
    line: 2,
  },
  {
    class: 'template syntax',
    name: 'an unknown filter',
    files: { 'models/a.sql': 'select 1 as a,\n \'{{ "x" | shout }}\' as b' },
    message: /filter not found: shout/,
    file: 'models/a.sql',
    line: 2,
  },
  {
    class: 'template syntax',
    name: 'an empty output tag',
    files: { 'models/a.sql': 'select 1\n{{ }}' },
    message: /unexpected token/,
    file: 'models/a.sql',
    line: 2,
  },
  {
    class: 'template syntax',
    name: 'a ref call missing its parenthesis',
    files: { 'models/a.sql': "select * from\n{{ ref('b' }}", 'models/b.sql': 'select 1 as a' },
    message: /Template error/,
    file: 'models/a.sql',
    line: 2,
  },

  // YAML
  {
    class: 'YAML',
    name: 'an unclosed double quote',
    files: props('models:\n  - name: a\n    description: "unclosed\n  - name: b\n'),
    message: /Invalid YAML: Missing closing "quote/,
    file: 'models/p.yml',
    line: 3,
  },
  {
    class: 'YAML',
    name: 'an unclosed single quote in project.yml',
    files: { 'project.yml': withProjectYml("vars:\n  a: 'x\n  b: y\n") },
    message: /Invalid YAML: Missing closing 'quote/,
    file: 'project.yml',
    line: 8,
  },
  {
    class: 'YAML',
    name: 'a duplicated key',
    files: props('models:\n  - name: a\n    description: x\n    description: y\n'),
    message: /Invalid YAML: Map keys must be unique/,
    file: 'models/p.yml',
    line: 4,
  },
  {
    class: 'YAML',
    name: 'an unclosed flow sequence',
    files: props('models:\n  - name: a\n    columns: [{name: id}\n'),
    message: /Invalid YAML/,
    file: 'models/p.yml',
  },
  { class: 'YAML', name: 'a tab for indentation', files: props('models:\n\t- name: a\n'), message: /Invalid YAML/, file: 'models/p.yml', line: 2 },
  {
    class: 'YAML',
    name: 'a list where a mapping belongs',
    files: props('- name: a\n'),
    message: /\(document\): .*expected object/,
    file: 'models/p.yml',
    line: 1,
  },

  // unknown config keys
  {
    class: 'unknown config',
    name: 'config() with a misspelt key',
    files: { 'models/a.sql': "{{ config(materialised='table') }}\nselect 1 as a" },
    message: /unknown config 'materialised'[\s\S]*Did you mean 'materialized'/,
    file: 'models/a.sql',
  },
  {
    class: 'unknown config',
    name: 'a misspelt +key in project.yml',
    files: { 'project.yml': withProjectYml('models:\n  +shema: x\n'), 'models/a.sql': 'select 1 as a' },
    message: /unknown config 'shema'[\s\S]*Did you mean '\+schema'/,
    file: 'project.yml',
    line: 8,
  },
  {
    class: 'unknown config',
    name: 'a misspelt key in a property file config',
    files: props('models:\n  - name: a\n    config:\n      tgas: [x]\n'),
    message: /unknown config 'tgas'[\s\S]*Did you mean 'tags'/,
    file: 'models/p.yml',
    line: 4,
  },
  {
    class: 'unknown config',
    name: 'a wrong materialization',
    files: { 'models/a.sql': "{{ config(materialized='tabel') }}\nselect 1 as a" },
    message: /config 'materialized'/,
    file: 'models/a.sql',
  },
  {
    class: 'unknown config',
    name: 'a wrong type',
    files: { 'models/a.sql': "{{ config(enabled='yes') }}\nselect 1 as a" },
    message: /config 'enabled'/,
    file: 'models/a.sql',
  },

  // refs and sources
  {
    class: 'bad ref',
    name: 'a ref to a missing model, with did-you-mean',
    files: { 'models/orders.sql': 'select 1 as a', 'models/b.sql': "select * from\n{{ ref('order') }}" },
    message: /'order'[\s\S]*orders/,
    file: 'models/b.sql',
    line: 2,
  },
  {
    class: 'bad ref',
    name: 'a ref to a disabled model',
    files: { 'models/a.sql': '{{ config(enabled=false) }} select 1 as a', 'models/b.sql': "select * from {{ ref('a') }}" },
    message: /disabled/,
    file: 'models/b.sql',
  },
  {
    class: 'bad ref',
    name: 'a source that is not declared',
    files: { 'models/b.sql': "select * from {{ source('raw', 'events') }}" },
    message: /Source 'raw\.events' not found/,
    file: 'models/b.sql',
    line: 1,
  },
  {
    class: 'bad ref',
    name: 'a source table that is not declared',
    files: { 'models/s.yml': 'sources:\n  - name: raw\n    tables:\n      - name: events\n', 'models/b.sql': "select * from {{ source('raw', 'event') }}" },
    message: /event/,
    file: 'models/b.sql',
    line: 1,
  },
  {
    class: 'bad ref',
    name: 'ref with no name',
    files: { 'models/b.sql': 'select * from {{ ref() }}' },
    message: /ref\(\) takes a model name/,
    file: 'models/b.sql',
  },

  // cycles
  {
    class: 'cycle',
    name: 'two models reading each other',
    files: { 'models/a.sql': "select * from {{ ref('b') }}", 'models/b.sql': "select * from {{ ref('a') }}" },
    args: ['build'],
    message: /Dependency cycle: a -> b -> a/,
    file: 'models/a.sql',
    line: 1,
  },
  {
    class: 'cycle',
    name: 'a model reading itself',
    files: { 'models/a.sql': "select * from {{ ref('a') }}" },
    message: /Dependency cycle: a -> a/,
    file: 'models/a.sql',
    line: 1,
  },

  // vars
  {
    class: 'bad var',
    name: 'a var that is not set',
    files: { 'models/a.sql': "select {{ var('start_dt') }} as a" },
    message: /start_dt/,
    file: 'models/a.sql',
    line: 1,
  },
  {
    class: 'bad var',
    name: 'a var misspelt, with did-you-mean',
    files: { 'project.yml': withProjectYml("vars:\n  start_date: '2025-01-01'\n"), 'models/a.sql': "select\n'{{ var('start_dat') }}' as a" },
    message: /start_dat[\s\S]*start_date/,
    file: 'models/a.sql',
    line: 2,
  },
  { class: 'bad var', name: 'vars not a mapping', files: { 'project.yml': withProjectYml('vars: [a, b]\n') }, message: /vars/, file: 'project.yml', line: 7 },

  // macros
  {
    class: 'bad macro',
    name: 'a macro defined twice',
    files: { 'macros/a.sql': '{% macro m() %}1{% endmacro %}', 'macros/b.sql': '{% macro m() %}2{% endmacro %}' },
    message: /Macro 'm' is defined twice/,
    file: 'macros/b.sql',
  },
  {
    class: 'bad macro',
    name: 'a macro file with a syntax error',
    files: { 'macros/a.sql': '{% macro m() %}\n{{ 1 + }}\n{% endmacro %}', 'models/a.sql': 'select {{ m() }} as a' },
    message: /Template error/,
    file: 'macros/a.sql',
    line: 2,
  },
  {
    class: 'bad macro',
    name: 'a call of a macro that does not exist',
    files: { 'models/a.sql': 'select\n {{ cents_to_dollars(1) }} as a' },
    message: /cents_to_dollars/,
    file: 'models/a.sql',
    line: 2,
  },
  {
    class: 'bad macro',
    name: 'a macro without endmacro',
    files: { 'macros/a.sql': '{% macro m() %}\n1\n', 'models/a.sql': 'select 1 as a' },
    message: /'\{% macro %\}' is not closed|endmacro/,
    file: 'macros/a.sql',
    line: 1,
  },

  // project.yml
  {
    class: 'bad project.yml',
    name: 'no name',
    files: { 'project.yml': 'targets:\n  dev:\n    type: duckdb\n' },
    message: /name: .*expected string/,
    file: 'project.yml',
    line: 1,
  },
  {
    class: 'bad project.yml',
    name: 'a name that is not a word',
    files: { 'project.yml': PROJECT_NAME('my-project') },
    message: /name: must be a word/,
    file: 'project.yml',
    line: 1,
  },
  {
    class: 'bad project.yml',
    name: 'an unknown top-level key',
    files: { 'project.yml': withProjectYml('model_paths: [models]\n') },
    message: /unknown key 'model_paths'/,
    file: 'project.yml',
    line: 7,
  },
  {
    class: 'bad project.yml',
    name: 'an undefined --target',
    files: { 'project.yml': withProjectYml('') },
    args: ['compile', '--target', 'prod'],
    message: /Target 'prod' is not defined/,
    file: 'project.yml',
  },
  {
    class: 'bad project.yml',
    name: 'threads out of range',
    files: { 'project.yml': withProjectYml('').replace('schema: main', 'schema: main\n    threads: 0') },
    message: /threads/,
    file: 'project.yml',
    line: 7,
  },
  {
    class: 'bad project.yml',
    name: 'an unknown target type',
    files: { 'project.yml': 'name: t\ntargets:\n  dev:\n    type: postgres\n' },
    message: /type/,
    file: 'project.yml',
    line: 4,
  },
  {
    class: 'bad project.yml',
    name: 'a key unknown to the DuckDB target',
    files: { 'project.yml': withProjectYml('').replace('schema: main', 'schema: main\n    databse: x') },
    message: /unknown key 'databse'/,
    file: 'project.yml',
    line: 7,
  },

  // property files
  {
    class: 'bad property file',
    name: 'an unknown key on a model',
    files: props('models:\n  - name: a\n    descripton: x\n'),
    message: /unknown key 'descripton'/,
    file: 'models/p.yml',
    line: 3,
  },
  {
    class: 'bad property file',
    name: 'columns not a list',
    files: props('models:\n  - name: a\n    columns:\n      id: {}\n'),
    message: /columns/,
    file: 'models/p.yml',
    line: 3,
  },
  {
    class: 'bad property file',
    name: 'a test entry with two keys',
    files: props('models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - unique: {}\n            not_null: {}\n'),
    message: /a test entry has one key/,
    file: 'models/p.yml',
    line: 6,
  },
  {
    class: 'bad property file',
    name: 'an unknown test, with did-you-mean',
    files: props('models:\n  - name: a\n    columns:\n      - name: id\n        tests: [uniqe]\n'),
    message: /Unknown test 'uniqe'[\s\S]*unique/,
    file: 'models/p.yml',
    line: 5,
  },
  { class: 'bad property file', name: 'a source without tables', files: props('sources:\n  - name: raw\n'), message: /tables/, file: 'models/p.yml', line: 2 },
  { class: 'bad property file', name: 'a model without a name', files: props('models:\n  - description: x\n'), message: /name/, file: 'models/p.yml', line: 2 },

  // names
  {
    class: 'duplicate name',
    name: 'two models of one name in two folders',
    files: { 'models/a/x.sql': 'select 1 as a', 'models/b/x.sql': 'select 2 as a' },
    message: /Two models are named 'x': models\/a\/x\.sql and models\/b\/x\.sql/,
    file: 'models/b/x.sql',
  },
];

function PROJECT_NAME(name: string): string {
  return `name: ${name}\ntargets:\n  dev:\n    type: duckdb\n    path: target/t.duckdb\n`;
}
