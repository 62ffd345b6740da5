import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDocs } from '../../src/docs/generate.js';
import { describeInBrowser, openBrowser, screenshot, type Browser } from './browser.js';
import { writeLargeProject } from './large-project.js';

/*
 * The lineage graph of a 1,000-node project: laid out at generate time, drawn without overlaps,
 * every edge left to right, and made readable by a tag filter (relaid out, labels drawn) or by
 * finding a node.
 */

let browser: Browser;
let site: string;

const count = (s: string) => browser.page.evaluate(s) as Promise<number>;

describeInBrowser('lineage graph of a 1,000-node project', () => {
  beforeAll(async () => {
    browser = await openBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'keel-docs-large-'));
    writeLargeProject(dir, 10);
    const r = await generateDocs({ projectDir: dir, warehouse: false });
    expect(r.data.nodes.filter((n) => n.kind !== 'test')).toHaveLength(1000);
    site = pathToFileURL(join(r.outDir, 'index.html')).href;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens in seconds with every node apart and every edge pointing right', async () => {
    const { page } = browser;
    const started = Date.now();
    await page.goto(`${site}#/lineage`);
    await page.locator('.cy[data-state="ready"]').waitFor();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await count('window.keelDocs.lineage.nodes().length')).toBe(1000);
    expect(await count('window.keelDocs.lineage.edges().filter((e) => e.source().position().x >= e.target().position().x).length')).toBe(0);
    // boxes sorted by left edge; only neighbours within one box width can overlap
    const overlaps = await count(`(() => {
      const boxes = window.keelDocs.lineage.nodes().map((n) => n.boundingBox({ includeLabels: false })).sort((a, b) => a.x1 - b.x1);
      let overlaps = 0;
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length && boxes[j].x1 < boxes[i].x2; j++)
          if (boxes[j].y1 < boxes[i].y2 && boxes[i].y1 < boxes[j].y2) overlaps++;
      return overlaps;
    })()`);
    expect(overlaps).toBe(0);
    await expect.poll(() => page.locator('.toolbar .status').textContent()).toContain('1000 of 1000 nodes');
    // it opens where names are drawn (12px labels from 6px on screen), not on a strip of unlabelled boxes
    expect(await count('window.keelDocs.lineage.zoom()')).toBeGreaterThanOrEqual(0.5);
    expect(
      await count(
        'window.keelDocs.lineage.nodes().filter((n) => { const p = n.renderedPosition(); return p.x > 0 && p.y > 0 && p.x < window.keelDocs.lineage.width() && p.y < window.keelDocs.lineage.height(); }).length',
      ),
    ).toBeGreaterThan(20);
    await screenshot(page, 'lineage-1000');
  });

  it('a tag filter lays its nodes out again at a zoom where names are drawn', async () => {
    const { page } = browser;
    await page.locator('select[aria-label=tag]').selectOption('d3');
    await expect.poll(() => page.locator('input[name=select]').inputValue()).toBe('tag:d3');
    await page.locator('.cy[data-state="ready"]').waitFor();
    await expect.poll(() => count('window.keelDocs.lineage.nodes().length')).toBe(90);
    // 12px labels are drawn from 6px on screen (min-zoomed-font-size)
    expect(await count('window.keelDocs.lineage.zoom()')).toBeGreaterThanOrEqual(0.5);
    await screenshot(page, 'lineage-1000-tag');
  });

  it('finding a node centres it at a readable zoom and shows it', async () => {
    const { page } = browser;
    await page.goto(`${site}#/lineage`);
    await page.locator('.cy[data-state="ready"]').waitFor();
    await page.locator('input[name=find]').fill('fct_d7_metric_12');
    await page.locator('input[name=find]').press('Enter');
    await expect.poll(() => page.locator('aside.panel h2').textContent()).toBe('fct_d7_metric_12');
    expect(await count('window.keelDocs.lineage.zoom()')).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'lineage-1000-find');
    expect(browser.external).toEqual([]);
  });
});
