/**
 * The services directory, country profiles and the map in a real Chromium.
 * With JavaScript OFF (as on Tor Browser at "Safest"): the map renders with
 * each country coloured by its legal model and linked to its profile, its
 * table lists the same; the directory's filters work; a profile reads right
 * to left in Arabic at 320 px; the receipt after a report of sexual violence
 * in Bucharest, in Romanian, lists Romanian-speaking health and legal
 * services there first. With JavaScript ON (axe needs it): no axe violation
 * on the directory, profile and map pages, nothing blocked by the CSP, and
 * nothing requested from another host.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countryName } from '../../src/core/places/countries.js';
import { listProfiles } from '../../src/core/rights/profiles.repository.js';
import type { ReporterLocale } from '../../src/i18n/locales.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { MODEL_COLOURS } from '../../src/web/reporter/rights/rights-map.view.js';
import { CHROMIUM_AVAILABLE, fillReport, launchBrowser, navigate, screenshot, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { describeViolations } from '../helpers/staff-browser.js';

const tr = (lang: ReporterLocale) => reporterTranslator(lang).t;

/** '#a50f15' -> 'rgb(165, 15, 21)', as getComputedStyle reports a fill. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.skipIf(!CHROMIUM_AVAILABLE)('services and rights in Chromium', () => {
  let parasol: RunningParasol;

  beforeAll(async () => {
    parasol = await startParasol();
  });
  afterAll(async () => {
    await parasol?.close();
  });

  describe('with JavaScript off', () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      browser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.baseUrl });
    });
    afterAll(async () => {
      await browser?.close();
    });
    beforeEach(async () => {
      browser.watch.reset();
      page = await browser.newPage();
    });
    afterEach(async () => {
      await page?.close();
      expect(browser.watch.foreignRequests, 'requests to other hosts').toEqual([]);
    });

    it('the map renders, each country coloured by its model and linking to its profile, and its table lists the same', async () => {
      await page.setViewportSize({ width: 1000, height: 900 });
      expect((await page.goto(`${parasol.baseUrl}/rights/map?lang=en`))?.status()).toBe(200);
      const profiles = await listProfiles(parasol.t.ctx.core.db);
      const shapes = await page.locator('svg.rights-map a.country').evaluateAll((els) =>
        els.map((a) => {
          const shape = a.querySelector('path, circle')!;
          const box = (shape as SVGGraphicsElement).getBBox();
          return { code: a.getAttribute('data-code')!, href: a.getAttribute('href')!, label: a.getAttribute('aria-label')!, fill: getComputedStyle(shape).fill, width: box.width, height: box.height };
        }),
      );
      expect(shapes.length).toBeGreaterThanOrEqual(52);
      const byCode = new Map(profiles.map((p) => [p.code, p]));
      for (const s of shapes) {
        const p = s.code === 'GB' ? byCode.get('GB-EAW')! : byCode.get(s.code)!;
        expect(p, s.code).toBeDefined();
        expect(s.fill, s.code).toBe(rgb(MODEL_COLOURS[p.legalModel]));
        expect(s.href).toBe(`/rights/${s.code}?lang=en`);
        expect(s.label).toContain(tr('en')(`rights.model.${p.legalModel}`));
        // Drawn: it has a size on the page.
        expect(s.width * s.height, s.code).toBeGreaterThan(0);
      }
      const drawn = new Set(shapes.map((s) => s.code));
      for (const p of profiles) if (p.code !== 'NZ') expect(drawn.has(p.code) || (p.code.startsWith('GB-') && p.code !== 'GB-NIR' && drawn.has('GB')), p.code).toBe(true);
      // The table: one row per profile, same model as on the map.
      const rows = await page
        .locator('table.rights-table tbody tr')
        .evaluateAll((trs) => trs.map((r) => ({ code: r.getAttribute('data-code')!, model: r.getAttribute('data-model')!, cells: Array.from(r.children).map((c) => c.textContent!.trim()) })));
      expect(rows).toHaveLength(54);
      for (const r of rows) {
        expect(r.model).toBe(byCode.get(r.code)!.legalModel);
        expect(r.cells[1]).toBe(tr('en')(`rights.model.${r.model}` as 'rights.model.regulated'));
      }
      expect(await page.getByRole('table', { name: tr('en')('rights.table.caption') }).count()).toBe(1);
      await screenshot(page, 'services-map-en');
      // A country is a link, without any script.
      expect(await navigate(page, page.locator('a.country[data-code="FR"]'))).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/rights/FR');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(countryName('FR', 'en'));
    });

    it('the directory filters without JavaScript, and "does not share data with immigration" leaves out every other rating', async () => {
      const t = tr('ro');
      await page.goto(`${parasol.baseUrl}/services?lang=ro`);
      await page.getByLabel(t('services.filter.place')).selectOption('ro-bucharest');
      await page.getByLabel(t('services.filter.noImmigration')).check();
      expect(await navigate(page, page.getByRole('button', { name: t('services.filter.apply') }))).toBe(200);
      expect(new URL(page.url()).searchParams.get('noimm')).toBe('1');
      const articles = page.locator('article.service');
      const n = await articles.count();
      expect(n).toBeGreaterThan(2);
      for (let i = 0; i < n; i++) {
        const text = (await articles.nth(i).textContent()) ?? '';
        expect(text).toContain(t('services.firewall.immigration.no'));
        expect(text).not.toContain(t('services.firewall.immigration.unknown'));
        expect(text).not.toContain(t('services.firewall.immigration.yes'));
      }
      expect(await page.getByLabel(t('services.filter.noImmigration')).isChecked()).toBe(true);
      expect(await page.getByLabel(t('services.filter.place')).inputValue()).toBe('ro-bucharest');
      await screenshot(page, 'services-directory-ro');
    });

    it('a profile reads right to left in Arabic at 320 px, and nothing scrolls sideways on the directory, profile and map', async () => {
      await page.setViewportSize({ width: 320, height: 640 });
      const t = tr('ar');
      expect((await page.goto(`${parasol.baseUrl}/rights/BA?lang=ar`))?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(countryName('BA', 'ar'));
      expect(await page.getByRole('note').first().textContent()).toBe(t('rights.unverified'));
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'services-profile-ar-320');
      for (const [url, name] of [
        ['/services?lang=ar', 'services-directory-ar-320'],
        ['/rights/map?lang=ar', 'services-map-ar-320'],
        ['/rights/guides/victims?lang=ar', 'services-guide-ar-320'],
      ] as const) {
        expect((await page.goto(`${parasol.baseUrl}${url}`))?.status()).toBe(200);
        expect(await sidewaysOverflow(page), url).toBeLessThanOrEqual(0);
        await screenshot(page, name, { fullPage: false });
      }
    });

    it('after a report of sexual violence in Bucharest, made in Romanian, the receipt lists Romanian-speaking health and legal services in Bucharest first', async () => {
      const t = tr('ro');
      await page.goto(`${parasol.baseUrl}/report?lang=ro`);
      await fillReport(page, t, {
        area: 'ro-bucharest',
        categories: ['sexual_violence'],
        perpetrators: ['client'],
        description: 'M-a forțat.',
        phone: '0722 000 000',
        support: 'yes',
        warn: 'no',
        statistics: 'yes',
        police: 'none',
      });
      expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
      const section = page.getByRole('region', { name: t('services.referrals.title') });
      const articles = section.locator('article.service');
      expect(await articles.count()).toBeGreaterThanOrEqual(3);
      const romanian = new Intl.DisplayNames(['ro'], { type: 'language' }).of('ro')!;
      const kinds: string[] = [];
      for (let i = 0; i < 3; i++) {
        const a = articles.nth(i);
        const text = (await a.textContent()) ?? '';
        // The place: the city, then the country, each on its own line (an address may follow).
        expect((await a.locator('dl.facts dd').first().innerText()).split('\n').slice(0, 2)).toEqual(['București', countryName('RO', 'ro')]);
        expect(text.toLowerCase()).toContain(romanian.toLowerCase());
        kinds.push((await a.locator('.kinds').textContent()) ?? '');
      }
      expect(kinds.some((k) => k.includes(t('services.category.health')))).toBe(true);
      expect(kinds.some((k) => k.includes(t('services.category.legal_aid')))).toBe(true);
      for (const k of kinds) expect(k.includes(t('services.category.health')) || k.includes(t('services.category.legal_aid'))).toBe(true);
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'services-receipt-referrals-ro');
    });
  });

  describe('with JavaScript on: axe finds no violations', () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      browser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.baseUrl });
    });
    afterAll(async () => {
      await browser?.close();
    });
    beforeEach(async () => {
      browser.watch.reset();
      page = await browser.newPage();
    });
    afterEach(async () => {
      await page?.close();
    });

    const PAGES: Array<[string, string]> = [
      ['directory (en)', '/services?lang=en'],
      ['directory filtered (ro)', '/services?place=ro-bucharest&noimm=1&category=health&lang=ro'],
      ['directory (ar)', '/services?lang=ar'],
      ['map (en)', '/rights/map?lang=en'],
      ['map (ar)', '/rights/map?lang=ar'],
      ['profile (fr)', '/rights/FR?lang=fr'],
      ['profile, unverified (ar)', '/rights/BA?lang=ar'],
      ['profile of a part (ru)', '/rights/GB-SCT?lang=ru'],
      ['country in parts (en)', '/rights/GB?lang=en'],
      ['rights hub (es)', '/rights?lang=es'],
      ['guide (en)', '/rights/guides/police?lang=en'],
      ['guide (ar)', '/rights/guides/victims?lang=ar'],
    ];

    for (const [name, url] of PAGES) {
      it(name, async () => {
        expect((await page.goto(`${parasol.baseUrl}${url}`))?.status()).toBe(200);
        // Full detail for violations only: the verdict is the same, and long pages check in a fraction of the time.
        const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
        expect(describeViolations(results)).toBe('');
        // axe ran its full set of rules, so an empty list means something.
        expect(results.passes.length).toBeGreaterThan(10);
        expect(browser.watch.foreignRequests, 'requests to other hosts').toEqual([]);
        expect(browser.watch.cspMessages, 'CSP refusals').toEqual([]);
        expect(browser.watch.pageErrors, 'script errors').toEqual([]);
      });
    }

    it('a service page with its description marked as written in another language (en, ar)', async () => {
      const db = parasol.t.ctx.core.db;
      const service = await db.selectFrom('services').select('id').where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
      await db.updateTable('services').set({ description_lang: 'ro' }).where('id', '=', service.id).execute();
      for (const lang of ['en', 'ar'] as const) {
        expect((await page.goto(`${parasol.baseUrl}/services/${service.id}?lang=${lang}`))?.status()).toBe(200);
        expect(await page.locator('[data-written-in="ro"]').count()).toBe(1);
        const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
        expect(describeViolations(results), lang).toBe('');
      }
      expect(browser.watch.cspMessages).toEqual([]);
    });

    it('a service page, and the stylesheet applies under the CSP', async () => {
      await page.goto(`${parasol.baseUrl}/services?lang=en`);
      const href = await page.locator('article.service a', { hasText: 'Page of this service' }).first().getAttribute('href');
      expect((await page.goto(`${parasol.baseUrl}${href}`))?.status()).toBe(200);
      const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
      expect(describeViolations(results)).toBe('');
      // services.css applied: the firewall box has its coloured edge.
      expect(
        await page
          .locator('section.firewall')
          .first()
          .evaluate((el) => getComputedStyle(el).borderInlineStartWidth),
      ).toBe('6px');
      expect(browser.watch.cspMessages).toEqual([]);
    });
  });
});
