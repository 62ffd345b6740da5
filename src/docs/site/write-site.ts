import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocsData } from '../types.js';
import { bundleClient } from './bundle.js';
import { DATA_GLOBAL } from './data-global.js';
import { indexHtml } from './index-html.js';

/**
 * target/docs: index.html, the bundled script and the data as a script (not JSON: a page opened
 * from file:// may not fetch files beside it). Replaced whole, so no page of an older site stays.
 */
export async function writeSite(outDir: string, data: DocsData): Promise<string[]> {
  const script = await bundleClient();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const files: Record<string, string> = {
    'index.html': indexHtml(data.project.name),
    'assets/keel-docs.js': script,
    // U+2028/2029 are valid in JSON and in ES2019 strings; escaped anyway for older viewers
    'assets/docs-data.js': `window.${DATA_GLOBAL} = ${JSON.stringify(data)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029')};\n`,
  };
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(outDir, rel), text);
  return Object.keys(files);
}
