/**
 * The language list without JavaScript at 320 px: one line naming the current
 * language; opened, every language of the registry (all 27, as they will be
 * once their catalogs arrive) in its own script with its lang and dir, each
 * a tap target inside the screen, nothing scrolling sideways; choosing one
 * gives the page in that language.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, REPORTER_LOCALES } from '../../src/i18n/locales.js';
import { CHROMIUM_AVAILABLE, launchBrowser, navigate, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';

const REPORTER = LOCALES.filter((l) => 'reporter' in l);

describe.skipIf(!CHROMIUM_AVAILABLE)('the language list, no JavaScript, 320 px', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  beforeAll(async () => {
    parasol = await startParasol();
    browser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl, viewport: { width: 320, height: 640 } });
  });
  afterAll(async () => {
    await browser?.close();
    await parasol?.close();
  });

  async function check(page: Page, count: number): Promise<void> {
    const summary = page.locator('.langs-menu summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.locator('.langs-menu .langs :is(a, button)').first().isVisible()).toBe(false);
    await summary.click();
    const links = page.locator('.langs-menu .langs :is(a, button)');
    expect(await links.count()).toBe(count);
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const box = (await link.boundingBox())!;
      const code = (await link.getAttribute('lang'))!;
      const entry = LOCALES.find((l) => l.code === code)!;
      expect(await link.textContent(), code).toBe(entry.endonym);
      expect(await link.getAttribute('dir'), code).toBe(entry.dir);
      expect(box.x, code).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, code).toBeLessThanOrEqual(320);
      expect(box.height, code).toBeGreaterThanOrEqual(24);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  }

  it('lists the languages offered, and choosing one gives the page in it', async () => {
    const page = await browser.newPage();
    await page.goto(`${parasol.baseUrl}/report`);
    await check(page, REPORTER_LOCALES.length);
    expect(await navigate(page, page.locator('.langs-menu :is(a, button)[lang="th"]'))).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('th');
    expect(await page.locator('.langs-menu summary span[lang="th"]').textContent()).toBe('ไทย');
    await page.close();
  });

  it(`fits all ${REPORTER.length} registered languages in a compact grid`, async () => {
    const page = await browser.newPage();
    // The page as it will be with every catalog: the list's entries for all registered languages.
    await page.route('**/report', async (route) => {
      const res = await route.fetch();
      const items = REPORTER.map((l) => `<li><a href="/report?lang=${l.code}" lang="${l.code}" hreflang="${l.code}" dir="${l.dir}">${l.endonym}</a></li>`).join('');
      await route.fulfill({ response: res, body: (await res.text()).replace(/(<nav aria-label="[^"]*" class="langs-menu">.*?<ul class="langs">).*?(<\/ul>)/, `$1${items}$2`) });
    });
    await page.goto(`${parasol.baseUrl}/report`);
    await check(page, REPORTER.length);
    const list = (await page.locator('.langs-menu .langs').boundingBox())!;
    // At least three columns: nine rows, not a 27-line column to scroll past.
    expect(list.height).toBeLessThan(10 * 36);
    await page.close();
  });
});
