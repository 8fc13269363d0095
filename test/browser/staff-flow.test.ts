/**
 * Acceptance, in real Chromium: an invited caseworker sets a password and
 * TOTP, logs in, opens a report made through the reporter surface and
 * replies; the reporter reads the reply with the receipt and answers; the
 * caseworker sees the answer.
 *
 * Two browsers, as two people on two devices: the reporter's with JavaScript
 * OFF (a locked-down phone, Tor Browser at "Safest"), the caseworker's with
 * JavaScript OFF too (the staff surface has no script and must not need one).
 * The account is made before the report is sent: a report is sealed only to
 * the caseworkers who exist when it arrives.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, fillReport, launchBrowser, londonReport, readReceipt, screenshot, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { completeSetUp, navigate, staffLogin, staffT, waitForStepAfter, type SetUpAccount } from '../helpers/staff-browser.js';

const rt = reporterTranslator('en').t;
const st = staffT('en');

describe.skipIf(!CHROMIUM_AVAILABLE)('invited caseworker and reporter in Chromium, JavaScript off', () => {
  let parasol: RunningParasol;
  let reporterBrowser: Browser;
  let staffBrowser: Browser;
  let reporter: Page;
  let staff: Page;

  beforeAll(async () => {
    parasol = await startParasol();
    reporterBrowser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.servers.reporterUrl });
    staffBrowser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } });
    reporter = await reporterBrowser.newPage();
    staff = await staffBrowser.newPage();
  });

  afterAll(async () => {
    await reporterBrowser?.close();
    await staffBrowser?.close();
    await parasol?.close();
  });

  afterEach(() => {
    // Nothing left for another host, and the strict CSP refused nothing of ours, on either side.
    for (const b of [reporterBrowser, staffBrowser]) {
      expect(b.watch.foreignRequests, 'requests to other hosts').toEqual([]);
      expect(b.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    }
  });

  it('set-up with password and TOTP, login, report, reply, answer', { timeout: 180_000 }, async () => {
    const staffUrl = parasol.servers.staffUrl;
    const org = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie');
    expect(org, 'demo organisation umbrela-rosie').toBeDefined();

    // 1. A coordinator made an invitation; the new caseworker opens its link.
    const token = await createInvitation(parasol.t.ctx.core, org!.organisationId, 'caseworker');
    expect((await staff.goto(`${staffUrl}/invite/${token}`))?.status()).toBe(200);
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(st('setup.title'));
    expect(await staff.locator('main').textContent()).toContain(st('setup.intro', { organisation: 'Umbrela Roșie', role: st('role.caseworker') }));
    // The QR code is there for phones; the key as text for typing in.
    expect(
      await staff
        .getByRole('img', { name: st('setup.qrAlt') })
        .locator('svg')
        .count(),
    ).toBe(1);
    await screenshot(staff, 'staff-setup-en');

    const account: SetUpAccount = await completeSetUp(staff, st, {
      displayName: 'Ioana P.',
      username: 'ioana.p',
      password: 'umbrella over the river at dusk',
    });
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(st('setup.recoveryTitle'));
    // Shown once, as eight groups of four base32 characters.
    expect(account.recoveryKey).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$/);
    expect((await staff.locator('[data-recovery-key]').textContent())?.trim()).toBe(account.recoveryKey);
    expect(await navigate(staff, staff.getByRole('link', { name: st('setup.continue') }))).toBe(200);
    expect(new URL(staff.url()).pathname).toBe('/login');

    // The link works once.
    expect((await staff.goto(`${staffUrl}/invite/${token}`))?.status()).toBe(404);
    expect((await staff.getByRole('alert').textContent())?.trim()).toBe(st('setup.invalid'));

    // 2. Only now, with the caseworker's key in place, a reporter sends a report from Bucharest.
    expect((await reporter.goto(`${parasol.servers.reporterUrl}/report`))?.status()).toBe(200);
    // JavaScript really is off: Escape does nothing (with it on, the quick-exit script would leave the site).
    await reporter.keyboard.press('Escape');
    expect(new URL(reporter.url()).pathname).toBe('/report');
    const description = 'The manager kept my passport and says I owe him 2,000 lei.\nHe comes to the flat every Friday.';
    await fillReport(reporter, rt, londonReport({ area: 'ro-bucharest', categories: ['documents_withheld', 'debt_bondage'], perpetrators: ['manager'], description, phone: '0721 234 567' }));
    expect(await navigate(reporter, reporter.getByRole('button', { name: rt('form.submit') }))).toBe(200);
    expect(await reporter.getByRole('heading', { level: 1 }).textContent()).toBe(rt('receipt.title'));
    expect(await reporter.locator('main').textContent()).toContain('Umbrela Roșie');
    const receipt = (await readReceipt(reporter)).digits;
    expect(receipt).toMatch(/^\d{24}$/);

    // 3. The caseworker logs in with the newest code from their app (set-up used up the code of its 30 seconds).
    await waitForStepAfter(account.usedStep);
    expect(await staffLogin(staff, staffUrl, st, account)).toBe(200);
    expect(new URL(staff.url()).pathname).toBe('/inbox');
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(st('inbox.title'));
    expect(await staff.locator('header').textContent()).toContain(st('nav.signedInAs', { name: 'Ioana P.', organisation: 'Umbrela Roșie' }));
    // A caseworker sees no admin links.
    expect(await staff.getByRole('link', { name: st('nav.members') }).count()).toBe(0);

    // 4. The inbox lists the report, and nothing says it is unreadable.
    const rows = staff.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    const rowText = (await rows.first().textContent()) ?? '';
    expect(rowText).toContain('București');
    expect(rowText).toContain(st('inbox.status.new'));
    expect(await staff.getByText(st('inbox.unreadable', { count: 1 })).count()).toBe(0);
    await screenshot(staff, 'staff-inbox-en');

    expect(await navigate(staff, rows.first().getByRole('link'))).toBe(200);
    const reportPath = new URL(staff.url()).pathname;
    expect(reportPath).toMatch(/^\/reports\/[0-9a-f]+$/);
    const summary = staff.locator('dl.summary');
    expect(await summary.locator('dd.text').textContent()).toBe(description);
    expect(await summary.textContent()).toContain('0721 234 567');
    expect(await staff.getByText(st('case.noMessages')).count()).toBe(1);
    await screenshot(staff, 'staff-report-en');

    // 5. The caseworker replies.
    const replyText = 'Hello, this is Ioana from Umbrela Roșie. We can help you get your passport back.\nCan you come to our office on Tuesday?';
    await staff.getByLabel(st('case.reply'), { exact: true }).fill(replyText);
    expect(await navigate(staff, staff.getByRole('button', { name: st('case.send') }))).toBe(200);
    expect(new URL(staff.url()).pathname).toBe(reportPath);
    expect((await staff.getByRole('main').getByRole('status').textContent())?.trim()).toBe(st('common.saved'));
    const staffThread = staff.locator('ol.thread').first();
    expect(await staffThread.locator('li.mine .text').textContent()).toBe(replyText);
    expect(await staff.locator('main > p > strong').first().textContent()).toBe(st('inbox.status.waiting'));
    // The box is emptied after sending, so a second press does not send it twice.
    expect(await staff.getByLabel(st('case.reply'), { exact: true }).inputValue()).toBe('');

    // 6. The reporter comes back with the receipt, reads the reply and answers.
    expect((await reporter.goto(`${parasol.servers.reporterUrl}/follow-up`))?.status()).toBe(200);
    await reporter.getByLabel(rt('followUp.receipt')).fill(receipt);
    expect(await navigate(reporter, reporter.getByRole('button', { name: rt('followUp.open') }))).toBe(200);
    expect(await reporter.getByRole('heading', { level: 1 }).textContent()).toBe(rt('followUp.reportTitle'));
    const theirs = reporter.locator('ol.thread > li.theirs');
    expect(await theirs.count()).toBe(1);
    expect(await theirs.locator('.meta').textContent()).toContain(rt('followUp.fromCaseworker'));
    expect(await theirs.locator('.text').textContent()).toBe(replyText);
    await screenshot(reporter, 'staff-flow-reporter-reads-reply');

    const answer = 'Yes, Tuesday at 11 works. I will come with a friend.';
    await reporter.getByLabel(rt('followUp.messageLabel')).fill(answer);
    expect(await navigate(reporter, reporter.getByRole('button', { name: rt('followUp.send') }))).toBe(200);
    expect((await reporter.getByRole('status').textContent())?.trim()).toBe(rt('followUp.sent'));
    expect(await reporter.locator('ol.thread > li.mine .text').textContent()).toBe(answer);
    expect(await reporter.content()).not.toContain(receipt);

    // 7. The caseworker reloads the report and sees the answer, after the reply; the report is back in progress.
    expect((await staff.reload())?.status()).toBe(200);
    const items = staffThread.locator('> li');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('class')).toBe('mine');
    expect(await items.nth(1).getAttribute('class')).toBe('theirs');
    expect(await items.nth(1).locator('.meta').textContent()).toContain(st('case.fromReporter'));
    expect(await items.nth(1).locator('.text').textContent()).toBe(answer);
    expect(await staff.locator('main > p > strong').first().textContent()).toBe(st('inbox.status.in_progress'));
    await screenshot(staff, 'staff-report-answered-en');
  });

  // Password and e-mail fields get the same full-width box as every other field.
  it('every field of the set-up and recovery forms is as wide as the form, password and e-mail included', async () => {
    const org = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
    const page = await staffBrowser.newPage();
    try {
      const token = await createInvitation(parasol.t.ctx.core, org.organisationId, 'caseworker');
      for (const path of [`/invite/${token}`, '/recover']) {
        expect((await page.goto(`${parasol.servers.staffUrl}${path}`))?.status()).toBe(200);
        const widths = await page.locator('main form input:not([type="hidden"])').evaluateAll((els) => els.map((e) => [e.id, Math.round(e.getBoundingClientRect().width)] as const));
        const formWidth = await page
          .locator('main form')
          .first()
          .evaluate((f) => Math.round(f.getBoundingClientRect().width));
        expect(widths.length).toBeGreaterThan(2);
        for (const [id, width] of widths) expect(width, `#${id} on ${path}`).toBe(formWidth);
      }
    } finally {
      await page.close();
    }
  });
});
