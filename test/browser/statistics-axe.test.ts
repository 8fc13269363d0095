/**
 * Accessibility of the statistics pages, the survey form and the monitors'
 * pages, in Chromium with JavaScript ON (axe-core needs it; the no-script
 * rendering has its own suite): no axe violations, in English and in a
 * right-to-left language (public) or French (staff), with nothing loaded
 * from elsewhere and no Content-Security-Policy refusal.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { buildRelease } from '../../src/core/statistics/release.service.js';
import { createWave, setWaveStatus, validateWave } from '../../src/core/surveys/surveys.service.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, launchBrowser, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { describeViolations, navigate, staffLogin, staffT } from '../helpers/staff-browser.js';
import { seedStatistics } from './statistics-data.js';

interface PageCase {
  readonly name: string;
  open(page: Page, lang: string): Promise<void>;
}

describe.skipIf(!CHROMIUM_AVAILABLE)('statistics and monitoring pages in Chromium, JavaScript on: axe', () => {
  let parasol: RunningParasol;
  let publicBrowser: Browser;
  let staffBrowser: Browser;
  let pub: Page;
  let staff: Page;
  let waveId: string;
  let operationId: string;
  let demo: DemoKey;

  beforeAll(async () => {
    parasol = await startParasol();
    const { ctx, demoKeys } = parasol.t;
    await seedStatistics(ctx.core.db, demoKeys);
    demo = demoKeys.find((k) => k.organisation === 'soho-peers' && k.role === 'admin')!;
    const user = { id: demo.userId, organisationId: demo.organisationId, role: 'admin' as const, displayName: 'c', username: demo.username };
    const today = ctx.clock.now().toISOString().slice(0, 10);
    // Open for a week: a run that crosses midnight (UTC) must still find the wave collecting.
    const inAWeek = new Date(ctx.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const v = await validateWave(ctx.core.db, {
      title: 'Soho check-in',
      countryCode: 'GB',
      areaId: 'gb-london',
      startsDay: today,
      endsDay: inAWeek,
      languages: ['en', 'ar', 'th'],
      custom: [{ en: 'Did the outreach van reach you?\nYes\nNo', ar: 'هل وصلت إليك سيارة التوعية؟\nنعم\nلا', th: 'รถหน่วยเคลื่อนที่ไปถึงคุณไหม\nถึง\nไม่ถึง' }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    waveId = await createWave(ctx.core, user, v.value);
    await setWaveStatus(ctx.core, user, waveId, 'open');
    operationId = (await ctx.core.db.selectFrom('operations').select('id').where('organisation_id', '=', demo.organisationId).executeTakeFirstOrThrow()).id;
    await buildRelease(ctx.core.db, ctx.clock, 5);
    publicBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.baseUrl, viewport: { width: 1280, height: 900 } });
    staffBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } });
    pub = await publicBrowser.newPage();
    staff = await staffBrowser.newPage();
    expect(await staffLogin(staff, parasol.servers.staffUrl, staffT('en'), demo)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await publicBrowser?.close();
    await staffBrowser?.close();
    await parasol?.close();
  });

  beforeEach(() => {
    publicBrowser.watch.reset();
    staffBrowser.watch.reset();
  });

  const open = async (page: Page, base: string, path: string, lang: string, status = 200) => {
    const res = await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
    expect(res?.status(), path).toBe(status);
  };

  const PUBLIC: PageCase[] = [
    { name: 'reports', open: (p, l) => open(p, parasol.baseUrl, '/statistics', l) },
    { name: 'operations', open: (p, l) => open(p, parasol.baseUrl, '/statistics/operations', l) },
    { name: 'operations for one country', open: (p, l) => open(p, parasol.baseUrl, '/statistics/operations?country=GB', l) },
    { name: 'surveys', open: (p, l) => open(p, parasol.baseUrl, '/statistics/surveys', l) },
    { name: 'evidence report (all places)', open: (p, l) => open(p, parasol.baseUrl, '/statistics/evidence', l) },
    { name: 'evidence report (one country and period)', open: (p, l) => open(p, parasol.baseUrl, '/statistics/evidence?country=GB&from=2016&to=2025', l) },
    { name: 'open data', open: (p, l) => open(p, parasol.baseUrl, '/open-data', l) },
    { name: 'survey form', open: (p, l) => open(p, parasol.baseUrl, `/surveys/${waveId}`, l) },
    {
      name: 'survey form with an error',
      open: async (p, l) => {
        const t = reporterTranslator(l as 'en' | 'ar').t;
        await open(p, parasol.baseUrl, `/surveys/${waveId}`, l);
        expect(await navigate(p, p.getByRole('button', { name: t('survey.form.submit') }))).toBe(400);
        expect(await p.locator('.error-summary').count()).toBe(1);
      },
    },
    { name: 'survey closed', open: (p, l) => open(p, parasol.baseUrl, `/surveys/${'a'.repeat(32)}`, l, 404) },
  ];

  for (const lang of ['en', 'ar']) {
    describe(`public pages (${lang})`, () => {
      for (const c of PUBLIC) {
        it(c.name, { timeout: 180_000 }, async () => {
          await c.open(pub, lang);
          // A chart or map is one image (role="img" with a name, its numbers in the table beside it): the shapes
          // inside are presentational, so axe need not walk every one of them.
          const results = await new AxeBuilder({ page: pub }).exclude('figure svg *').analyze();
          expect(describeViolations(results)).toBe('');
          expect(results.passes.length).toBeGreaterThan(10);
          expect(publicBrowser.watch.foreignRequests).toEqual([]);
          expect(publicBrowser.watch.cspMessages).toEqual([]);
          expect(publicBrowser.watch.pageErrors).toEqual([]);
        });
      }
    });
  }

  const STAFF: PageCase[] = [
    { name: 'operations log', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/operations', l) },
    { name: 'an operation', open: (p, l) => open(p, parasol.servers.staffUrl, `/monitoring/operations/${operationId}`, l) },
    { name: 'new operation', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/operations/new', l) },
    {
      name: 'new operation with errors',
      open: async (p, l) => {
        await open(p, parasol.servers.staffUrl, '/monitoring/operations/new', l);
        await p.locator('#op-date').fill('yesterday');
        await p.locator('#op-fig-arrested').fill('many');
        expect(await navigate(p, p.getByRole('button', { name: staffT(l as 'en' | 'fr')('staffStats.form.save') }))).toBe(400);
        expect(await p.locator('.error-summary a').count()).toBeGreaterThanOrEqual(4);
      },
    },
    { name: 'change an operation', open: (p, l) => open(p, parasol.servers.staffUrl, `/monitoring/operations/${operationId}/edit`, l) },
    { name: 'delete an operation', open: (p, l) => open(p, parasol.servers.staffUrl, `/monitoring/operations/${operationId}/delete`, l) },
    { name: 'import', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/operations/import', l) },
    {
      name: 'import with a report of problems',
      open: async (p, l) => {
        await open(p, parasol.servers.staffUrl, '/monitoring/operations/import', l);
        await p.locator('#import-text').fill('date,country,agencies,purpose,arrested\n2024-01,ZZ,police,raid,x\n');
        expect(await navigate(p, p.getByRole('button', { name: staffT(l as 'en' | 'fr')('staffStats.import.submit') }))).toBe(400);
        expect(await p.locator('#import-problems tbody tr').count()).toBe(3);
      },
    },
    { name: 'export', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/operations/export', l) },
    { name: 'survey waves', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/surveys', l) },
    { name: 'new survey wave', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/surveys/new', l) },
    { name: 'a survey wave', open: (p, l) => open(p, parasol.servers.staffUrl, `/monitoring/surveys/${waveId}`, l) },
    { name: 'statistics release', open: (p, l) => open(p, parasol.servers.staffUrl, '/monitoring/statistics', l) },
  ];

  for (const lang of ['en', 'fr']) {
    describe(`monitors' pages (${lang})`, () => {
      for (const c of STAFF) {
        it(c.name, async () => {
          await c.open(staff, lang);
          const results = await new AxeBuilder({ page: staff }).analyze();
          expect(describeViolations(results)).toBe('');
          expect(results.passes.length).toBeGreaterThan(10);
          expect(staffBrowser.watch.foreignRequests).toEqual([]);
          expect(staffBrowser.watch.cspMessages).toEqual([]);
        });
      }
    });
  }
});
