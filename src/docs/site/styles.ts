/** The site's stylesheet, inlined into index.html (one file less to lose when the folder is copied). */
export const STYLES = `
:root { --fg: #212529; --muted: #6c757d; --line: #dee2e6; --bg: #f8f9fa; --accent: #1c7ed6; --ok: #2b8a3e; --warn: #e67700; --bad: #c92a2a; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre { font: 12.5px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
#app { display: flex; flex-direction: column; min-height: 100%; }
.topbar { display: flex; align-items: center; gap: 24px; padding: 10px 20px; background: #1f2a37; color: #fff; }
.topbar .brand { color: #fff; font-weight: 600; font-size: 15px; }
.topbar .logo { background: #fff; color: #1f2a37; border-radius: 4px; padding: 1px 6px; margin-right: 4px; font-weight: 700; }
.topbar nav { display: flex; gap: 4px; }
.topbar nav a { color: #ced4da; padding: 4px 10px; border-radius: 4px; }
.topbar nav a.active, .topbar nav a:hover { background: #334155; color: #fff; text-decoration: none; }
.topbar .generated { margin-left: auto; color: #adb5bd; font-size: 12px; }
main.page { padding: 20px 24px; flex: 1; }
main.page-lineage { padding: 0; display: flex; }
h1 { font-size: 22px; margin: 0 0 8px; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
h2 { font-size: 16px; margin: 22px 0 8px; }
.muted { color: var(--muted); }
.error { color: var(--bad); }
.description { font-size: 15px; max-width: 900px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 500; background: #e9ecef; color: #495057; white-space: nowrap; }
.badge.ok { background: #d3f9d8; color: var(--ok); }
.badge.warn { background: #fff3bf; color: var(--warn); }
.badge.bad { background: #ffe3e3; color: var(--bad); }
.badge.kind { background: #e7f5ff; color: #1864ab; }
.badge.kind-source { background: #ebfbee; color: #2b8a3e; }
.badge.kind-seed { background: #f1f3f5; color: #495057; }
.badge.kind-test { background: #fff4e6; color: #d9480f; }
.badge.mat-funnel { background: #fff4e6; color: #d9480f; }
.badge.mat-segment { background: #f8f0fc; color: #9c36b5; }
.badge.mat-journey { background: #e3fafc; color: #0b7285; }
.tags .tag { display: inline-block; background: #f1f3f5; border-radius: 3px; padding: 0 6px; margin: 0 4px 2px 0; font-size: 12px; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th, table.grid td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.grid th { background: var(--bg); font-weight: 600; font-size: 12.5px; }
table.grid td.desc { color: #495057; max-width: 520px; }
table.grid .num { text-align: right; font-variant-numeric: tabular-nums; }
table.grid tr.missing td { background: #fff5f5; }
table.facts { border-collapse: collapse; margin: 8px 0; }
table.facts th { text-align: left; color: var(--muted); font-weight: 500; padding: 3px 16px 3px 0; vertical-align: top; white-space: nowrap; }
table.facts td { padding: 3px 0; }
.message { color: #495057; white-space: pre-wrap; }
.catalog-head { display: flex; flex-direction: column; gap: 10px; }
input.search { width: 100%; max-width: 720px; font-size: 16px; padding: 9px 12px; border: 1px solid #ced4da; border-radius: 6px; }
.chips { display: flex; gap: 6px; flex-wrap: wrap; }
.chip, .button { font: inherit; border: 1px solid #ced4da; background: #fff; border-radius: 16px; padding: 3px 12px; cursor: pointer; color: var(--fg); display: inline-block; }
.chip.active, .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.button { border-radius: 6px; }
.button:hover { text-decoration: none; filter: brightness(0.96); }
.actions { display: flex; gap: 8px; margin: 10px 0; flex-wrap: wrap; }
.summary { color: var(--muted); margin: 12px 0 6px; }
.test-chip { display: inline-flex; align-items: center; gap: 4px; margin: 0 8px 2px 0; font-size: 12.5px; }
.neighbours { display: flex; gap: 60px; }
.neighbours ul { margin: 0; padding-left: 18px; }
details.sql { margin-top: 18px; }
details.sql summary { font-weight: 600; cursor: pointer; font-size: 15px; }
details.sql pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow: auto; max-height: 520px; }
section.lineage { display: flex; flex-direction: column; flex: 1; min-height: calc(100vh - 46px); }
.toolbar { display: flex; gap: 8px; align-items: center; padding: 10px 16px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.toolbar input { font: inherit; padding: 5px 8px; border: 1px solid #ced4da; border-radius: 5px; width: 210px; }
.toolbar input[name=select] { width: 300px; }
.toolbar select { font: inherit; padding: 4px; }
.toolbar .status { color: var(--muted); margin-left: 8px; }
.toolbar .status.error { color: var(--bad); }
.lineage-body { flex: 1; display: flex; min-height: 0; }
.cy { flex: 1; min-height: 480px; background: #fcfcfd; }
.panel { width: 300px; border-left: 1px solid var(--line); padding: 4px 16px; overflow: auto; }
.panel h2 { word-break: break-all; }
.legend { display: flex; gap: 14px; padding: 6px 16px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.chart { position: relative; height: 380px; max-width: 1100px; margin: 16px 0; }
table.steps { max-width: 1100px; }
.meta { color: var(--muted); }
ul.cards { list-style: none; padding: 0; }
ul.cards li { padding: 8px 0; border-bottom: 1px solid var(--line); }
ul.cards li a { font-weight: 600; }
.two-col { display: flex; gap: 60px; flex-wrap: wrap; }
`;
