/**
 * The statistics pages in Chromium with JavaScript OFF: every chart and the
 * maps are drawn (server-rendered SVG), each names itself for screen readers
 * and links to the table with the same numbers, nothing is loaded from
 * elsewhere and nothing breaks the Content-Security-Policy. The evidence
 * report prints (print stylesheet) and saves as PDF. The anonymous survey
 * form works without JavaScript, errors included. Screenshots go to
 * test-output/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRelease } from '../../src/core/statistics/release.service.js';
import { createWave, setWaveStatus, validateWave } from '../../src/core/surveys/surveys.service.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, launchBrowser, navigate, screenshot, SCREENSHOT_DIR, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { navigate as navigateFollowing } from '../helpers/staff-browser.js';
import { seedStatistics } from './statistics-data.js';

const en = reporterTranslator('en').t;

/** Every figure on the page: drawn, named, and followed by its table. */
async function expectFigures(page: Page, minimum: number): Promise<number> {
  const figures = page.locator('main figure');
  const count = await figures.count();
  expect(count).toBeGreaterThanOrEqual(minimum);
  for (let i = 0; i < count; i++) {
    const figure = figures.nth(i);
    const svg = figure.locator('.figure-body > svg');
    expect(await svg.count()).toBe(1);
    const box = await svg.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(150);
    expect(box?.height ?? 0).toBeGreaterThan(60);
    // Something is actually drawn: marks (bars, country shapes) inside the SVG.
    expect(await svg.locator('path, rect, line').count()).toBeGreaterThan(5);
    expect(await svg.getAttribute('role')).toBe('img');
    expect((await svg.getAttribute('aria-label'))?.length ?? 0).toBeGreaterThan(10);
    // No style attribute anywhere in the drawing (CSP: style-src 'self').
    expect(await figure.locator('[style]').count()).toBe(0);
    // The table alternative: the caption links to a table that holds the numbers.
    const href = await figure.locator('figcaption a').getAttribute('href');
    expect(href).toMatch(/^#/);
    const table = page.locator(`table${href}`);
    expect(await table.count()).toBe(1);
    expect(await table.locator('caption').count()).toBe(1);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
  }
  return count;
}

describe.skipIf(!CHROMIUM_AVAILABLE)('statistics in Chromium, JavaScript off', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;
  let waveId: string;

  beforeAll(async () => {
    parasol = await startParasol();
    const { ctx, demoKeys } = parasol.t;
    await seedStatistics(ctx.core.db, demoKeys);
    // An open survey wave for the form.
    const coordinator = demoKeys.find((k) => k.organisation === 'umbrela-rosie' && k.role === 'admin')!;
    const user = { id: coordinator.userId, organisationId: coordinator.organisationId, role: 'admin' as const, displayName: 'c', username: coordinator.username };
    const today = ctx.clock.now().toISOString().slice(0, 10);
    // Open for a week: a run that crosses midnight (UTC) must still find the wave collecting.
    const inAWeek = new Date(ctx.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const v = await validateWave(ctx.core.db, { title: 'Summer check-in', countryCode: 'RO', areaId: '', startsDay: today, endsDay: inAWeek, languages: ['en', 'ro', 'ar'], custom: [] });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    waveId = await createWave(ctx.core, user, v.value);
    await setWaveStatus(ctx.core, user, waveId, 'open');
    await buildRelease(ctx.core.db, ctx.clock, 5);
    browser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl, viewport: { width: 1100, height: 900 } });
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parasol?.close();
  });

  beforeEach(() => browser.watch.reset());

  function expectContained(): void {
    expect(browser.watch.foreignRequests, 'requests to other hosts').toEqual([]);
    expect(browser.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
  }

  it('the reports page draws its charts and the map, each with its table', async () => {
    expect((await page.goto(`${parasol.baseUrl}/statistics?lang=en`))?.status()).toBe(200);
    expect(await expectFigures(page, 5)).toBe(5);
    // The map shades countries: Romania (31 reports) is in a darker class than a country with none.
    const map = page.locator('figure.map svg');
    expect(await map.locator('path').count()).toBeGreaterThan(40);
    expect(await page.locator('table[data-table="reports-by-country"] tr[data-row="MD"] td').first().textContent()).toBe(en('stats.cell.small', { k: 5 }));
    await screenshot(page, 'statistics-reports');
    expectContained();
  });

  it('the reports page in Arabic (right to left) and on a phone', async () => {
    const phone = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl });
    try {
      const p = await phone.newPage();
      expect((await p.goto(`${parasol.baseUrl}/statistics?lang=ar`))?.status()).toBe(200);
      expect(await p.locator('html').getAttribute('dir')).toBe('rtl');
      await expectFigures(p, 5);
      // Nothing but the tables' own scroll regions may scroll sideways at phone width.
      expect(await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(p, 'statistics-reports-ar-phone');
      expect(phone.watch.foreignRequests).toEqual([]);
      expect(phone.watch.cspMessages).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('the operations page draws its chart and map, and lists the Soho and Chinatown operation', async () => {
    expect((await page.goto(`${parasol.baseUrl}/statistics/operations?lang=en`))?.status()).toBe(200);
    expect(await expectFigures(page, 2)).toBe(2);
    expect(await page.locator('table[data-table="operations"]').textContent()).toContain('London (Soho and Chinatown)');
    await screenshot(page, 'statistics-operations');
    expectContained();
  });

  it('the survey results draw the trust chart with its table', async () => {
    expect((await page.goto(`${parasol.baseUrl}/statistics/surveys?lang=en`))?.status()).toBe(200);
    expect(await expectFigures(page, 1)).toBe(1);
    await screenshot(page, 'statistics-surveys');
    expectContained();
  });

  it('the evidence report prints without navigation or forms, and saves as PDF', async () => {
    expect((await page.goto(`${parasol.baseUrl}/statistics/evidence?country=GB&from=2016&to=2026&lang=en`))?.status()).toBe(200);
    await screenshot(page, 'statistics-evidence');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.stats-tabs').isVisible()).toBe(false);
    expect(await page.locator('form.filters').isVisible()).toBe(false);
    expect(await page.locator('#quick-exit').isVisible()).toBe(false);
    expect(await page.locator('.report-title').isVisible()).toBe(true);
    expect(await page.locator('table[data-table="operations"]').isVisible()).toBe(true);
    await screenshot(page, 'statistics-evidence-print');
    const pdf = path.join(SCREENSHOT_DIR, 'statistics-evidence-report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000);
    await page.emulateMedia({ media: 'screen' });
    expectContained();
  });

  it('the open data page lists every file, and the files download', async () => {
    expect((await page.goto(`${parasol.baseUrl}/open-data?lang=en`))?.status()).toBe(200);
    const links = await page.locator('main a[href^="/open-data/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(links).toContain('/open-data/statistics.json');
    expect(links).toContain('/open-data/reports-by-country.csv');
    expect(links).toContain('/open-data/operations.csv');
    for (const href of links) {
      const res = await page.request.get(`${parasol.baseUrl}${href}`);
      expect(res.status(), href).toBe(200);
    }
    await screenshot(page, 'statistics-open-data');
    expectContained();
  });

  it('the survey form works without JavaScript: a mistake keeps every choice, then the answers are sent', async () => {
    const t = reporterTranslator('en').t;
    expect((await page.goto(`${parasol.baseUrl}/surveys/${waveId}?lang=en`))?.status()).toBe(200);
    const trust = page.getByRole('group', { name: t('survey.q.trust_police') });
    await trust.getByRole('radio', { name: t('survey.o.trust_police.a_little'), exact: true }).check();
    const experience = page.getByRole('group', { name: t('survey.q.police_experience') });
    await experience.getByRole('checkbox', { name: t('survey.o.police_experience.identity_checks') }).check();
    await experience.getByRole('checkbox', { name: t('survey.o.police_experience.none') }).check();
    expect(await navigate(page, page.getByRole('button', { name: t('survey.form.submit') }))).toBe(400);
    expect(await page.locator('.error-summary').textContent()).toContain(t('survey.error.exclusive'));
    expect(await trust.getByRole('radio', { name: t('survey.o.trust_police.a_little'), exact: true }).isChecked()).toBe(true);
    expect(await experience.getByRole('checkbox', { name: t('survey.o.police_experience.identity_checks') }).isChecked()).toBe(true);
    await screenshot(page, 'survey-form-error');
    await experience.getByRole('checkbox', { name: t('survey.o.police_experience.none') }).uncheck();
    // Sent: the answer is a redirect to the thank-you page (so reloading it sends nothing twice).
    expect(await navigateFollowing(page, page.getByRole('button', { name: t('survey.form.submit') }))).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('survey.thanks.title'));
    const rows = await parasol.t.ctx.core.db.selectFrom('survey_answers').select(['question', 'answer']).where('wave_id', '=', waveId).orderBy('question').execute();
    expect(rows.filter((r) => r.answer !== '_none')).toEqual([
      { question: 'police_experience', answer: 'identity_checks' },
      { question: 'trust_police', answer: 'a_little' },
    ]);
    expectContained();
  });
});
