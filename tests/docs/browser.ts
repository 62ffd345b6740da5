import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's Chromium (.ci/run installs it); KEEL_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * In CI a missing or broken browser fails these tests: a docs site nobody opened is not tested.
 * On a developer machine without Chromium they are skipped, and the skip shows in the summary.
 */
export const describeInBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

export const SCREENSHOTS = fileURLToPath(new URL('../../target/docs-screenshots/', import.meta.url));
/** The README's pictures; refreshed only on request (KEEL_UPDATE_DOCS_IMAGES=1), never as a side effect of a test run. */
export const README_IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** every request that left the machine's files and loopback: the site must make none */
  external: string[];
  close(): Promise<void>;
}

/** `scale` 2 gives crisp pictures for the README at twice the bytes. */
export async function openBrowser(viewport = { width: 1400, height: 900 }, scale = 1): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'keel-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    deviceScaleFactor: scale,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const external: string[] = [];
  context.on('request', (r) => {
    if (!/^(file:|data:|blob:|about:|http:\/\/127\.0\.0\.1[:/])/.test(r.url())) external.push(r.url());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    external,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`errors on the page: ${errors.join('; ')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
