/**
 * The members' pages in Chromium with JavaScript ON (axe-core needs it), at
 * 320 px: no axe violation, no sideways scrolling, no Content-Security-Policy
 * refusal or script error, nothing requested from another host; in English
 * and in Arabic (right to left), with a warning, a check result, form errors.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { startServers, type RunningServers } from '../../src/web/server.js';
import { CHROMIUM_AVAILABLE, launchBrowser, screenshot, type Browser } from '../helpers/browser.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { describeViolations, navigate } from '../helpers/staff-browser.js';
import { SteppingClock } from '../helpers/staff.js';
import { inviteCode, newCaseworker, publishWarning, staffLogin, submitReport, type Safety } from '../safety/support.js';

describe.skipIf(!CHROMIUM_AVAILABLE)('members’ pages: accessibility, containment, 320 px, right to left', () => {
  let t: TestContext;
  let servers: RunningServers;
  let browser: Browser;
  let page: Page;
  let warningId: string;
  let code: string;
  let staffCookies: string;
  let reportId: string;

  beforeAll(async () => {
    const clock = new SteppingClock(Date.now());
    t = await testContext(SURFACE_DIALECT, { clock });
    servers = await startServers(t.ctx, { backgroundJobs: false });
    const s: Safety = { t, clock, staff: servers.staff, reporter: servers.reporter, soho: t.demoKeys.find((k) => k.organisation === 'soho-peers')!, close: async () => {} };
    const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
    const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
    const r = await submitReport(s, { id_value_1: '07911 123456' });
    reportId = r.reportId;
    await submitReport(s, { id_value_1: '+447911123456' });
    staffCookies = a.cookieHeader;
    warningId = await publishWarning(s, a, b, r.reportId, {
      what: 'Refused to pay, then threatened the worker.',
      recognise: 'Grey van.',
      modus: 'Books late at night through an app.',
      visibility: 'public',
      // Parts read in each member's language, and the texts marked as English (a note in Arabic).
      people: ['client'],
      signs: ['car', 'false_name'],
      modus_codes: ['refuses_pay'],
      text_lang: 'en',
    });
    code = await inviteCode(a);
    browser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: servers.reporterUrl, viewport: { width: 320, height: 700 } });
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await servers?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(browser.watch.foreignRequests, 'requests to other hosts').toEqual([]);
    expect(browser.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    expect(browser.watch.pageErrors, 'script errors').toEqual([]);
  });

  async function audit(name: string, lang: string): Promise<void> {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, `${name}: ${describeViolations(results)}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways`).toBe(0);
    expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  }

  for (const lang of ['en', 'ar'] as const) {
    it(`every members’ page passes in ${lang}`, { timeout: 120_000 }, async () => {
      const tr = reporterTranslator(lang).t;
      const site = servers.reporterUrl;
      const q = `?lang=${lang}`;
      for (const path of ['/members/login', '/members/warnings', `/members/warnings/${warningId}`]) {
        expect((await page.goto(`${site}${path}${q}`))?.status(), path).toBe(200);
        await audit(path, lang);
      }
      // Sign-up with errors next to the fields, then for real.
      expect((await page.goto(`${site}/members/signup${q}`))?.status()).toBe(200);
      await page.getByLabel(tr('safety.field.username'), { exact: true }).fill('x');
      expect(await navigate(page, page.getByRole('button', { name: tr('safety.signup.submit') }))).toBe(400);
      expect(await page.locator('.error-summary').count()).toBe(1);
      await audit('sign-up with errors', lang);
      const username = `axe.${lang}.member`;
      await page.getByLabel(tr('safety.field.username'), { exact: true }).fill(username);
      await page.getByLabel(tr('safety.field.password'), { exact: true }).fill('lanterns over the river');
      await page.getByLabel(tr('safety.field.passwordAgain'), { exact: true }).fill('lanterns over the river');
      await page.getByLabel(tr('safety.field.code')).fill(code);
      await page.getByRole('checkbox', { name: 'London', exact: true }).check();
      expect(await navigate(page, page.getByRole('button', { name: tr('safety.signup.submit') }))).toBe(200);
      // Signing up never logs in (the answer must not tell whether the name was free): the login page says so.
      expect(new URL(page.url()).pathname).toBe('/members/login');
      await audit('login after sign-up', lang);
      await page.getByLabel(tr('safety.field.username'), { exact: true }).fill(username);
      await page.getByLabel(tr('safety.field.password'), { exact: true }).fill('lanterns over the river');
      expect(await navigate(page, page.getByRole('button', { name: tr('safety.login.submit') }))).toBe(200);
      expect((await page.goto(`${site}/members/settings${q}`))?.status()).toBe(200);
      // Settings, with the push script on (JavaScript is on here): the button shows, nothing fails.
      expect(await page.locator('#push').isVisible()).toBe(true);
      await audit('settings', lang);
      await screenshot(page, `safety-settings-${lang}`);
      // A check that finds the warning, and one that does not.
      expect((await page.goto(`${site}/members/check${q}`))?.status()).toBe(200);
      await page.getByLabel(tr('safety.check.value')).fill('07911 123456');
      expect(await navigate(page, page.getByRole('button', { name: tr('safety.check.submit') }))).toBe(200);
      expect(await page.locator('section.result.found').count()).toBe(1);
      await audit('check, found', lang);
      await screenshot(page, `safety-check-${lang}`);
      await page.getByLabel(tr('safety.check.value')).fill('12');
      expect(await navigate(page, page.getByRole('button', { name: tr('safety.check.submit') }))).toBe(400);
      await audit('check, unreadable', lang);
      // Log out for the next language.
      expect(await navigate(page, page.getByRole('button', { name: tr('safety.nav.logout') }))).toBe(200);
    });
  }

  it('the staff’s community-safety pages pass too', { timeout: 120_000 }, async () => {
    const staffBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: servers.staffUrl, viewport: { width: 1280, height: 900 } });
    try {
      // The caseworker's session, logged in over HTTP above, carried into this browser.
      const url = new URL(servers.staffUrl);
      await staffBrowser.context.addCookies(staffCookies.split('; ').map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1), domain: url.hostname, path: '/' })));
      const staff = await staffBrowser.newPage();
      for (const path of [
        '/safety',
        `/safety/warnings/new?report=${reportId.slice(0, 8)}`,
        `/safety/warnings/${warningId}`,
        `/safety/warnings/${warningId}/edit`,
        '/safety/matches',
        '/safety/members',
        '/safety/corrections',
      ]) {
        expect((await staff.goto(`${servers.staffUrl}${path}`))?.status(), path).toBe(200);
        const results = await new AxeBuilder({ page: staff }).analyze();
        expect(results.violations, `${path}: ${describeViolations(results)}`).toEqual([]);
      }
      expect(staffBrowser.watch.cspMessages).toEqual([]);
      expect(staffBrowser.watch.pageErrors).toEqual([]);
      expect(staffBrowser.watch.foreignRequests).toEqual([]);
    } finally {
      await staffBrowser.close();
    }
  });
});
