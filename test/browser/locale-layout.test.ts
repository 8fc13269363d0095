/**
 * Every reporter locale at 320 px in Chromium with JavaScript OFF: lists are
 * joined with the locale's own conjunction (Intl.ListFormat), a place reads
 * "area, country" in the locale's punctuation, organisation names sit in
 * <bdi> so that Latin names do not reorder inside Arabic text, the report
 * form's steps neither run together nor overlap, no page scrolls sideways,
 * and every chart's words are drawn at a readable size and inside the chart.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countryName } from '../../src/core/places/countries.js';
import { submitReport } from '../../src/core/reports/reports.service.js';
import { buildRelease } from '../../src/core/statistics/release.service.js';
import { REPORTER_LOCALES, type ReporterLocale } from '../../src/i18n/locales.js';
import { reporterTranslator, type ReporterMessageId } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, launchBrowser, navigate, screenshot, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { seedStatistics } from './statistics-data.js';

const CATEGORIES = ['robbery', 'threats', 'physical_assault'] as const;
const PERPETRATORS = ['client', 'police_officer'] as const;
/** Smallest rendered chart text, in CSS pixels, on a 320 px screen (it was about 5 px before charts were drawn for phones). */
const MIN_CHART_TEXT_PX = 10.5;

/** Fails with the offending elements when the page is wider than the screen. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const wide = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > limit) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      // Tables scroll inside their own focusable region by design; what is inside them may be wider.
      if (el.parentElement?.closest('.table-wrap')) continue;
      const r = el.getBoundingClientRect();
      // Words wider than their own box (an unbreakable word) overflow without widening the box itself.
      const style = getComputedStyle(el);
      if (el instanceof HTMLElement && style.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.display !== 'inline') {
        out.push(`${el.tagName.toLowerCase()}.${el.className} holds something ${el.scrollWidth - el.clientWidth}px wider than itself`);
      }
      // Moved out of sight on purpose until focused (the skip link): positioned wholly off the screen.
      if ((r.right <= 0 || r.left >= limit) && ['absolute', 'fixed'].includes(getComputedStyle(el).position)) continue;
      if (r.width > 0 && (r.right > limit + 1 || r.left < -1)) out.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      if (out.length > 5) break;
    }
    return out;
  });
  expect(wide, `${where} overflows a 320 px screen`).toEqual([]);
}

describe.skipIf(!CHROMIUM_AVAILABLE)('every reporter locale at 320 px, JavaScript off', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;
  let receipt: string;
  let organisations: string[];
  let area: string;

  beforeAll(async () => {
    parasol = await startParasol();
    const { ctx, demoKeys } = parasol.t;
    await seedStatistics(ctx.core.db, demoKeys);
    await buildRelease(ctx.core.db, ctx.clock, 5);
    const submitted = await submitReport(ctx.core, {
      countryCode: 'RO',
      areaId: 'ro-bucharest',
      organisationId: null,
      placeDetail: '',
      incidentDate: null,
      categories: [...CATEGORIES],
      perpetratorTypes: [...PERPETRATORS],
      description: 'He took the money and threatened me.',
      identifiers: [],
      wantsSupport: true,
      warnOthers: false,
      statistics: false,
      police: 'none',
      contact: null,
      language: 'en',
    });
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    receipt = submitted.receipt;
    const orgs = await ctx.core.db.selectFrom('organisations').select('name').orderBy('name').execute();
    organisations = orgs.map((o) => o.name);
    area = (await ctx.core.db.selectFrom('areas').select('name').where('id', '=', 'ro-bucharest').executeTakeFirstOrThrow()).name;
    browser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl, viewport: { width: 320, height: 700 } });
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await parasol?.close();
  });

  const open = async (path: string, lang: ReporterLocale): Promise<void> => {
    const res = await page.goto(`${parasol.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
    expect(res?.status(), `${path} in ${lang}`).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
  };

  for (const lang of REPORTER_LOCALES) {
    it(`${lang}: lists, places, names and layout`, async () => {
      const t = reporterTranslator(lang).t;
      const list = new Intl.ListFormat(lang, { type: 'conjunction' });
      const country = countryName('RO', lang);

      // The landing page: the organisations joined in the locale, each name isolated.
      await open('/', lang);
      const bdi = await page.locator('main .lead bdi').allTextContents();
      expect(bdi.sort()).toEqual([...organisations].sort());
      const lead = (await page.locator('main .lead').first().textContent()) ?? '';
      expect(lead).toContain(list.format(await page.locator('main .lead bdi').allTextContents()));
      await expectNoSidewaysScroll(page, `/ in ${lang}`);

      // The report form: one step per line or column, numbers never on top of the words.
      await open('/report', lang);
      const steps = await page
        .locator('ol.steps > li')
        .evaluateAll((items) => items.map((li) => li.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right })));
      expect(steps.length).toBeGreaterThan(3);
      for (let i = 0; i < steps.length; i++) {
        for (let j = i + 1; j < steps.length; j++) {
          const [a, b] = [steps[i]!, steps[j]!];
          const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
          expect(overlap, `steps ${i + 1} and ${j + 1} overlap in ${lang}`).toBe(false);
        }
      }
      // The number is part of each item's box (inside), so it cannot overlap the previous item's words.
      expect(await page.locator('ol.steps').evaluate((ol) => getComputedStyle(ol).listStylePosition)).toBe('inside');
      await expectNoSidewaysScroll(page, `/report in ${lang}`);

      // The reporter's own report: categories and perpetrators joined in the locale, the place in its punctuation.
      await open('/follow-up', lang);
      await page.locator('input[name="receipt"]').fill(receipt);
      expect(await navigate(page, page.locator('main form button[type="submit"]').first())).toBe(200);
      const summary = await page.locator('dl.summary dd').allTextContents();
      expect(summary).toContain(list.format(CATEGORIES.map((c) => t(`category.${c}` as ReporterMessageId))));
      expect(summary).toContain(list.format(PERPETRATORS.map((p) => t(`perpetrator.${p}` as ReporterMessageId))));
      expect(summary.some((d) => d.startsWith(t('place.areaInCountry', { area, country })))).toBe(true);
      expect(await page.locator('main bdi').count()).toBeGreaterThan(0);
      await expectNoSidewaysScroll(page, `the follow-up page in ${lang}`);

      // Statistics and open data: nothing wider than the screen; every chart's text readable and inside its drawing.
      for (const path of ['/statistics', '/statistics/operations', '/open-data', '/rights']) {
        await open(path, lang);
        await expectNoSidewaysScroll(page, `${path} in ${lang}`);
      }
      await open('/statistics', lang);
      const charts = await page.locator('svg.chart-svg').evaluateAll(
        (svgs, min) =>
          svgs.map((svg) => {
            const box = svg.getBoundingClientRect();
            const scale = box.width / (svg as SVGSVGElement).viewBox.baseVal.width;
            const problems: string[] = [];
            for (const text of Array.from(svg.querySelectorAll('text'))) {
              const size = Number.parseFloat(text.getAttribute('font-size') ?? '0') * scale;
              if (text.textContent && size < min) problems.push(`"${text.textContent}" at ${size.toFixed(1)}px`);
              const r = text.getBoundingClientRect();
              if (text.textContent && (r.left < box.left - 1 || r.right > box.right + 1)) problems.push(`"${text.textContent}" cut off`);
            }
            return { width: box.width, problems: problems.slice(0, 5).map((p) => `${p} (drawing ${Math.round((svg as SVGSVGElement).viewBox.baseVal.width)} wide)`) };
          }),
        MIN_CHART_TEXT_PX,
      );
      expect(charts.length).toBeGreaterThanOrEqual(3);
      for (const c of charts) expect(c.problems, `a chart in ${lang}`).toEqual([]);
      if (lang === 'th' || lang === 'ar') await screenshot(page, `statistics-320-${lang}`, { fullPage: true });
    }, 120_000);
  }
});
