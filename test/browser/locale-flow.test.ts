/**
 * The report flow in every reporter language, in Chromium: with JavaScript
 * OFF, a report is sent, its receipt shown, the report opened with the
 * receipt and a message sent from it, each page with the right `lang` and
 * `dir` (right to left for Arabic and Persian). Then, in en, ar, fa, th,
 * zh-Hans and ka, the same pages at 320 px and 1280 px through axe-core:
 * no violations.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { direction, REPORTER_LOCALES, type ReporterLocale } from '../../src/i18n/locales.js';
import { CHROMIUM_AVAILABLE, launchBrowser, navigate, readReceipt, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';

const AXE_LOCALES = ['en', 'ar', 'fa', 'th', 'zh-Hans', 'ka'] as const;

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
const violations = (r: AxeResults): string =>
  r.violations
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
    .join('\n');

/** Every page of the flow in `lang`: the language and direction of the document. */
async function expectLanguage(page: Page, lang: ReporterLocale, where: string): Promise<void> {
  expect(await page.getAttribute('html', 'lang'), `${where} in ${lang}`).toBe(lang);
  expect(await page.getAttribute('html', 'dir'), `${where} in ${lang}`).toBe(direction(lang));
}

/**
 * Sends a report (place and what happened: all the form asks for), opens it with its receipt and sends a
 * message; `check` runs on the form, the receipt page and the report page.
 */
async function flow(page: Page, baseUrl: string, lang: ReporterLocale, check: (where: string) => Promise<void>): Promise<void> {
  await page.goto(`${baseUrl}/report?lang=${lang}`);
  await check('the report form');
  await page.locator('select#area').selectOption({ value: 'gb-london' });
  await page.locator('input[name="category"][value="robbery"]').check();
  await page.locator('#description').fill(`Test ${lang}: he took my money.`);
  expect(await navigate(page, page.locator('#report-form button[type="submit"]:not([hidden])').last())).toBe(200);
  const receipt = (await readReceipt(page)).digits;
  expect(receipt, `receipt in ${lang}`).toMatch(/^\d{24}$/);
  await check('the receipt page');

  await page.goto(`${baseUrl}/follow-up?lang=${lang}`);
  await check('the receipt form');
  await page.locator('input[name="receipt"]').fill(receipt);
  expect(await navigate(page, page.locator('main form button[type="submit"]').first())).toBe(200);
  expect(await page.locator('dl.summary').count(), `the report opened in ${lang}`).toBe(1);
  await check('the report page');
  await page.locator('#message').fill(`A message in ${lang}.`);
  expect(await navigate(page, page.locator('#thread-form button[type="submit"]:not([formaction]):not([hidden])').last())).toBe(200);
  expect(await page.locator('ol.thread > li.mine').count(), `the message sent in ${lang}`).toBe(1);
  await check('the report page after a message');
}

describe.skipIf(!CHROMIUM_AVAILABLE)('the report flow in every reporter language', () => {
  let parasol: RunningParasol;
  let noScript: Browser;
  let withScript: Browser;

  beforeAll(async () => {
    parasol = await startParasol();
    noScript = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl, viewport: { width: 320, height: 700 } });
    withScript = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.baseUrl, viewport: { width: 320, height: 700 } });
  }, 120_000);

  afterAll(async () => {
    await noScript?.close();
    await withScript?.close();
    await parasol?.close();
  });

  for (const lang of REPORTER_LOCALES) {
    it(`${lang}, JavaScript off: report, receipt, follow-up and a message, with lang and dir right`, async () => {
      const page = await noScript.newPage();
      try {
        await flow(page, parasol.baseUrl, lang, (where) => expectLanguage(page, lang, where));
      } finally {
        await page.close();
      }
    }, 90_000);
  }

  for (const lang of AXE_LOCALES) {
    for (const width of [320, 1280]) {
      it(`${lang} at ${width} px: axe-core finds no violations on the flow's pages`, async () => {
        const page = await withScript.newPage();
        await page.setViewportSize({ width, height: 800 });
        try {
          await flow(page, parasol.baseUrl, lang, async (where) => {
            await expectLanguage(page, lang, where);
            const results = await new AxeBuilder({ page }).analyze();
            expect(violations(results), `${where} in ${lang} at ${width} px`).toBe('');
            expect(results.passes.length).toBeGreaterThan(10);
          });
        } finally {
          await page.close();
        }
      }, 120_000);
    }
  }
});
