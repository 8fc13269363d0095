/**
 * Accessibility and containment of every reporter page, in Chromium with
 * JavaScript ON (axe-core needs it; the no-JavaScript journey has its own
 * suite). Each page must have no axe violations, cause no Content-Security-
 * Policy refusal, raise no script error and request nothing from any host but
 * Parasol's own. Phone widths: nothing may scroll sideways at 320 px.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReporterLocale } from '../../src/i18n/locales.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, fillReport, launchBrowser, londonReport, navigate, openReport, readReceipt, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';

const en = reporterTranslator('en').t;

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** One line per violation and one per failing node, with what to fix: readable in a CI log. */
function describeViolations(results: AxeResults): string {
  return results.violations
    .map((v) =>
      [
        `${v.id} (${v.impact ?? 'unknown'}): ${v.help} ${v.helpUrl}`,
        ...v.nodes.map((n) => `  at ${JSON.stringify(n.target)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}\n    html: ${n.html.slice(0, 200)}`),
      ].join('\n'),
    )
    .join('\n');
}

/** The widest the document is, beyond the viewport, in CSS pixels (0 = no sideways scrolling). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Pages that are reached by doing something (posting a form), not by URL. */
async function reportFormWithErrors(page: Page, baseUrl: string, lang: ReporterLocale = 'en'): Promise<void> {
  const t = reporterTranslator(lang).t;
  await page.goto(`${baseUrl}/report?lang=${lang}`);
  expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(400);
  expect(await page.locator('.error-summary').count()).toBe(1);
}

async function receiptPage(page: Page, baseUrl: string): Promise<string> {
  await page.goto(`${baseUrl}/report`);
  await fillReport(page, en, londonReport());
  expect(await navigate(page, page.getByRole('button', { name: en('form.submit') }))).toBe(200);
  return (await readReceipt(page)).digits;
}

async function reportPageWithMessage(page: Page, baseUrl: string): Promise<void> {
  const receipt = await receiptPage(page, baseUrl);
  await openReport(page, en, receipt);
  await page.getByLabel(en('followUp.messageLabel')).fill('Thank you. I can talk on Friday.');
  expect(await navigate(page, page.getByRole('button', { name: en('followUp.send') }))).toBe(200);
  expect(await page.locator('ol.thread > li.mine').count()).toBe(1);
}

async function languageSwitched(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/report?lang=en`);
  await fillReport(page, en, londonReport());
  await page
    .getByRole('navigation', { name: en('nav.language') })
    .locator('summary')
    .click();
  expect(await navigate(page, page.getByRole('navigation', { name: en('nav.language') }).getByRole('button', { name: 'العربية' }))).toBe(200);
  expect(await page.locator('html').getAttribute('lang')).toBe('ar');
}

async function threadSwitched(page: Page, baseUrl: string): Promise<void> {
  await reportPageWithMessage(page, baseUrl);
  await page.getByLabel(en('followUp.addLabel')).fill('A blue car.');
  await page
    .getByRole('navigation', { name: en('nav.language') })
    .locator('summary')
    .click();
  expect(await navigate(page, page.getByRole('navigation', { name: en('nav.language') }).getByRole('button', { name: 'العربية' }))).toBe(200);
  expect(await page.locator('html').getAttribute('lang')).toBe('ar');
  expect(await page.locator('#addition').inputValue()).toBe('A blue car.');
}

async function organisationChoice(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/report`);
  await fillReport(page, en, londonReport({ area: 'fr-paris', phone: '06 12 34 56 78' }));
  expect(await navigate(page, page.getByRole('button', { name: en('form.submit') }))).toBe(400);
  expect(
    await page
      .getByRole('group', { name: en('form.where.organisation') })
      .getByRole('radio')
      .count(),
  ).toBe(2);
}

async function unknownReceipt(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/follow-up`);
  await page.getByLabel(en('followUp.receipt')).fill('1234 5678 9012 3456');
  expect(await navigate(page, page.getByRole('button', { name: en('followUp.open') }))).toBe(404);
  expect(await page.locator('#receipt-error').textContent()).toBe(en('error.receiptUnknown'));
}

/** The follow-up page in a language, after trying to delete without ticking the box: the error summary at the top. */
async function deleteWithoutTicking(page: Page, baseUrl: string, lang: ReporterLocale): Promise<void> {
  const t = reporterTranslator(lang).t;
  const receipt = await receiptPage(page, baseUrl);
  await page.goto(`${baseUrl}/follow-up?lang=${lang}`);
  await page.getByLabel(t('followUp.receipt')).fill(receipt);
  expect(await navigate(page, page.getByRole('button', { name: t('followUp.open') }))).toBe(200);
  expect(await navigate(page, page.getByRole('button', { name: t('consent.delete.button') }))).toBe(400);
  expect(await page.locator('.error-summary a[href="#confirm"]').count()).toBe(1);
}

interface PageCase {
  name: string;
  /** Opens the page; checks the status where it is reached by URL. */
  open(page: Page, baseUrl: string): Promise<void>;
}

const byUrl =
  (path: string, status = 200) =>
  async (page: Page, baseUrl: string) => {
    const res = await page.goto(`${baseUrl}${path}`);
    expect(res?.status()).toBe(status);
  };

const PAGES: PageCase[] = [
  { name: 'landing (en)', open: byUrl('/') },
  { name: 'landing (ar)', open: byUrl('/?lang=ar') },
  { name: 'report form (en)', open: byUrl('/report?lang=en') },
  { name: 'report form (ar)', open: byUrl('/report?lang=ar') },
  { name: 'report form (th)', open: byUrl('/report?lang=th') },
  { name: 'report form with errors (en)', open: (p, u) => reportFormWithErrors(p, u, 'en') },
  { name: 'report form with errors (ar)', open: (p, u) => reportFormWithErrors(p, u, 'ar') },
  { name: 'receipt page', open: async (p, u) => void (await receiptPage(p, u)) },
  { name: 'report form asking for the organisation', open: organisationChoice },
  { name: 'receipt no longer shown (en)', open: byUrl('/report/receipt?lang=en') },
  { name: 'receipt no longer shown (ar)', open: byUrl('/report/receipt?lang=ar') },
  { name: 'report form after a language switch (ar)', open: languageSwitched },
  { name: 'follow-up receipt form', open: byUrl('/follow-up') },
  { name: 'follow-up receipt form (ar)', open: byUrl('/follow-up?lang=ar') },
  { name: 'follow-up receipt form with an unknown receipt', open: unknownReceipt },
  { name: 'follow-up report page with a message', open: reportPageWithMessage },
  { name: 'follow-up report page, delete without ticking (en)', open: (p, u) => deleteWithoutTicking(p, u, 'en') },
  { name: 'follow-up report page, delete without ticking (ar)', open: (p, u) => deleteWithoutTicking(p, u, 'ar') },
  { name: 'follow-up report page after a language switch (ar)', open: threadSwitched },
  { name: 'not found (404)', open: byUrl('/no-such-page', 404) },
];

describe.skipIf(!CHROMIUM_AVAILABLE)('reporter pages in Chromium, JavaScript on', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    parasol = await startParasol();
    browser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.baseUrl });
  });

  afterAll(async () => {
    await browser?.close();
    await parasol?.close();
  });

  beforeEach(async () => {
    browser.watch.reset();
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page?.close();
  });

  function expectContained(): void {
    expect(browser.watch.foreignRequests, 'requests to other hosts').toEqual([]);
    expect(browser.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    expect(browser.watch.pageErrors, 'script errors').toEqual([]);
  }

  describe('axe finds no violations', () => {
    for (const c of PAGES) {
      it(c.name, async () => {
        await c.open(page, parasol.baseUrl);
        const results = await new AxeBuilder({ page }).analyze();
        expect(describeViolations(results)).toBe('');
        // axe ran its full set of rules, so an empty list means something.
        expect(results.passes.length).toBeGreaterThan(10);
        expectContained();
      });
    }
  });

  describe('nothing scrolls sideways at 320 px', () => {
    const narrow: PageCase[] = PAGES.filter((c) => /report form|receipt page|report page|landing \(ar\)/.test(c.name));
    for (const c of narrow) {
      it(c.name, async () => {
        await page.setViewportSize({ width: 320, height: 640 });
        await c.open(page, parasol.baseUrl);
        expect(await page.evaluate(() => window.innerWidth)).toBe(320);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expectContained();
      });
    }
  });

  it('the stylesheet and the quick-exit script load under the CSP', async () => {
    await page.goto(`${parasol.baseUrl}/report`);
    // The stylesheet applied: the quick-exit link is the red full-width bar.
    expect(await page.locator('#quick-exit').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(179, 18, 46)');
    expectContained();
  });

  it('Escape leaves at once for the quick-exit site, replacing the page in the history', async () => {
    await page.goto(`${parasol.baseUrl}/report`);
    const exitUrl = await page.locator('#quick-exit').getAttribute('href');
    expect(exitUrl).toBe(parasol.t.ctx.config.quickExitUrl);
    // The quick-exit host is foreign: the request is recorded and aborted, never sent.
    const historyBefore = await page.evaluate(() => history.length);
    const leaving = page.waitForRequest((r) => r.url().startsWith(exitUrl!) && r.isNavigationRequest());
    const failed = page.waitForEvent('requestfailed', (r) => r.url().startsWith(exitUrl!));
    await page.keyboard.press('Escape');
    await leaving;
    await failed;
    await page.waitForURL((u) => !u.href.startsWith(parasol.baseUrl));
    // Replaced, not pushed: Back does not return to Parasol.
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    expect(browser.watch.foreignRequests.map((u) => u.replace(/\/$/, ''))).toEqual([exitUrl!.replace(/\/$/, '')]);
    expect(browser.watch.cspMessages).toEqual([]);
  });
});
