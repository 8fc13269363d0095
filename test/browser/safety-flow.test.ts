/**
 * Acceptance, in real Chromium with JavaScript off: caseworker A drafts a
 * warning from a report; caseworker B approves it; a member following that
 * city gets the e-mail (caught by smtp-server on 127.0.0.1), a Web Push
 * message (received and decrypted by a local HTTPS push service) and the
 * Atom entry; checking the phone number written three ways finds the
 * warning; another number finds nothing.
 *
 * Caseworker A is the demo coordinator of Soho Peer Support (London);
 * caseworker B is invited and sets up the account through the invitation
 * page. The member joins with an invite code A makes. The background jobs
 * run as in production (delivery every few seconds); nothing is called
 * behind the pages' backs except what a browser's push service and feed
 * reader do.
 */
import https from 'node:https';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { configureDelivery } from '../../src/core/safety/delivery.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { startServers, type RunningServers } from '../../src/web/server.js';
import { CHROMIUM_AVAILABLE, fillReport, launchBrowser, londonReport, screenshot, type Browser } from '../helpers/browser.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { completeSetUp, navigate, staffLogin, staffT, totpStep, waitForStepAfter } from '../helpers/staff-browser.js';
import { startPushService, startSmtp, type PushService, type SmtpCatcher } from '../safety/services.js';
import { parseAtom } from '../safety/support.js';

const rt = reporterTranslator('en').t;
const st = staffT('en');
const WAYS = ['+44 7911 123456', '07911123456', '07911 123 456'];

describe.skipIf(!CHROMIUM_AVAILABLE)('a warning from report to member, in Chromium with JavaScript off', () => {
  let t: TestContext;
  let servers: RunningServers;
  let smtp: SmtpCatcher;
  let push: PushService;
  let staffBrowser: Browser;
  let communityBrowser: Browser;
  let staff: Page;
  let community: Page;

  beforeAll(async () => {
    smtp = await startSmtp();
    push = await startPushService();
    t = await testContext(SURFACE_DIALECT, { config: { smtpUrl: smtp.url, mailFrom: 'Parasol <warnings@parasol.test>' } });
    configureDelivery(t.ctx, { pushAgent: new https.Agent({ ca: push.ca }), extraPushHosts: [push.host] });
    servers = await startServers(t.ctx);
    staffBrowser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: servers.staffUrl, viewport: { width: 1280, height: 900 } });
    communityBrowser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: servers.reporterUrl });
    staff = await staffBrowser.newPage();
    community = await communityBrowser.newPage();
  }, 120_000);

  afterAll(async () => {
    await staffBrowser?.close();
    await communityBrowser?.close();
    await servers?.close();
    await t?.close();
    await smtp?.close();
    await push?.close();
  });

  afterEach(() => {
    for (const b of [staffBrowser, communityBrowser]) {
      expect(b.watch.foreignRequests, 'requests to other hosts').toEqual([]);
      expect(b.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    }
  });

  it('drafted by A, approved by B, delivered by e-mail, Web Push and Atom, found by the number written three ways', { timeout: 240_000 }, async () => {
    const staffUrl = servers.staffUrl;
    const site = servers.reporterUrl;
    const soho = t.demoKeys.find((k) => k.organisation === 'soho-peers')!;

    // Caseworker B is invited to Soho Peer Support and sets up the account.
    const token = await createInvitation(t.ctx.core, soho.organisationId, 'caseworker');
    expect((await staff.goto(`${staffUrl}/invite/${token}`))?.status()).toBe(200);
    const bea = await completeSetUp(staff, st, { displayName: 'Bea', username: 'bea.cw', password: 'second pair of eyes 2026' });
    const beaStep = bea.usedStep;

    // Caseworker A logs in and makes an invite code for a community member.
    expect(await staffLogin(staff, staffUrl, st, soho)).toBe(200);
    const aStep = totpStep();
    expect(await navigate(staff, staff.getByRole('link', { name: st('staffSafety.nav') }))).toBe(200);
    expect(await navigate(staff, staff.getByRole('link', { name: st('staffSafety.tab.members') }))).toBe(200);
    await staff.getByLabel(st('staffSafety.invites.uses')).fill('5');
    expect(await navigate(staff, staff.getByRole('button', { name: st('staffSafety.invites.create') }))).toBe(200);
    const code = ((await staff.locator('[data-invite-code]').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    // The member joins with the code, follows London, asks for e-mail, and their phone subscribes to Web Push.
    expect((await community.goto(`${site}/members/signup?lang=en`))?.status()).toBe(200);
    await community.getByLabel(rt('safety.field.username'), { exact: true }).fill('rosa.member');
    await community.getByLabel(rt('safety.field.password'), { exact: true }).fill('umbrellas in the rain');
    await community.getByLabel(rt('safety.field.passwordAgain'), { exact: true }).fill('umbrellas in the rain');
    await community.getByLabel(rt('safety.field.code')).fill(code);
    await community.getByRole('checkbox', { name: 'London', exact: true }).check();
    expect(await navigate(community, community.getByRole('button', { name: rt('safety.signup.submit') }))).toBe(200);
    // Signing up never logs in (the answer must not tell whether the name was free): the member logs in next.
    expect(new URL(community.url()).pathname).toBe('/members/login');
    expect(await community.getByRole('status').first().textContent()).toContain(rt('safety.signup.readyFlash'));
    await community.getByLabel(rt('safety.field.username'), { exact: true }).fill('rosa.member');
    await community.getByLabel(rt('safety.field.password'), { exact: true }).fill('umbrellas in the rain');
    expect(await navigate(community, community.getByRole('button', { name: rt('safety.login.submit') }))).toBe(200);
    expect((await community.goto(`${site}/members/settings?lang=en`))?.status()).toBe(200);
    await community.getByLabel(rt('safety.field.email')).fill('rosa.member@example.net');
    await community.getByLabel(rt('safety.settings.notifyEmail')).check();
    expect(await navigate(community, community.getByRole('button', { name: rt('safety.settings.save') }).nth(1))).toBe(200);
    expect(await community.getByLabel(rt('safety.field.email')).inputValue()).toBe('rosa.member@example.net');
    // Without JavaScript the page says how notifications work; a browser's push service gives the subscription
    // to the page's script, which posts it like this (same cookies, the page's CSRF token).
    expect(await community.locator('noscript').count()).toBe(1);
    const sub = push.subscribe();
    const subscribed = await community.request.post(`${site}/members/push/subscribe`, {
      form: { _csrf: (await community.locator('#push').getAttribute('data-csrf'))!, lang: 'en', endpoint: sub.endpoint, p256dh: sub.p256dh, auth: sub.auth },
    });
    expect(subscribed.status()).toBe(204);
    await screenshot(community, 'safety-member-settings');

    // Someone reports a robbery in London, naming the number.
    expect((await community.goto(`${site}/report?lang=en`))?.status()).toBe(200);
    await fillReport(community, rt, londonReport({ description: 'He booked through an app, refused to pay, and took my phone and cash. Tall, shaved head.', phone: '07911 123456' }));
    expect(await navigate(community, community.getByRole('button', { name: rt('form.submit') }))).toBe(200);
    expect(await community.getByRole('heading', { level: 1 }).textContent()).toBe(rt('receipt.title'));

    // A finds the report and drafts a warning from it: pre-filled, then edited.
    expect(await navigate(staff, staff.getByRole('link', { name: st('nav.inbox') }))).toBe(200);
    const reportPath = await staff.locator('table tbody tr').first().getByRole('link').getAttribute('href');
    const reportId = reportPath!.replace('/reports/', '');
    expect(await navigate(staff, staff.getByRole('link', { name: st('staffSafety.nav') }))).toBe(200);
    await staff.getByLabel(st('staffSafety.draft.reportRef')).fill(reportId.slice(0, 8));
    expect(await navigate(staff, staff.getByRole('button', { name: st('staffSafety.draft.start') }))).toBe(200);
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(st('staffSafety.form.titleDraft'));
    expect(await staff.getByLabel(st('staffSafety.form.what'), { exact: true }).inputValue()).toContain('refused to pay');
    expect(await staff.getByLabel(st('staffSafety.form.place'), { exact: true }).inputValue()).toBe('gb-london');
    const identifier = staff.getByRole('checkbox', { name: 'Phone number: 07911 123456' });
    expect(await identifier.isChecked()).toBe(true);
    const warningText = 'A client who books through an app refused to pay, then took a worker’s phone and cash.';
    await staff.getByLabel(st('staffSafety.form.what'), { exact: true }).fill(warningText);
    await staff.getByLabel(st('staffSafety.form.recognise')).fill('Tall, shaved head, in his forties.');
    await staff.getByRole('radio', { name: st('staffSafety.visibility.network') }).check();
    await screenshot(staff, 'safety-draft-form');
    expect(await navigate(staff, staff.getByRole('button', { name: st('staffSafety.form.save') }))).toBe(200);
    expect((await staff.getByRole('main').getByRole('status').textContent())?.trim()).toBe(st('staffSafety.saved.draft'));
    const warningPath = new URL(staff.url()).pathname;
    expect(warningPath).toMatch(/^\/safety\/warnings\/[0-9a-f]{32}$/);
    const warningId = warningPath.split('/').pop()!;
    expect(await navigate(staff, staff.getByRole('button', { name: st('staffSafety.action.submit') }))).toBe(200);
    // A cannot approve their own warning.
    expect(await staff.getByRole('button', { name: st('staffSafety.action.approve') }).count()).toBe(0);
    expect(await staff.getByText(st('staffSafety.action.needsOther')).count()).toBe(1);
    expect(await navigate(staff, staff.getByRole('button', { name: st('nav.logout') }))).toBe(200);

    // B logs in with a fresh code and approves.
    await waitForStepAfter(Math.max(beaStep, aStep));
    expect(await staffLogin(staff, staffUrl, st, bea)).toBe(200);
    expect(await navigate(staff, staff.getByRole('link', { name: st('staffSafety.nav') }))).toBe(200);
    expect(await staff.getByRole('heading', { name: new RegExp(st('staffSafety.status.pending')) }).count()).toBe(1);
    expect(await navigate(staff, staff.getByRole('link', { name: warningId.slice(0, 8) }))).toBe(200);
    expect(await staff.locator('dl.summary').textContent()).toContain(warningText);
    expect(await staff.locator('dl.summary').textContent()).not.toContain('07911');
    expect(await navigate(staff, staff.getByRole('button', { name: st('staffSafety.action.approve') }))).toBe(200);
    expect((await staff.getByRole('main').getByRole('status').textContent())?.trim()).toBe(st('staffSafety.saved.published'));
    await screenshot(staff, 'safety-published');

    // Delivery runs in the background: the e-mail and the push message arrive once each.
    const [mail] = await smtp.waitFor(1, 30_000);
    const [message] = await push.waitFor(1, 30_000);
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe('rosa.member@example.net');
    expect(mail!.text).toContain(warningText);
    expect(mail!.text).not.toMatch(/7911|123456/);
    expect(message!.subscriptionId).toBe(sub.id);
    expect(message!.vapidValid).toBe(true);
    const payload = JSON.parse(message!.text) as { title: string; body: string; url: string };
    expect(payload.body).toBe('New warning for London, United Kingdom');
    expect(payload.url).toBe(`/members/warnings/${warningId}?lang=en`);
    expect(message!.text).not.toMatch(/7911|123456/);

    // The Atom feed: the member makes a private address; a feed reader gets the entry.
    expect((await community.goto(`${site}/members/settings?lang=en`))?.status()).toBe(200);
    expect(await navigate(community, community.getByRole('button', { name: rt('safety.settings.feedMake') }))).toBe(200);
    const feedUrl = (await community.locator('[data-feed-url]').getAttribute('data-feed-url'))!;
    const feedPath = new URL(feedUrl, site);
    const reader = await communityBrowser.context.request.get(`${site}${feedPath.pathname}${feedPath.search}`, { headers: { cookie: '' } });
    expect(reader.status()).toBe(200);
    const feed = parseAtom(await reader.text());
    expect(feed.entries.map((e) => e.id)).toEqual([`urn:parasol:warning:${warningId}`]);
    expect(feed.entries[0]!.content).toContain(warningText);
    expect(await reader.text()).not.toMatch(/7911|123456/);

    // The push message opens the warning.
    expect((await community.goto(`${site}${payload.url}`))?.status()).toBe(200);
    expect(await community.locator('dl.summary').textContent()).toContain(warningText);
    expect(await community.locator('main').textContent()).not.toMatch(/7911|123456/);

    // Checking the number written three ways finds the warning; another number finds nothing.
    for (const way of WAYS) {
      expect((await community.goto(`${site}/members/check?lang=en`))?.status()).toBe(200);
      await community.getByLabel(rt('safety.check.kind')).selectOption('phone');
      await community.getByLabel(rt('safety.check.value')).fill(way);
      expect(await navigate(community, community.getByRole('button', { name: rt('safety.check.submit') }))).toBe(200);
      const result = community.locator('section.result');
      expect(await result.getByRole('heading', { level: 2 }).textContent(), way).toBe(rt('safety.check.found', { count: 1 }));
      expect(await result.getByRole('link').getAttribute('href'), way).toBe(`/members/warnings/${warningId}?lang=en`);
    }
    await screenshot(community, 'safety-check-found');
    await community.getByLabel(rt('safety.check.value')).fill('07911 654321');
    expect(await navigate(community, community.getByRole('button', { name: rt('safety.check.submit') }))).toBe(200);
    const none = community.locator('section.result');
    expect(await none.getByRole('heading', { level: 2 }).textContent()).toBe(rt('safety.check.none'));
    expect(await none.getByRole('link').count()).toBe(0);
    expect(await none.textContent()).toContain(rt('safety.check.notSafe'));
    await screenshot(community, 'safety-check-none');

    // Exactly one of each, after the job has had time to run again.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(smtp.messages).toHaveLength(1);
    expect(push.received).toHaveLength(1);
  });
});
