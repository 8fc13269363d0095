/**
 * Accessibility of every staff page, in Chromium with JavaScript ON (axe-core
 * needs it), in English and in Romanian: login (and with an error), account
 * set-up from an invitation (and with errors), recovery, the inbox with
 * reports, a report with messages and notes, my account, members, coverage
 * areas, the audit log and the not-found page. Each must have no axe
 * violations, cause no Content-Security-Policy refusal, raise no script error
 * and request nothing from any host but Parasol's own.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptInvitation, findStaffUser } from '../../src/core/accounts/accounts.service.js';
import { caseAccess } from '../../src/core/cases/cases.service.js';
import { decideRelease, requestRelease } from '../../src/core/consent/identity.service.js';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { newTotpSecret } from '../../src/core/accounts/totp.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { accessByReceipt, addMessage, submitReport } from '../../src/core/reports/reports.service.js';
import type { ReportSubmission } from '../../src/core/reports/report.types.js';
import { CHROMIUM_AVAILABLE, launchBrowser, type Browser, type RunningParasol, startParasol } from '../helpers/browser.js';
import { describeViolations, navigate, staffLogin, staffT, totpCode, totpStep, waitForStepAfter, type StaffLocale } from '../helpers/staff-browser.js';
import type { ReportId } from '../../src/core/shared/ids.js';

const LANGS: readonly StaffLocale[] = ['en', 'ro'];

/** Where a page is opened from: a browser that is logged out, or one logged in as the demo coordinator. */
type Who = 'anonymous' | 'coordinator';

interface PageCase {
  name: string;
  who: Who;
  /** Opens the page in the language; checks the status and that it is the page meant. */
  open(page: Page, lang: StaffLocale): Promise<void>;
}

describe.skipIf(!CHROMIUM_AVAILABLE)('staff pages in Chromium, JavaScript on', () => {
  let parasol: RunningParasol;
  let browsers: Record<Who, Browser>;
  let pages: Record<Who, Page>;
  let demo: DemoKey;
  let reportId: ReportId;
  /** A caseworker who set up their account in beforeAll, for a login in Romanian. */
  let lucia: { username: string; password: string; totpSecret: string; usedStep: number };

  const url = (path: string, lang: StaffLocale) => `${parasol.servers.staffUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

  async function byUrl(page: Page, path: string, lang: StaffLocale, status = 200): Promise<void> {
    const res = await page.goto(url(path, lang));
    expect(res?.status(), path).toBe(status);
  }

  async function expectHeading(page: Page, text: string): Promise<void> {
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(text);
  }

  async function openInvitation(page: Page, lang: StaffLocale): Promise<void> {
    const token = await createInvitation(parasol.t.ctx.core, demo.organisationId, 'caseworker');
    await byUrl(page, `/invite/${token}`, lang);
    await expectHeading(page, staffT(lang)('setup.title'));
  }

  const PAGES: PageCase[] = [
    {
      name: 'login',
      who: 'anonymous',
      open: async (p, lang) => {
        await byUrl(p, '/login', lang);
        await expectHeading(p, staffT(lang)('login.title'));
      },
    },
    {
      name: 'login with an error',
      who: 'anonymous',
      open: async (p, lang) => {
        const t = staffT(lang);
        await byUrl(p, '/login', lang);
        await p.getByLabel(t('login.username'), { exact: true }).fill('nobody.here');
        await p.getByLabel(t('login.password'), { exact: true }).fill('not the password at all');
        await p.getByLabel(t('login.code'), { exact: true }).fill('123456');
        expect(await navigate(p, p.getByRole('button', { name: t('login.submit') }))).toBe(401);
        expect(await p.locator('.error-summary[role="alert"]').count()).toBe(1);
      },
    },
    { name: 'account set-up from an invitation', who: 'anonymous', open: openInvitation },
    {
      name: 'account set-up with errors',
      who: 'anonymous',
      open: async (p, lang) => {
        await openInvitation(p, lang);
        await p.locator('#password').fill('short');
        expect(await navigate(p, p.getByRole('button', { name: staffT(lang)('setup.submit') }))).toBe(400);
        expect(await p.locator('.error-summary a').count()).toBeGreaterThanOrEqual(3);
      },
    },
    {
      name: 'recovery',
      who: 'anonymous',
      open: async (p, lang) => {
        await byUrl(p, '/recover', lang);
        await expectHeading(p, staffT(lang)('recover.title'));
      },
    },
    {
      name: 'recovery with an error',
      who: 'anonymous',
      open: async (p, lang) => {
        const t = staffT(lang);
        await byUrl(p, '/recover', lang);
        await p.getByLabel(t('login.username'), { exact: true }).fill('nobody.here');
        await p.getByLabel(t('recover.key'), { exact: true }).fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
        await p.getByLabel(t('login.code'), { exact: true }).fill('123456');
        await p.getByLabel(t('recover.newPassword'), { exact: true }).fill('a long enough new password');
        expect(await navigate(p, p.getByRole('button', { name: t('recover.submit') }))).toBe(400);
        expect(await p.locator('.error-summary[role="alert"]').count()).toBe(1);
      },
    },
    {
      name: 'inbox with reports',
      who: 'coordinator',
      open: async (p, lang) => {
        await byUrl(p, '/inbox', lang);
        expect(await p.locator('table tbody tr').count()).toBe(3);
      },
    },
    {
      name: 'report with messages and notes',
      who: 'coordinator',
      open: async (p, lang) => {
        await byUrl(p, `/reports/${reportId}`, lang);
        expect(await p.locator('ol.thread').first().locator('> li').count()).toBe(3);
        expect(await p.locator('ol.thread').nth(1).locator('> li').count()).toBe(2);
      },
    },
    {
      name: 'report with the contact details revealed',
      who: 'coordinator',
      open: async (p, lang) => {
        await byUrl(p, `/reports/${reportId}`, lang);
        expect(await navigate(p, p.getByRole('button', { name: staffT(lang)('consentStaff.identity.reveal') }))).toBe(200);
        expect(await p.locator('main').textContent()).toContain('Signal after 18:00');
      },
    },
    {
      name: 'report with an error (empty reply)',
      who: 'coordinator',
      open: async (p, lang) => {
        await byUrl(p, `/reports/${reportId}`, lang);
        expect(await navigate(p, p.getByRole('button', { name: staffT(lang)('case.send') }))).toBe(400);
        expect(await p.locator('#reply-error').count()).toBe(1);
      },
    },
    { name: 'my account', who: 'coordinator', open: (p, lang) => byUrl(p, '/account', lang) },
    { name: 'members', who: 'coordinator', open: (p, lang) => byUrl(p, '/admin/members', lang) },
    {
      name: 'members with a new invitation link',
      who: 'coordinator',
      open: async (p, lang) => {
        await byUrl(p, '/admin/members', lang);
        expect(await navigate(p, p.getByRole('button', { name: staffT(lang)('members.inviteButton') }))).toBe(200);
        expect(await p.locator('[data-invite-link]').count()).toBe(1);
      },
    },
    { name: 'coverage areas', who: 'coordinator', open: (p, lang) => byUrl(p, '/admin/areas', lang) },
    { name: 'audit log', who: 'coordinator', open: (p, lang) => byUrl(p, '/admin/audit', lang) },
    {
      name: 'not found (404)',
      who: 'coordinator',
      open: async (p, lang) => {
        await byUrl(p, '/no-such-page', lang, 404);
        await expectHeading(p, staffT(lang)('page.notFound'));
      },
    },
  ];

  beforeAll(async () => {
    parasol = await startParasol();
    const core = parasol.t.ctx.core;
    demo = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;

    // A few reports; the first with contact details, messages both ways, an addition and notes.
    const base: ReportSubmission = {
      countryCode: 'RO',
      areaId: 'ro-bucharest',
      organisationId: null,
      placeDetail: 'Strada Lipscani, near the metro',
      incidentDate: '2026-03-14',
      categories: ['threats', 'robbery'],
      perpetratorTypes: ['client'],
      description: 'He threatened me and took my phone.',
      identifiers: [{ kind: 'phone', value: '0721 234 567', normalised: '+40721234567' }],
      wantsSupport: true,
      warnOthers: true,
      statistics: true,
      police: 'none',
      contact: { name: 'Mara', details: 'Signal after 18:00' },
      language: 'ro',
    };
    for (const [i, overrides] of [
      {},
      { areaId: 'ro-cluj', contact: null, categories: ['wages_withheld'] },
      { countryCode: 'MD', areaId: 'md-chisinau', contact: null, police: 'anonymous' },
    ].entries()) {
      const result = await submitReport(core, { ...base, ...overrides } as ReportSubmission);
      if (result.kind !== 'submitted') throw new Error(`report not submitted: ${result.kind}`);
      if (i > 0) continue;
      reportId = result.reportId;
      const access = (await accessByReceipt(core, result.receipt))!;
      await addMessage(core, { reportId, contentKey: access.contentKey, author: 'reporter', kind: 'addition', authorUserId: null, text: 'His car was a grey Dacia.' });
      await addMessage(core, { reportId, contentKey: access.contentKey, author: 'reporter', kind: 'message', authorUserId: null, text: 'Can someone call me?' });
      // Contact keys are split between custodians: the coordinator asks, both demo custodians approve.
      const coordinator = (await findStaffUser(core.db, demo.userId))!;
      const [custodianKey, custodianKey2] = parasol.t.demoKeys.filter((k) => k.organisation === 'umbrela-rosie' && k.role === 'custodian') as [DemoKey, DemoKey];
      const custodian = (await findStaffUser(core.db, custodianKey.userId))!;
      const caseKeys = await caseAccess(core, coordinator, demo.keyPair, reportId);
      if (caseKeys.kind !== 'ok') throw new Error('the coordinator cannot open the report');
      const releaseId = await requestRelease(core, coordinator, reportId, caseKeys.contentKey, 'The reporter asked to be called');
      expect(await decideRelease(core, custodian, custodianKey.keyPair, releaseId, true)).toBe('done');
      expect(await decideRelease(core, (await findStaffUser(core.db, custodianKey2.userId))!, custodianKey2.keyPair, releaseId, true)).toBe('done');
    }

    const secret = newTotpSecret();
    const usedStep = totpStep();
    const made = await acceptInvitation(core, {
      token: await createInvitation(core, demo.organisationId, 'caseworker'),
      username: 'lucia.r',
      displayName: 'Lucia R.',
      email: '',
      password: 'plimbare lunga prin parc',
      passwordAgain: 'plimbare lunga prin parc',
      totpSecret: secret,
      totpCode: await totpCode(secret),
    });
    if (!made.ok) throw new Error(`set-up failed: ${JSON.stringify(made.problems)}`);
    lucia = { username: 'lucia.r', password: 'plimbare lunga prin parc', totpSecret: secret, usedStep };

    browsers = {
      anonymous: await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } }),
      coordinator: await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } }),
    };
    pages = { anonymous: await browsers.anonymous.newPage(), coordinator: await browsers.coordinator.newPage() };
    expect(await staffLogin(pages.coordinator, parasol.servers.staffUrl, staffT('en'), demo)).toBe(200);

    // The staff side of the thread, and notes, through the staff forms.
    const t = staffT('en');
    const p = pages.coordinator;
    expect((await p.goto(`${parasol.servers.staffUrl}/reports/${reportId}`))?.status()).toBe(200);
    await p.getByLabel(t('case.reply'), { exact: true }).fill('Bună, Mara. We can meet you on Tuesday.');
    expect(await navigate(p, p.getByRole('button', { name: t('case.send') }))).toBe(200);
    for (const note of ['Same description as a report from Cluj last month.', 'Offered to go with her to the clinic.']) {
      await p.getByLabel(t('case.note'), { exact: true }).fill(note);
      expect(await navigate(p, p.getByRole('button', { name: t('case.addNote') }))).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await browsers?.anonymous.close();
    await browsers?.coordinator.close();
    await parasol?.close();
  });

  beforeEach(() => {
    browsers.anonymous.watch.reset();
    browsers.coordinator.watch.reset();
  });

  function expectContained(b: Browser): void {
    expect(b.watch.foreignRequests, 'requests to other hosts').toEqual([]);
    expect(b.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    expect(b.watch.pageErrors, 'script errors').toEqual([]);
  }

  describe('each page is in the language chosen (ro)', () => {
    for (const c of PAGES) {
      // Pages answering a form posted without a session (login, set-up, recovery) included: the form carries the language.
      it(c.name, async () => {
        const page = pages[c.who];
        await c.open(page, 'ro');
        expect(await page.locator('html').getAttribute('lang')).toBe('ro');
        expect(await page.locator('title').textContent()).toContain(staffT('ro')('meta.title'));
      });
    }
  });

  // The session starts in the language of the login page, not the browser's (Accept-Language is en-GB here).
  it('choosing Română on the login page carries into the inbox after logging in', async () => {
    const t = staffT('ro');
    const b = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl });
    try {
      const page = await b.newPage();
      await byUrl(page, '/login', 'ro');
      await waitForStepAfter(lucia.usedStep);
      await page.getByLabel(t('login.username'), { exact: true }).fill(lucia.username);
      await page.getByLabel(t('login.password'), { exact: true }).fill(lucia.password);
      await page.getByLabel(t('login.code'), { exact: true }).fill(await totpCode(lucia.totpSecret));
      expect(await navigate(page, page.getByRole('button', { name: t('login.submit') }))).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/inbox');
      expect(await page.locator('html').getAttribute('lang')).toBe('ro');
      await expectHeading(page, t('inbox.title'));
    } finally {
      await b.close();
    }
  });

  for (const lang of LANGS) {
    describe(`axe finds no violations (${lang})`, () => {
      for (const c of PAGES) {
        it(c.name, async () => {
          const page = pages[c.who];
          await c.open(page, lang);
          const results = await new AxeBuilder({ page }).analyze();
          expect(describeViolations(results)).toBe('');
          // axe ran its full set of rules, so an empty list means something.
          expect(results.passes.length).toBeGreaterThan(10);
          expectContained(browsers[c.who]);
        });
      }
    });
  }
});
