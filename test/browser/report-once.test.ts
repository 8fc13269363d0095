/**
 * Issue 17, with JavaScript OFF in Chromium: a sent report survives reload and
 * Back without becoming a second report (one-time form token, POST/redirect/
 * GET), and the language switch of the report form keeps everything typed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, fillReport, launchBrowser, londonReport, navigate, readReceipt, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';

const en = reporterTranslator('en').t;
const fr = reporterTranslator('fr').t;

describe.skipIf(!CHROMIUM_AVAILABLE)('sending a report once, and switching language mid-form, JavaScript off', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;

  const reportCount = async () =>
    Number(
      (
        await parasol.t.ctx.core.db
          .selectFrom('reports')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const messageCount = async () =>
    Number(
      (
        await parasol.t.ctx.core.db
          .selectFrom('messages')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    parasol = await startParasol();
    browser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl });
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
    expect(browser.watch.foreignRequests).toEqual([]);
    expect(browser.watch.cspMessages).toEqual([]);
  });

  it('reload and Back after sending make exactly one report, and the reload shows the same receipt', async () => {
    const before = await reportCount();
    await page.goto(`${parasol.baseUrl}/report`);
    await fillReport(page, en, londonReport({ description: 'He came back twice.' }));
    expect(await navigate(page, page.getByRole('button', { name: en('form.submit') }))).toBe(200);
    const first = (await readReceipt(page)).digits;
    expect(first).toMatch(/^\d{24}$/);
    expect(await reportCount()).toBe(before + 1);

    const reloaded = await page.reload();
    expect(await reportCount()).toBe(before + 1);
    expect(reloaded?.status()).toBe(200);
    expect((await readReceipt(page)).digits).toBe(first);
    expect(reloaded?.request().method()).toBe('GET');

    // Back lands on the form (asked for again, never re-sent); Forward shows the same receipt again.
    const back = await page.goBack();
    expect(back?.request().method()).toBe('GET');
    expect(new URL(page.url()).pathname).toBe('/report');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(en('form.title'));
    expect(await reportCount()).toBe(before + 1);
    await page.goForward();
    expect((await readReceipt(page)).digits).toBe(first);
    expect(await reportCount()).toBe(before + 1);
  });

  it('switching language mid-form keeps every value, shows no errors and saves nothing', async () => {
    const before = await reportCount();
    await page.goto(`${parasol.baseUrl}/report?lang=en`);
    const report = londonReport({
      date: '2026-03-14',
      categories: ['robbery', 'threats'],
      description: 'Line one\nLine «two» & <three>',
      warn: 'yes',
      statistics: 'yes',
      police: 'anonymous',
      contactName: 'Rosa',
      contactDetails: 'Signal, evenings',
    });
    await fillReport(page, en, report);
    await page.locator('#place_detail').fill('Hotel Astoria, room 12');

    await page
      .getByRole('navigation', { name: en('nav.language') })
      .locator('summary')
      .click();
    expect(await navigate(page, page.getByRole('navigation', { name: en('nav.language') }).getByRole('button', { name: 'Français' }))).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(fr('form.title'));
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.locator('.error').count()).toBe(0);

    const checked = async (name: string) => page.locator(`input[name="${name}"]:checked`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort());
    expect(await page.locator('#area').inputValue()).toBe(report.area);
    expect(await page.locator('#place_detail').inputValue()).toBe('Hotel Astoria, room 12');
    expect(await page.locator('#incident_date').inputValue()).toBe('2026-03-14');
    expect(await checked('category')).toEqual(['robbery', 'threats']);
    expect(await checked('perpetrator')).toEqual(['client']);
    expect(await page.locator('#description').inputValue()).toBe(report.description);
    expect(await page.locator('#id_value_1').inputValue()).toBe(report.phone);
    expect([await checked('support'), await checked('warn'), await checked('statistics'), await checked('police')]).toEqual([['yes'], ['yes'], ['yes'], ['anonymous']]);
    expect(await page.locator('#contact_name').inputValue()).toBe('Rosa');
    expect(await page.locator('#contact_details').inputValue()).toBe('Signal, evenings');
    expect(await reportCount()).toBe(before);

    // And it still sends, in the new language, as one report: Enter in a text box does what it did before
    // (the form's own action), never a switch to another language.
    await Promise.all([page.waitForEvent('load'), page.locator('#place_detail').press('Enter')]);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(fr('receipt.title'));
    expect(await reportCount()).toBe(before + 1);
  });

  it('reload after sending a follow-up message does not send it twice', async () => {
    await page.goto(`${parasol.baseUrl}/report`);
    await fillReport(page, en, londonReport());
    expect(await navigate(page, page.getByRole('button', { name: en('form.submit') }))).toBe(200);
    const receipt = (await readReceipt(page)).digits;
    await page.goto(`${parasol.baseUrl}/follow-up`);
    await page.getByLabel(en('followUp.receipt')).fill(receipt);
    expect(await navigate(page, page.getByRole('button', { name: en('followUp.open') }))).toBe(200);
    const before = await messageCount();
    await page.getByLabel(en('followUp.messageLabel')).fill('Are you there?');
    expect(await navigate(page, page.getByRole('button', { name: en('followUp.send') }))).toBe(200);
    expect(await messageCount()).toBe(before + 1);
    await page.reload();
    expect(await page.locator('ol.thread > li.mine').count()).toBe(1);
    expect(await messageCount()).toBe(before + 1);
  });
});
