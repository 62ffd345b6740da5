import { STYLES } from './styles.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The one HTML page; routes are hashes, so it opens the same from file:// and from keel docs serve. */
export function indexHtml(projectName: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(projectName)} · keel docs</title>
<style>${STYLES}</style>
</head>
<body>
<div id="app"><p style="padding:20px">Loading…</p></div>
<noscript>The keel docs need JavaScript.</noscript>
<script src="assets/docs-data.js"></script>
<script src="assets/keel-docs.js"></script>
</body>
</html>
`;
}
