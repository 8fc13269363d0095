/**
 * The staff pages of the services directory, CSV import, referrals and
 * country profiles in Chromium with JavaScript ON, logged in as the demo
 * coordinator: each page, including a form sent back with errors and an
 * import report with rejected rows, has no axe violation, no CSP refusal and
 * requests nothing from another host.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { organisationServices } from '../../src/core/services/services.repository.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { submitReport } from '../../src/core/reports/reports.service.js';
import { nameEditor, profileContent, proposeProfileChange } from '../../src/core/rights/editors.service.js';
import { findProfile } from '../../src/core/rights/profiles.repository.js';
import { CHROMIUM_AVAILABLE, launchBrowser, screenshot, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { describeViolations, navigate, staffLogin, staffT } from '../helpers/staff-browser.js';
import { twentyWithThreeBad } from '../services/support.js';

describe.skipIf(!CHROMIUM_AVAILABLE)('staff services pages in Chromium, JavaScript on', () => {
  let parasol: RunningParasol;
  let browser: Browser;
  let page: Page;
  let demo: DemoKey;
  let reportId: string;
  const t = staffT('en');
  const url = (path: string) => `${parasol.servers.staffUrl}${path}`;

  beforeAll(async () => {
    parasol = await startParasol();
    demo = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
    const submitted = await submitReport(parasol.t.ctx.core, {
      countryCode: 'RO',
      areaId: 'ro-bucharest',
      organisationId: null,
      placeDetail: '',
      incidentDate: null,
      categories: ['sexual_violence'],
      perpetratorTypes: ['client'],
      description: 'Demo report for referrals',
      identifiers: [],
      wantsSupport: true,
      warnOthers: false,
      statistics: false,
      police: 'none',
      contact: null,
      language: 'ro',
    });
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    reportId = submitted.reportId;
    browser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1024, height: 800 } });
    page = await browser.newPage();
    expect(await staffLogin(page, parasol.servers.staffUrl, t, demo)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parasol?.close();
  });

  beforeEach(() => browser.watch.reset());

  async function expectAccessible(): Promise<void> {
    const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    expect(describeViolations(results)).toBe('');
    expect(results.passes.length).toBeGreaterThan(10);
    expect(browser.watch.foreignRequests).toEqual([]);
    expect(browser.watch.cspMessages).toEqual([]);
    expect(browser.watch.pageErrors).toEqual([]);
  }

  it('the list of services', async () => {
    expect((await page.goto(url('/admin/services')))?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('staffServices.list.title'));
    await expectAccessible();
  });

  it('the service form, sent back with errors next to the fields', async () => {
    expect((await page.goto(url('/admin/services/new')))?.status()).toBe(200);
    await page.getByLabel(t('staffServices.field.languages')).fill('ro xx-nope');
    expect(await navigate(page, page.getByRole('button', { name: t('common.save') }))).toBe(400);
    expect(await page.locator('#name-error').textContent()).toBe(t('staffServices.error.required'));
    expect(await page.locator('.error-summary').count()).toBe(1);
    await expectAccessible();
  });

  it('a service’s descriptions in the readers’ languages, sent back with an error', async () => {
    const service = (await organisationServices(parasol.t.ctx.core.db, demo.organisationId)).find((x) => x.status === 'active')!;
    expect((await page.goto(url(`/admin/services/${service.id}/descriptions`)))?.status()).toBe(200);
    await expectAccessible();
    await page.getByLabel(t('staffServices.descriptions.in', { language: 'French' })).fill('x'.repeat(1001));
    expect(await navigate(page, page.getByRole('button', { name: t('common.save') }))).toBe(400);
    expect(await page.locator('.error-summary').count()).toBe(1);
    await expectAccessible();
  });

  it('the import page and its report of rejected rows', async () => {
    expect((await page.goto(url('/admin/services/import')))?.status()).toBe(200);
    await expectAccessible();
    await page.getByLabel(t('staffServices.import.file')).setInputFiles({ name: 'services.csv', mimeType: 'text/csv', buffer: Buffer.from(twentyWithThreeBad().csv) });
    expect(await navigate(page, page.getByRole('button', { name: t('staffServices.import.submit') }))).toBe(422);
    expect(await page.getByRole('status').first().textContent()).toBe(t('staffServices.import.summary', { rows: 20, added: 17, updated: 0, rejected: 3 }));
    expect(await page.locator('table.rejected tbody tr').count()).toBe(3);
    await screenshot(page, 'services-staff-import-report');
    await expectAccessible();
  });

  it('the referrals of a case, after recording one', async () => {
    expect((await page.goto(url(`/reports/${reportId}/referrals`)))?.status()).toBe(200);
    const service = page.getByLabel(t('staffServices.ref.service'), { exact: true });
    const first = await service.locator('optgroup').first().locator('option').first().getAttribute('value');
    await service.selectOption(first!);
    await page.locator('#note').fill('Wants to go on Monday');
    expect(await navigate(page, page.getByRole('button', { name: t('staffServices.ref.add') }))).toBe(200);
    expect(await page.locator('.referral-list > li').count()).toBe(1);
    await expectAccessible();
  });

  it('the country profiles and a profile form', async () => {
    // Not an editor yet: the form is refused with the reason (a page that must be accessible too).
    expect((await page.goto(url('/admin/rights/BA')))?.status()).toBe(403);
    await expectAccessible();
    const second = parasol.t.demoKeys.find((k) => k.organisation === 'soho-peers' && k.role === 'admin')!;
    await nameEditor(parasol.t.ctx.core, demo.username);
    await nameEditor(parasol.t.ctx.core, second.username);
    const ba = (await findProfile(parasol.t.ctx.core.db, 'BA'))!;
    await proposeProfileChange(parasol.t.ctx.core, { id: second.userId, organisationId: second.organisationId }, 'BA', { ...profileContent(ba), notes: 'A proposed note for the second editor' });
    expect((await page.goto(url('/admin/rights')))?.status()).toBe(200);
    await expectAccessible();
    expect((await page.goto(url('/admin/rights/BA')))?.status()).toBe(200);
    await expectAccessible();
    expect((await page.goto(url('/admin/rights/changes')))?.status()).toBe(200);
    await expectAccessible();
  });
});
