/**
 * The pages that show who is waiting on whom, in Chromium with JavaScript ON
 * (axe-core needs it): the reporter's follow-up page after a caseworker read
 * and answered (English and Arabic, and nothing scrolls sideways at 320 px),
 * and the caseworker's inbox with its marks, the "waiting for us" filter and
 * a report page with a new message and a match (English and Romanian: the
 * staff surface has no Arabic). No axe violations, no CSP refusal, no script
 * error, nothing from another host.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchReport } from '../../src/core/matching/matching.service.js';
import { accessByReceipt, addMessage, submitReport } from '../../src/core/reports/reports.service.js';
import type { ReportSubmission } from '../../src/core/reports/report.types.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import type { ReporterLocale } from '../../src/i18n/locales.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, launchBrowser, type Browser, type RunningParasol, startParasol } from '../helpers/browser.js';
import { describeViolations, navigate, staffLogin, staffT, type StaffLocale } from '../helpers/staff-browser.js';
import type { ReportId } from '../../src/core/shared/ids.js';

const base: ReportSubmission = {
  countryCode: 'RO',
  areaId: 'ro-bucharest',
  organisationId: null,
  placeDetail: '',
  incidentDate: '2026-03-14',
  categories: ['threats'],
  perpetratorTypes: ['client'],
  description: 'He followed me home.',
  identifiers: [{ kind: 'phone', value: '0721 234 567', normalised: '+40721234567' }],
  wantsSupport: true,
  warnOthers: true,
  statistics: true,
  police: 'none',
  contact: null,
  language: 'ro',
};

describe.skipIf(!CHROMIUM_AVAILABLE)('case activity pages in Chromium, JavaScript on', () => {
  let parasol: RunningParasol;
  let staffBrowser: Browser;
  let reporterBrowser: Browser;
  let staffPage: Page;
  let demo: DemoKey;
  const ids: ReportId[] = [];
  let receipt = '';

  beforeAll(async () => {
    parasol = await startParasol();
    const core = parasol.t.ctx.core;
    demo = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
    // Two reports naming one number (a match), one without.
    for (const overrides of [{}, { description: 'The same man, again.' }, { identifiers: [], description: 'My manager kept my money.' }]) {
      const result = await submitReport(core, { ...base, ...overrides } as ReportSubmission);
      if (result.kind !== 'submitted') throw new Error(`report not submitted: ${result.kind}`);
      ids.push(result.reportId);
      if (ids.length === 1) receipt = result.receipt;
      await matchReport(core, result.reportId);
    }
    staffBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } });
    reporterBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.baseUrl, viewport: { width: 320, height: 740 } });
    staffPage = await staffBrowser.newPage();
    expect(await staffLogin(staffPage, parasol.servers.staffUrl, staffT('en'), demo)).toBe(200);
    // The coordinator reads the first report and answers through the form.
    const t = staffT('en');
    expect((await staffPage.goto(`${parasol.servers.staffUrl}/reports/${ids[0]}`))?.status()).toBe(200);
    await staffPage.getByLabel(t('case.reply'), { exact: true }).fill('We read your report. Are you safe tonight?');
    expect(await navigate(staffPage, staffPage.getByRole('button', { name: t('case.send') }))).toBe(200);
    // The reporter answers: the report waits for us, with a message new to the coordinator.
    const access = (await accessByReceipt(core, receipt))!;
    await addMessage(core, { reportId: ids[0]!, contentKey: access.contentKey, author: 'reporter', kind: 'message', authorUserId: null, text: 'Yes, thank you.' });
  }, 120_000);

  afterAll(async () => {
    await staffBrowser?.close();
    await reporterBrowser?.close();
    await parasol?.close();
  });

  function expectContained(b: Browser): void {
    expect(b.watch.foreignRequests, 'requests to other hosts').toEqual([]);
    expect(b.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    expect(b.watch.pageErrors, 'script errors').toEqual([]);
  }

  for (const lang of ['en', 'ar'] as const satisfies readonly ReporterLocale[]) {
    it(`the reporter's follow-up page after a reply (${lang})`, async () => {
      const t = reporterTranslator(lang).t;
      reporterBrowser.watch.reset();
      const page = await reporterBrowser.newPage();
      try {
        expect((await page.goto(`${parasol.baseUrl}/follow-up?lang=${lang}`))?.status()).toBe(200);
        await page.getByLabel(t('followUp.receipt')).fill(receipt);
        expect(await navigate(page, page.getByRole('button', { name: t('followUp.open') }))).toBe(200);
        expect(await page.getByRole('list', { name: t('progress.label') }).count()).toBe(1);
        expect(await page.locator('main').textContent()).toContain(t('followUp.status', { status: t('progress.state.newMessage') }));
        const results = await new AxeBuilder({ page }).analyze();
        expect(describeViolations(results)).toBe('');
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        expectContained(reporterBrowser);
      } finally {
        await page.close();
      }
    });
  }

  for (const lang of ['en', 'ro'] as const satisfies readonly StaffLocale[]) {
    const t = staffT(lang);
    const open = async (path: string) => {
      staffBrowser.watch.reset();
      expect((await staffPage.goto(`${parasol.servers.staffUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`))?.status()).toBe(200);
    };
    const axe = async () => {
      const results = await new AxeBuilder({ page: staffPage }).analyze();
      expect(describeViolations(results)).toBe('');
      expectContained(staffBrowser);
    };

    it(`the inbox with its marks (${lang})`, async () => {
      await open('/inbox');
      const text = (await staffPage.locator('tbody').textContent()) ?? '';
      expect(text).toContain(t('inboxMarks.unread', { count: 1 }));
      expect(text).toContain(t('inboxMarks.match'));
      expect(text).toContain(t('inboxMarks.notOpened'));
      await axe();
    });

    it(`the inbox, only what waits for us (${lang})`, async () => {
      await open('/inbox');
      await staffPage.getByLabel(t('inboxMarks.filterWaiting')).check();
      expect(await navigate(staffPage, staffPage.getByRole('button', { name: t('inbox.apply') }))).toBe(200);
      expect(await staffPage.locator('tbody tr').count()).toBe(3);
      await axe();
    });

    it(`a report with a new message and a match (${lang})`, async () => {
      await open(`/reports/${ids[0]}`);
      const text = (await staffPage.locator('main').textContent()) ?? '';
      expect(text).toContain(t('caseMarks.match'));
      expect(text).toContain(t('caseMarks.new'));
      expect(text).toContain(t('caseMarks.waiting'));
      await axe();
      // The reporter writes again, so the next language finds a message new to the coordinator too.
      const core = parasol.t.ctx.core;
      const access = (await accessByReceipt(core, receipt))!;
      await addMessage(core, { reportId: ids[0]!, contentKey: access.contentKey, author: 'reporter', kind: 'message', authorUserId: null, text: 'One more thing.' });
    });
  }
});
