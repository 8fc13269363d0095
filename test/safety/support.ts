/**
 * Shared set-up for the community-safety tests: both surfaces on one test
 * context with a clock the test moves, caseworkers of Soho Peer Support
 * (which covers London) made through the invitation page, members made
 * through the members' pages, and the warning workflow driven over HTTP as
 * caseworkers drive it.
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import type { Config } from '../../src/config.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { testContext, type TestContext } from '../helpers/context.js';
import type { DialectName } from '../helpers/dialects.js';
import { extractCsrf, openForm, postForm, receiptFrom, textOf, validReport, type Fields } from '../helpers/forms.js';
import { SteppingClock, StaffClient } from '../helpers/staff.js';
import type { TestSubscription } from './services.js';
import { parseWarningId, type OrganisationId, type ReportId, type UserId, type WarningId } from '../../src/core/shared/ids.js';

export { textOf };

export interface Safety {
  readonly t: TestContext;
  readonly clock: SteppingClock;
  readonly staff: FastifyInstance;
  readonly reporter: FastifyInstance;
  /** The demo coordinator of Soho Peer Support (London, Manchester). */
  readonly soho: DemoKey;
  close(): Promise<void>;
}

/** A fresh context with the demo organisations, both surfaces, and a clock at a round start. */
export async function safetySurfaces(dialect: DialectName, config: Partial<Config> = {}, start = '2026-05-04T09:00:00.000Z', logStream?: NodeJS.WritableStream): Promise<Safety> {
  const clock = new SteppingClock(Date.parse(start));
  const t = await testContext(dialect, { clock, config });
  const staff = await buildStaffApp(t.ctx, logStream ? { logStream } : {});
  const reporter = await buildReporterApp(t.ctx, logStream ? { logStream } : {});
  const soho = t.demoKeys.find((k) => k.organisation === 'soho-peers');
  if (!soho) throw new Error('no demo coordinator for soho-peers');
  return {
    t,
    clock,
    staff,
    reporter,
    soho,
    async close() {
      await staff.close();
      await reporter.close();
      await t.close();
    },
  };
}

/** A TOTP code is accepted once per 30-second step: every login moves the clock on first. */
export const STEP_MS = 31_000;

export async function staffLogin(s: Safety, who: { username: string; password: string; totpSecret: string }): Promise<StaffClient> {
  const client = new StaffClient(s.staff, s.clock);
  s.clock.advance(STEP_MS);
  const res = await client.login(who.username, who.password, who.totpSecret);
  if (res.statusCode !== 303) throw new Error(`login of ${who.username} answered ${res.statusCode}: ${textOf(res.body).slice(0, 300)}`);
  return client;
}

export interface Caseworker {
  readonly userId: UserId;
  readonly username: string;
  readonly password: string;
  readonly totpSecret: string;
}

/** Invites a caseworker to an organisation and sets the account up through the invitation page. */
export async function newCaseworker(s: Safety, organisationId: OrganisationId, username: string, role = 'caseworker'): Promise<Caseworker> {
  const token = await createInvitation(s.t.ctx.core, organisationId, role);
  const client = new StaffClient(s.staff, s.clock);
  const url = `/invite/${token}`;
  const page = await client.get(url);
  if (page.statusCode !== 200) throw new Error(`set-up page answered ${page.statusCode}`);
  const secret = /<code class="secret" dir="ltr">([^<]+)<\/code>/.exec(page.body)?.[1]?.replace(/\s+/g, '');
  const carrier = /name="totp_setup" value="([^"]*)"/.exec(page.body)?.[1];
  if (!secret || !carrier) throw new Error('no TOTP key on the set-up page');
  const password = `lantern harbour ${username} 5150`;
  const res = await client.post(url, url, {
    totp_setup: carrier,
    display_name: username,
    username,
    email: '',
    password,
    password_again: password,
    totp_code: await client.totp(secret),
  });
  if (res.statusCode !== 200) throw new Error(`set-up answered ${res.statusCode}: ${textOf(res.body).slice(0, 400)}`);
  const row = await s.t.ctx.core.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: row.id, username, password, totpSecret: secret };
}

/** Submits a report through the reporter surface (London by default) and returns its id and receipt. */
export async function submitReport(s: Safety, fields: Fields = {}): Promise<{ reportId: ReportId; receipt: string }> {
  const before = new Set((await s.t.ctx.core.db.selectFrom('reports').select('id').execute()).map((r) => r.id));
  const form = await openForm(s.reporter, '/report?lang=en');
  const res = await postForm(s.reporter, '/report', form, validReport({ area: 'gb-london', ...fields }));
  if (res.statusCode !== 200) throw new Error(`report answered ${res.statusCode}: ${textOf(res.body).slice(0, 400)}`);
  const added = (await s.t.ctx.core.db.selectFrom('reports').select('id').execute()).map((r) => r.id).filter((id) => !before.has(id));
  if (added.length !== 1) throw new Error(`expected one new report, found ${added.length}`);
  return { reportId: added[0]!, receipt: receiptFrom(res.body) };
}

/** The value of every ticked check box or chosen radio named `name` in a page. */
export function checkedValues(html: string, name: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    if (!attrs.includes(`name="${name}"`) || !/\schecked(?=[\s/=]|$)/.test(attrs)) continue;
    const v = /value="([^"]*)"/.exec(attrs);
    if (v) out.push(v[1]!.replace(/&amp;/g, '&'));
  }
  return out;
}

/** Fields a form shows as its starting values: text inputs, text areas, selected options and ticked boxes. */
export function formValues(html: string, names: readonly string[]): Fields {
  const out: Fields = {};
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const name of names) {
    const area = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
    if (area) {
      out[name] = decode(area[1]!);
      continue;
    }
    const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
    if (select) {
      const opt = /<option[^>]*value="([^"]*)"[^>]*selected[^>]*>/.exec(select[1]!) ?? /<option[^>]*selected[^>]*value="([^"]*)"/.exec(select[1]!);
      out[name] = opt ? decode(opt[1]!) : '';
      continue;
    }
    const boxes = checkedValues(html, name);
    if (new RegExp(`type="(checkbox|radio)"[^>]*name="${name}"`).test(html)) {
      out[name] = boxes;
      continue;
    }
    const input = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
    out[name] = input ? decode(input[1]!) : '';
  }
  return out;
}

export const WARNING_FIELDS = ['place', 'month', 'categories', 'what', 'recognise', 'modus', 'visibility', 'identifiers'] as const;

/**
 * Caseworker `drafter` drafts a warning from the report with the form's
 * pre-filled values, changed by `edit`; returns the warning id.
 */
export async function draftWarning(s: Safety, drafter: StaffClient, reportId: ReportId, edit: Fields = {}): Promise<{ id: WarningId; form: LightMyRequestResponse }> {
  const form = await drafter.get(`/safety/warnings/new?report=${reportId.slice(0, 8)}`);
  if (form.statusCode !== 200) throw new Error(`draft form answered ${form.statusCode}: ${textOf(form.body).slice(0, 300)}`);
  const fields = { ...formValues(form.body, WARNING_FIELDS), report: reportId, ...edit };
  const res = await drafter.post(`/safety/warnings/new?report=${reportId.slice(0, 8)}`, '/safety/warnings/new', fields);
  if (res.statusCode !== 303) throw new Error(`draft answered ${res.statusCode}: ${textOf(res.body).slice(0, 600)}`);
  const id = parseWarningId(/^\/safety\/warnings\/([0-9a-f]+)$/.exec(String(res.headers.location))?.[1]);
  if (!id) throw new Error(`draft redirected to ${res.headers.location}`);
  return { id, form };
}

/** Posts a workflow step on a warning (submit, approve, return, renew, withdraw) and returns the page it leads to. */
export async function warningStep(client: StaffClient, id: string, step: string, fields: Fields = {}): Promise<LightMyRequestResponse> {
  const res = await client.post(`/safety/warnings/${id}`, `/safety/warnings/${id}/${step}`, fields);
  return client.follow(res);
}

/** Drafted by one caseworker, approved by another: a published warning from the report. */
export async function publishWarning(s: Safety, drafter: StaffClient, approver: StaffClient, reportId: ReportId, edit: Fields = {}): Promise<WarningId> {
  const { id } = await draftWarning(s, drafter, reportId, edit);
  await warningStep(drafter, id, 'submit');
  const page = await warningStep(approver, id, 'approve');
  if (!page.body.includes('Published. Members who asked are being told.')) throw new Error(`approval failed: ${textOf(page.body).slice(0, 400)}`);
  return id;
}

/** A member's browser on the reporter surface (cookies kept, CSRF tokens read from each page). */
export function memberClient(s: Safety): StaffClient {
  return new StaffClient(s.reporter, s.clock);
}

/** Makes an invite code as a caseworker, through the staff page, and returns it. */
export async function inviteCode(client: StaffClient, uses = 20): Promise<string> {
  const res = await client.post('/safety/members', '/safety/invites', { uses: String(uses), days: '30' });
  const code = /data-invite-code="([A-Z0-9-]+)"/.exec(res.body)?.[1];
  if (res.statusCode !== 200 || !code) throw new Error(`invite answered ${res.statusCode}: ${textOf(res.body).slice(0, 300)}`);
  return code;
}

/** Signs a member up with an invite code, following the given areas; returns their logged-in browser. */
export async function joinWithCode(s: Safety, code: string, username: string, areas: readonly string[] = ['gb-london']): Promise<StaffClient> {
  const member = memberClient(s);
  const res = await member.post('/members/signup?lang=en', '/members/signup?lang=en', {
    lang: 'en',
    username,
    password: `${username} walks by the canal`,
    password_again: `${username} walks by the canal`,
    code,
    organisation: '',
    areas: [...areas],
  });
  if (res.statusCode !== 303) throw new Error(`sign-up answered ${res.statusCode}: ${textOf(res.body).slice(0, 400)}`);
  // Sign-up never logs in (its answer must not tell whether the name was free): the new member logs in next.
  const login = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username, password: `${username} walks by the canal` });
  if (login.statusCode !== 303) throw new Error(`login after sign-up answered ${login.statusCode}: ${textOf(login.body).slice(0, 400)}`);
  return member;
}

/** A member's identifier check through the page; returns the answer. */
export async function check(member: StaffClient, value: string, kind = 'phone', country = 'GB'): Promise<LightMyRequestResponse> {
  return member.post('/members/check?lang=en', '/members/check?lang=en', { lang: 'en', kind, value, country });
}

/** Links to warnings on a page. */
export function warningLinks(html: string): string[] {
  return [...new Set([...html.matchAll(/href="\/members\/warnings\/([0-9a-f]{32})/g)].map((m) => m[1]!))];
}

export { extractCsrf };

/** Logs an existing member in again (joinWithCode's password), on a fresh browser. */
export async function memberLogin(s: Safety, username: string): Promise<StaffClient> {
  const member = memberClient(s);
  const res = await member.post('/members/login?lang=en', '/members/login?lang=en', { lang: 'en', username, password: `${username} walks by the canal` });
  if (res.statusCode !== 303) throw new Error(`login answered ${res.statusCode}: ${textOf(res.body).slice(0, 300)}`);
  return member;
}

const ATOM = 'http://www.w3.org/2005/Atom';

/** Turns on e-mail warnings for a member through the settings page. */
export async function wantEmail(member: StaffClient, address: string): Promise<void> {
  const res = await member.post('/members/settings?lang=en', '/members/settings/email?lang=en', { lang: 'en', email: address, notify_email: 'yes' });
  if (res.statusCode !== 303) throw new Error(`e-mail settings answered ${res.statusCode}: ${textOf(res.body).slice(0, 300)}`);
}

/** Registers a browser's push subscription the way the settings page's script does. */
export async function wantPush(member: StaffClient, sub: TestSubscription): Promise<void> {
  const res = await member.post('/members/settings?lang=en', '/members/push/subscribe', { lang: 'en', endpoint: sub.endpoint, p256dh: sub.p256dh, auth: sub.auth });
  if (res.statusCode !== 204) throw new Error(`push subscription answered ${res.statusCode}: ${res.body}`);
}

/** Makes a feed address on the settings page and returns it (path and query). */
export async function feedPath(member: StaffClient): Promise<string> {
  const res = await member.post('/members/settings?lang=en', '/members/settings/feed?lang=en', { lang: 'en', action: 'new' });
  const url = /data-feed-url="([^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&');
  if (res.statusCode !== 200 || !url) throw new Error(`feed answered ${res.statusCode}`);
  const u = new URL(url, 'http://localhost');
  return `${u.pathname}${u.search}`;
}

export interface AtomEntry {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly link: string;
}

/** Parses an Atom document with a real XML parser and checks it is Atom. */
export function parseAtom(xml: string): { title: string; entries: AtomEntry[] } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const feed = doc.documentElement!;
  if (feed.namespaceURI !== ATOM || feed.localName !== 'feed') throw new Error('not an Atom feed');
  const text = (el: XmlElement, name: string) => el.getElementsByTagNameNS(ATOM, name)[0]?.textContent ?? '';
  const entries = Array.from(feed.getElementsByTagNameNS(ATOM, 'entry')).map((e) => ({
    id: text(e, 'id'),
    title: text(e, 'title'),
    content: text(e, 'content'),
    link: e.getElementsByTagNameNS(ATOM, 'link')[0]?.getAttribute('href') ?? '',
  }));
  for (const required of ['id', 'title', 'updated']) if (!feed.getElementsByTagNameNS(ATOM, required).length) throw new Error(`feed without ${required}`);
  return { title: text(feed, 'title'), entries };
}
