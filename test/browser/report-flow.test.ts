/**
 * The reporter's whole journey in a real browser with JavaScript OFF, as on a
 * locked-down phone or Tor Browser at "Safest": landing, form, receipt,
 * follow-up and a message, in English and in Arabic (right-to-left), the
 * choice between two organisations, and a form sent back with errors.
 * Controls are found by their accessible names in the page's own language,
 * so a missing or wrong label fails here too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import type { ReporterLocale } from '../../src/i18n/locales.js';
import {
  CHROMIUM_AVAILABLE,
  fillReport,
  launchBrowser,
  navigate,
  openReport,
  readReceipt,
  screenshot,
  startParasol,
  type Browser,
  type Report,
  type RunningParasol,
  type T,
} from '../helpers/browser.js';

/** Asserts that the form shows exactly what was typed. */
async function expectFormKeeps(page: Page, r: Report): Promise<void> {
  expect(await page.locator('#area').inputValue()).toBe(r.area);
  if (r.date) expect(await page.locator('#incident_date').inputValue()).toBe(r.date);
  const checked = async (name: string) => page.locator(`input[name="${name}"]:checked`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect((await checked('category')).sort()).toEqual([...r.categories].sort());
  expect((await checked('perpetrator')).sort()).toEqual([...r.perpetrators].sort());
  expect(await checked('support')).toEqual([r.support]);
  expect(await checked('warn')).toEqual([r.warn]);
  expect(await checked('statistics')).toEqual([r.statistics]);
  expect(await checked('police')).toEqual([r.police]);
  expect(await page.locator('#description').inputValue()).toBe(r.description);
  expect(await page.locator('#id_kind_1').inputValue()).toBe('phone');
  expect(await page.locator('#id_value_1').inputValue()).toBe(r.phone);
  expect(await page.locator('#contact_name').inputValue()).toBe(r.contactName ?? '');
  expect(await page.locator('#contact_details').inputValue()).toBe(r.contactDetails ?? '');
}

/** Asserts the receipt page and returns the receipt digits. */
async function expectReceiptPage(page: Page, t: T, organisation: string): Promise<string> {
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('receipt.title'));
  expect(await page.locator('main').textContent()).toContain(organisation);
  const { shown, digits } = await readReceipt(page);
  // Shown in groups of four, Western digits, left-to-right even on an Arabic page (it is typed back in and saved as a phone number).
  expect(shown).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4} \d{4}$/);
  expect(await page.locator('.code').getAttribute('data-receipt')).toBe(digits);
  expect(await page.locator('.code').getAttribute('dir')).toBe('ltr');
  return digits;
}

/**
 * Opens the report with its receipt and checks each page's heading: from the receipt page's "Go to replies"
 * link, or the way someone comes back days later, from the landing page.
 */
async function openReportChecked(page: Page, t: T, typedReceipt: string, opts: { fromLanding?: string } = {}): Promise<void> {
  if (opts.fromLanding) {
    expect((await page.goto(opts.fromLanding))?.status()).toBe(200);
    expect(await navigate(page, page.getByRole('main').getByRole('link', { name: t('landing.return'), exact: true }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/follow-up');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('followUp.title'));
    await page.getByLabel(t('followUp.receipt')).fill(typedReceipt);
    expect(await navigate(page, page.getByRole('button', { name: t('followUp.open') }))).toBe(200);
  } else {
    await openReport(page, t, typedReceipt);
  }
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('followUp.reportTitle'));
}

async function sendMessage(page: Page, t: T, text: string): Promise<void> {
  await page.getByLabel(t('followUp.messageLabel')).fill(text);
  expect(await navigate(page, page.getByRole('button', { name: t('followUp.send') }))).toBe(200);
  expect((await page.getByRole('status').textContent())?.trim()).toBe(t('followUp.sent'));
  const mine = page.locator('ol.thread > li.mine');
  expect(await mine.count()).toBe(1);
  expect(await mine.locator('.meta').textContent()).toContain(t('followUp.fromYou'));
  expect(await mine.locator('.text').textContent()).toBe(text);
  // The box is emptied after sending, so a second press does not send it twice.
  expect(await page.getByLabel(t('followUp.messageLabel')).inputValue()).toBe('');
}

/** Opens the landing page in a language and follows "Make a report". */
async function startReport(page: Page, baseUrl: string, lang: ReporterLocale): Promise<T> {
  const t = reporterTranslator(lang).t;
  const res = await page.goto(lang === 'en' ? `${baseUrl}/` : `${baseUrl}/?lang=${lang}`);
  expect(res?.status()).toBe(200);
  expect(await navigate(page, page.getByRole('main').getByRole('link', { name: t('landing.start'), exact: true }))).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/report');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('form.title'));
  return t;
}

describe.skipIf(!CHROMIUM_AVAILABLE)('report flow in Chromium, JavaScript off', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;

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
    // Nothing may leave for another host, and the strict CSP must not have refused anything of ours.
    expect(browser.watch.foreignRequests).toEqual([]);
    expect(browser.watch.cspMessages).toEqual([]);
  });

  it('English: report from London, receipt, follow-up and a message', async () => {
    const t = await startReport(page, parasol.baseUrl, 'en');
    // JavaScript really is off: Escape does nothing (with it on, the quick-exit script would leave the site).
    await page.keyboard.press('Escape');
    expect(new URL(page.url()).pathname).toBe('/report');
    const report: Report = {
      area: 'gb-london',
      date: '2026-03-14',
      categories: ['robbery', 'threats'],
      perpetrators: ['client'],
      description: 'He took my phone and my money.\nThen he said he would come back.',
      phone: '07700 900123',
      support: 'yes',
      warn: 'yes',
      statistics: 'no',
      police: 'none',
      contactName: 'Rosa',
      contactDetails: 'Signal, evenings',
    };
    await fillReport(page, t, report);
    await expectFormKeeps(page, report);
    await screenshot(page, 'report-form-en');

    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
    const receipt = await expectReceiptPage(page, t, 'Soho Peer Support');
    await screenshot(page, 'receipt-en');

    // Coming back later from the landing page, typing the receipt as shown, with the spaces.
    await openReportChecked(page, t, receipt.replace(/(\d{4})(?=\d)/g, '$1 '), { fromLanding: `${parasol.baseUrl}/` });
    expect(await page.locator('dd.text').first().textContent()).toBe(report.description);
    const summary = (await page.locator('dl.summary').textContent()) ?? '';
    expect(summary).toContain('London');
    expect(summary).toContain(t('category.robbery'));
    expect(summary).toContain(t('perpetrator.client'));
    expect(summary).toContain('07700 900123');
    expect(summary).toContain('Rosa');
    expect(await page.getByText(t('followUp.noMessages')).count()).toBe(1);

    await sendMessage(page, t, 'Is anyone there? I can talk on Friday.');
    expect(await page.getByText(t('followUp.noMessages')).count()).toBe(0);
    // The receipt is never echoed back into the report page; its forms carry an access token instead.
    expect(await page.content()).not.toContain(receipt);
  });

  it('Arabic: right-to-left page, report from Bucharest, receipt typed in Arabic-Indic digits, message in Arabic', async () => {
    const t = await startReport(page, parasol.baseUrl, 'ar');
    const html = page.locator('html');
    expect(await html.getAttribute('dir')).toBe('rtl');
    expect(await html.getAttribute('lang')).toBe('ar');
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');

    // The layout really runs right to left: each radio sits to the right of its label, and the first language
    // in the switcher (English) is right of the second in its grid row.
    const radio = await page.locator('#support-0').boundingBox();
    const radioLabel = await page.locator('label[for="support-0"]').boundingBox();
    expect(radio && radioLabel).toBeTruthy();
    expect(radio!.x).toBeGreaterThan(radioLabel!.x + radioLabel!.width - 1);
    // (The language list is a disclosure: opened to measure, closed again.)
    await page.locator('.langs-menu summary').click();
    const langs = page.locator('ul.langs > li');
    const first = await langs.first().boundingBox();
    const second = await langs.nth(1).boundingBox();
    expect(first!.y).toBe(second!.y);
    expect(first!.x).toBeGreaterThan(second!.x);
    await page.locator('.langs-menu summary').click();
    // Headings start at the right edge of the content column.
    const viewport = page.viewportSize()!;
    const h1 = await page.getByRole('heading', { level: 1 }).evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(viewport.width - h1.right).toBeLessThan(24);

    const report: Report = {
      area: 'ro-bucharest',
      categories: ['physical_assault'],
      perpetrators: ['manager'],
      description: 'ضربني المدير وأخذ جواز سفري.',
      phone: '0721 234 567',
      support: 'yes',
      warn: 'no',
      statistics: 'yes',
      police: 'none',
    };
    await fillReport(page, t, report);
    await expectFormKeeps(page, report);
    await screenshot(page, 'report-form-ar');

    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
    expect(await html.getAttribute('dir')).toBe('rtl');
    expect(await html.getAttribute('lang')).toBe('ar');
    const receipt = await expectReceiptPage(page, t, 'Umbrela Roșie');
    await screenshot(page, 'receipt-ar');

    // A phone with an Arabic keyboard types ٠١٢٣٤٥٦٧٨٩.
    const arabicIndic = [...receipt].map((d) => String.fromCharCode(0x660 + Number(d))).join('');
    await openReportChecked(page, t, arabicIndic);
    expect(await html.getAttribute('dir')).toBe('rtl');
    expect(await page.locator('dd.text').first().textContent()).toBe(report.description);
    await sendMessage(page, t, 'هل يمكنكم مساعدتي في استعادة جوازي؟');
    expect(await html.getAttribute('lang')).toBe('ar');
    await screenshot(page, 'follow-up-ar');
  });

  it('Paris, covered by two organisations: the form comes back asking which, with everything kept', async () => {
    const t = await startReport(page, parasol.baseUrl, 'en');
    const report: Report = {
      area: 'fr-paris',
      date: '2026-02-01',
      categories: ['identity_checks', 'confiscation'],
      perpetrators: ['police_officer'],
      description: 'Officers took my condoms as "evidence" & my phone <again>.',
      phone: '06 12 34 56 78',
      support: 'no',
      warn: 'yes',
      statistics: 'yes',
      police: 'anonymous',
      contactName: '',
      contactDetails: 'WhatsApp after 10:00',
    };
    await fillReport(page, t, report);
    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(400);

    expect((await page.getByRole('main').getByRole('alert').first().textContent())?.trim()).toBe(t('error.chooseOrganisation'));
    const choice = page.getByRole('group', { name: t('form.where.organisation') });
    const options = await choice.getByRole('radio').evaluateAll((els) => els.map((e) => ((e as HTMLInputElement).labels?.[0]?.textContent ?? '').trim()));
    expect(options.sort()).toEqual(['Collectif Parapluie', 'Paris Migrant Workers Support']);
    expect(await choice.getByRole('radio', { checked: true }).count()).toBe(0);
    await expectFormKeeps(page, report);

    await choice.getByRole('radio', { name: 'Paris Migrant Workers Support' }).check();
    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
    await expectReceiptPage(page, t, 'Paris Migrant Workers Support');
  });

  it('an empty form comes back with an error summary that names each question, and errors next to each field', async () => {
    const t = await startReport(page, parasol.baseUrl, 'en');
    // The intro says only the place and what happened are needed, and the form agrees: the yes/no questions come
    // with the answers that share least already chosen, visibly, and the reporter can change them.
    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(400);

    const summary = page.locator('.error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.getByRole('heading').textContent()).toBe(t('form.errorSummary', { count: 2 }));
    const links = await summary.getByRole('link').evaluateAll((els) => els.map((a) => [a.getAttribute('href'), a.textContent]));
    // Every line names its question, so "Choose yes or no" three times can never happen again.
    expect(links).toEqual([
      ['#area', t('form.errorFor', { question: t('form.where.area'), problem: t('error.chooseArea') })],
      ['#category', t('form.errorFor', { question: t('form.what.legend'), problem: t('error.chooseCategory') })],
    ]);
    // Each error sits next to its field and is announced with it.
    expect(await page.locator('#area-error').textContent()).toBe(t('error.chooseArea'));
    expect(await page.locator('#area').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#area').getAttribute('aria-describedby')).toContain('area-error');
    expect(await page.locator('#category-error').textContent()).toBe(t('error.chooseCategory'));
    // The summary links lead to the fields, and focus goes there.
    await navigateHash(page, summary.getByRole('link', { name: t('error.chooseArea') }), '#area');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('area');
    await screenshot(page, 'report-form-errors-en');
    expect(await page.getByText(t('form.wants.defaults')).count()).toBe(1);
    // Defaults are untouched and protective: support yes (only her caseworker), no warning, no statistics, no police.
    const checked = async (name: string) => page.locator(`input[name="${name}"]:checked`).getAttribute('value');
    expect([await checked('support'), await checked('warn'), await checked('statistics'), await checked('police')]).toEqual(['yes', 'no', 'no', 'none']);
    expect(await page.locator('input[type="checkbox"]:checked').count()).toBe(0);
  });

  it('a half-filled form comes back with errors and everything typed still there', async () => {
    const t = await startReport(page, parasol.baseUrl, 'en');
    const typed = {
      detail: 'Hotel Astoria, room 12',
      description: 'Line one\n  indented line two\n\nAnd «quotes», <tags> & emoji 🌂',
      phone: '+44 7700 900456',
      contactName: 'M.',
      contactDetails: 'Telegram @mm',
    };
    await page.locator('#place_detail').fill(typed.detail);
    await page.getByRole('checkbox', { name: t('category.extortion'), exact: true }).check();
    await page.locator('#description').fill(typed.description);
    await page.getByLabel(t('form.who.identifierValue', { n: 1 }), { exact: true }).fill(typed.phone);
    await page.getByLabel(t('form.who.identifierKind', { n: 2 }), { exact: true }).selectOption({ value: 'handle' });
    await page.getByLabel(t('form.who.identifierValue', { n: 2 }), { exact: true }).fill('@badclient');
    await page
      .getByRole('group', { name: t('form.wants.warn') })
      .getByRole('radio', { name: t('form.no'), exact: true })
      .check();
    await page.getByRole('radio', { name: t('police.identified'), exact: true }).check();
    await page.locator('#contact_name').fill(typed.contactName);
    await page.locator('#contact_details').fill(typed.contactDetails);

    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(400);
    const links = await page.locator('.error-summary a').evaluateAll((els) => els.map((a) => a.getAttribute('href')));
    // Only the place is missing: the yes/no questions came with their answers chosen.
    expect(links).toEqual(['#area']);

    expect(await page.locator('#place_detail').inputValue()).toBe(typed.detail);
    expect(await page.locator('#description').inputValue()).toBe(typed.description);
    expect(await page.locator('#id_value_1').inputValue()).toBe(typed.phone);
    expect(await page.locator('#id_kind_2').inputValue()).toBe('handle');
    expect(await page.locator('#id_value_2').inputValue()).toBe('@badclient');
    expect(await page.locator('input[name="category"]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['extortion']);
    expect(await page.locator('input[name="warn"]:checked').getAttribute('value')).toBe('no');
    expect(await page.locator('input[name="police"]:checked').getAttribute('value')).toBe('identified');
    expect(await page.locator('#contact_name').inputValue()).toBe(typed.contactName);
    expect(await page.locator('#contact_details').inputValue()).toBe(typed.contactDetails);

    // Fix the errors and send: the kept values are the ones stored.
    await page.getByLabel(t('form.where.area')).selectOption({ value: 'gb-manchester' });
    await page
      .getByRole('group', { name: t('form.wants.support') })
      .getByRole('radio', { name: t('form.yes'), exact: true })
      .check();
    await page
      .getByRole('group', { name: t('form.wants.statistics') })
      .getByRole('radio', { name: t('form.yes'), exact: true })
      .check();
    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
    const receipt = await expectReceiptPage(page, t, 'Soho Peer Support');
    await openReportChecked(page, t, receipt);
    // Stored trimmed, inner spacing and line breaks intact.
    expect(await page.locator('dd.text').first().textContent()).toBe(typed.description);
    expect(await page.locator('dl.summary').textContent()).toContain(typed.detail);
  });
});

/** Screen-reader behaviour after a failed submit without JavaScript. */
describe.skipIf(!CHROMIUM_AVAILABLE)('errors reach screen-reader users without JavaScript', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;
  const t = reporterTranslator('en').t;

  beforeAll(async () => {
    parasol = await startParasol();
    browser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl });
    page = await browser.newPage();
    await page.goto(`${parasol.baseUrl}/report`);
    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(400);
  });

  afterAll(async () => {
    await browser?.close();
    await parasol?.close();
  });

  // role="alert" on a freshly loaded page is not reliably announced; focus on the summary is.
  it('after a failed submit, focus is on the error summary', async () => {
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
  });

  // "Choose at least one thing that happened." must be read when a screen-reader user reaches the check boxes.
  it('the category error is announced with the category check boxes', async () => {
    const describedBy = await page.locator('#category fieldset').evaluateAll((els) => els.map((e) => e.getAttribute('aria-describedby') ?? ''));
    expect(describedBy.length).toBeGreaterThan(0);
    for (const ids of describedBy) expect(ids.split(' ')).toContain('category-error');
  });
});

/** Follows an in-page link and checks the fragment it lands on (no new document). */
async function navigateHash(page: Page, link: Locator, hash: string): Promise<void> {
  await link.click();
  await page.waitForURL((u) => u.hash === hash);
}
