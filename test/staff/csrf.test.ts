/**
 * Cross-site request forgery on the staff surface: every POST route in the
 * route table, sent from the victim's browser (their cookies) without a token,
 * with a token from another session, from before their login, or tampered,
 * changes nothing in the database, writes no audit entry other than a read,
 * and tells the person that nothing was changed. The same request with the
 * page's own token does change something, so each check can fail.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import type { Fields } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import {
  csrfOf,
  hiddenValue,
  lastAuditSeq,
  loginAs,
  newStaffMember,
  snapshot,
  staffRoutesOf,
  submitReport,
  surfaces,
  textOf,
  totpSecretFrom,
  type NewAccount,
  type Submitted,
  type Surfaces,
} from './support.js';

const NOTHING_CHANGED = 'Nothing was changed';
const CONTACT_MARKER = 'CSRF-CONTACT-5d1c';

let s: Surfaces;
let reportA: Submitted;
let reportB: Submitted;
let caseworker: NewAccount;
/** The coordinator, logged in: the victim of most forgeries. */
let victim: StaffClient;
let coordinatorPassword: string;
let tokens: { anonymous: string; otherUser: string; beforeLogin: string; tampered: string };

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  coordinatorPassword = s.coordinator.password;
  reportA = await submitReport(s, { description: 'Report A for CSRF', contact_name: 'Ana', contact_details: CONTACT_MARKER });
  reportB = await submitReport(s, { description: 'Report B for CSRF' });
  caseworker = await newStaffMember(s, 'caseworker', { username: 'csrf-casey', password: 'plum parasol 8812' });

  victim = new StaffClient(s.staff, s.clock);
  const beforeLogin = csrfOf(await victim.get('/login'));
  await loginAs(s, victim, s.coordinator);
  const own = csrfOf(await victim.get('/inbox'));

  const attacker = new StaffClient(s.staff, s.clock);
  const anonymous = csrfOf(await attacker.get('/login'));
  const colleague = new StaffClient(s.staff, s.clock);
  await loginAs(s, colleague, caseworker);
  const otherUser = csrfOf(await colleague.get('/inbox'));
  const tampered = own.slice(0, -2) + (own.slice(-2) === 'AA' ? 'BB' : 'AA');
  tokens = { anonymous, otherUser, beforeLogin, tampered };
});
afterAll(async () => {
  await s?.close();
});

interface Prepared {
  /** The browser the request comes from. */
  readonly client: StaffClient;
  readonly url: string;
  /** Where the real form is. */
  readonly pageUrl: string;
  /** The form's fields, as the real page would send them (without _csrf). */
  readonly fields: Fields;
}

interface Case {
  /** The route pattern in Fastify's table. */
  readonly route: string;
  readonly label: string;
  readonly prepare: () => Promise<Prepared>;
  /** Checks beyond the database, after a forged request (e.g. the session is still open). */
  readonly afterForged?: (p: Prepared) => Promise<void>;
  /** After the genuine request (e.g. remember a new password). */
  readonly afterGenuine?: (p: Prepared, res: LightMyRequestResponse) => Promise<void>;
}

const code = async (client: StaffClient, secret: string) => {
  s.clock.advance(31_000);
  return client.totp(secret);
};

const onVictim =
  (url: string, pageUrl: string, fields: Fields = {}): (() => Promise<Prepared>) =>
  async () => ({ client: victim, url, pageUrl, fields });

const cases: Case[] = [
  {
    route: '/login',
    label: 'logging a browser in (login CSRF)',
    prepare: async () => {
      const client = new StaffClient(s.staff, s.clock);
      await client.get('/login');
      return { client, url: '/login', pageUrl: '/login', fields: { username: s.coordinator.username, password: coordinatorPassword, code: await code(client, s.coordinator.totpSecret) } };
    },
    afterForged: async (p) => {
      const inbox = await p.client.get('/inbox');
      expect(inbox.statusCode).toBe(303);
      expect(inbox.headers.location).toBe('/login');
    },
  },
  {
    route: '/invite/:token',
    label: 'setting up an account from an invitation',
    prepare: async () => {
      const token = await createInvitation(s.t.ctx.core, s.coordinator.organisationId, 'caseworker');
      const client = new StaffClient(s.staff, s.clock);
      const page = await client.get(`/invite/${token}`);
      const secret = totpSecretFrom(page.body);
      return {
        client,
        url: `/invite/${token}`,
        pageUrl: `/invite/${token}`,
        fields: {
          totp_setup: hiddenValue(page.body, 'totp_setup'),
          display_name: 'Forged Person',
          username: 'forged-person',
          email: '',
          password: 'forged pass phrase 77',
          password_again: 'forged pass phrase 77',
          totp_code: await code(client, secret),
        },
      };
    },
  },
  { route: '/account/notices', label: 'changing the notice address', prepare: onVictim('/account/notices', '/account', { email: 'attacker@example.org', notify: 'yes' }) },
  {
    route: '/account/password',
    label: 'changing the password',
    prepare: async () => ({ client: victim, url: '/account/password', pageUrl: '/account', fields: { current: coordinatorPassword, new: 'attacker chosen passphrase 1' } }),
    afterGenuine: async (p) => {
      coordinatorPassword = String(p.fields.new);
    },
  },
  {
    route: '/recover',
    label: 'recovering an account',
    prepare: async () => {
      const client = new StaffClient(s.staff, s.clock);
      await client.get('/recover');
      return {
        client,
        url: '/recover',
        pageUrl: '/recover',
        fields: { username: s.coordinator.username, recovery_key: s.coordinator.recoveryKey, code: await code(client, s.coordinator.totpSecret), password: 'recovered passphrase 2026' },
      };
    },
    afterGenuine: async (p, res) => {
      expect(res.statusCode).toBe(303);
      coordinatorPassword = String(p.fields.password);
      // Recovery ends every session of the account, the victim's browser included; it logs in again.
      expect((await victim.get('/inbox')).statusCode).toBe(303);
      await loginAs(s, victim, { username: s.coordinator.username, password: coordinatorPassword, totpSecret: s.coordinator.totpSecret });
      expect((await victim.get('/inbox')).statusCode).toBe(200);
    },
  },
  { route: '/admin/invite', label: 'inviting a member', prepare: onVictim('/admin/invite', '/admin/members', { role: 'admin' }) },
  { route: '/admin/areas', label: 'adding a coverage area', prepare: onVictim('/admin/areas', '/admin/areas', { country: 'RO', name: 'Forged Area' }) },
  { route: '/admin/areas/:id/remove', label: 'removing a coverage area', prepare: onVictim('/admin/areas/ro-bucharest/remove', '/admin/areas') },
  {
    route: '/reports/:id/reply',
    label: 'replying to a reporter',
    prepare: async () => onVictim(`/reports/${reportA.reportId}/reply`, `/reports/${reportA.reportId}`, { reply: 'Forged reply: meet me at the station' })(),
  },
  { route: '/reports/:id/note', label: 'adding a case note', prepare: async () => onVictim(`/reports/${reportA.reportId}/note`, `/reports/${reportA.reportId}`, { note: 'Forged note' })() },
  { route: '/reports/:id/status', label: 'changing the status', prepare: async () => onVictim(`/reports/${reportA.reportId}/status`, `/reports/${reportA.reportId}`, { status: 'closed' })() },
  {
    route: '/reports/:id/assign',
    label: 'assigning the report',
    prepare: async () => onVictim(`/reports/${reportA.reportId}/assign`, `/reports/${reportA.reportId}`, { assignee: s.coordinator.userId })(),
  },
  { route: '/reports/:id/tags', label: 'tagging the report', prepare: async () => onVictim(`/reports/${reportA.reportId}/tags`, `/reports/${reportA.reportId}`, { tags: 'forged' })() },
  { route: '/reports/:id/spam', label: 'marking as spam', prepare: async () => onVictim(`/reports/${reportB.reportId}/spam`, `/reports/${reportB.reportId}`, { spam: 'yes' })() },
  {
    route: '/reports/:id/grant',
    label: 'sharing the report with a colleague',
    prepare: async () => onVictim(`/reports/${reportA.reportId}/grant`, `/reports/${reportA.reportId}`, { colleague: caseworker.userId })(),
  },
  {
    route: '/reports/:id/contact',
    label: "revealing the reporter's contact details",
    prepare: async () => onVictim(`/reports/${reportA.reportId}/contact`, `/reports/${reportA.reportId}`)(),
  },
  {
    route: '/reports/:id/merge',
    label: 'merging reports',
    prepare: async () => onVictim(`/reports/${reportA.reportId}/merge`, `/reports/${reportA.reportId}`, { into: reportB.reportId.slice(0, 8) })(),
  },
  { route: '/admin/members/:id/:change', label: "changing a member's role", prepare: async () => onVictim(`/admin/members/${caseworker.userId}/role`, '/admin/members', { role: 'admin' })() },
  { route: '/admin/members/:id/:change', label: 'deactivating a member', prepare: async () => onVictim(`/admin/members/${caseworker.userId}/deactivate`, '/admin/members')() },
  {
    route: '/logout',
    label: 'logging out',
    prepare: onVictim('/logout', '/inbox'),
    afterForged: async () => {
      const inbox = await victim.get('/inbox');
      expect(inbox.statusCode).toBe(200);
    },
  },
];

/** Audit entries a refused request may still cause: re-showing a case is a read. */
const HARMLESS = new Set(['report_read']);

async function newAuditActions(afterSeq: number): Promise<string[]> {
  const rows = await s.t.ctx.core.db.selectFrom('audit_log').select(['seq', 'action']).where('seq', '>', afterSeq).orderBy('seq').execute();
  return rows.map((r) => r.action);
}

/** Form fields that some staff form or other reads; sent to routes the explicit list does not know yet. */
const GENERIC_FIELDS: Fields = {
  status: 'closed',
  reply: 'forged',
  note: 'forged',
  text: 'forged',
  title: 'forged',
  body: 'forged',
  reason: 'forged reason for the record',
  decision: 'approve',
  approve: 'yes',
  outcome: 'upheld',
  role: 'admin',
  email: 'attacker@example.org',
  notify: 'yes',
  days: '1',
  months: '1',
  colleague: 'x',
  assignee: 'x',
  country: 'RO',
  name: 'Forged',
};

function concretePath(route: string): string {
  return route
    .replace('/reports/:id', `/reports/${reportA.reportId}`)
    .replace('/admin/members/:id', `/admin/members/${caseworker.userId}`)
    .replace('/admin/areas/:id', '/admin/areas/ro-bucharest')
    .replace(/:[a-zA-Z]+/g, (p) => (p === ':change' ? 'deactivate' : '0123456789abcdef0123456789abcdef'));
}

describe('every staff POST route', () => {
  it('has an explicit case with a positive control for most routes, and the rest get the generic check below', () => {
    const posts = new Set(
      staffRoutesOf(s.staff)
        .filter((r) => r.methods.includes('POST'))
        .map((r) => r.path),
    );
    const explicit = new Set(cases.map((c) => c.route).filter((r) => posts.has(r)));
    expect(explicit.size).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`${c.route}, ${c.label}: forged requests change nothing; the real form does`, async (test) => {
      if (!staffRoutesOf(s.staff).some((r) => r.path === c.route && r.methods.includes('POST'))) test.skip();
      const variants: Array<[string, string | undefined]> = [
        ['no token', undefined],
        ['token of an anonymous session', tokens.anonymous],
        ['token of another logged-in user', tokens.otherUser],
        ['token from before the login', tokens.beforeLogin],
        ['tampered token', tokens.tampered],
      ];
      for (const [variant, token] of variants) {
        const p = await c.prepare();
        // The victim has the page open already: opening a report marks it read (a genuine act, not the forged one).
        await p.client.get(p.pageUrl);
        const before = await snapshot(s);
        const seq = await lastAuditSeq(s);
        const res = await p.client.post(p.pageUrl, p.url, { ...p.fields, ...(token ? { _csrf: token } : {}) }, { csrf: false });
        expect(await snapshot(s), `${variant}: database`).toEqual(before);
        expect(
          (await newAuditActions(seq)).filter((a) => !HARMLESS.has(a)),
          `${variant}: audit`,
        ).toEqual([]);
        expect(res.body, variant).not.toContain(CONTACT_MARKER);
        if (c.route !== '/logout') {
          const seen = await p.client.follow(res);
          expect(textOf(seen.body), `${variant}: what the person sees`).toContain(NOTHING_CHANGED);
        }
        await c.afterForged?.(p);
      }

      // The genuine request from the real page does change something: the checks above could fail.
      const p = await c.prepare();
      const before = await snapshot(s);
      const seq = await lastAuditSeq(s);
      const res = await p.client.post(p.pageUrl, p.url, p.fields);
      const changed = JSON.stringify(await snapshot(s)) !== JSON.stringify(before) || (await newAuditActions(seq)).some((a) => !HARMLESS.has(a));
      expect(changed, `genuine ${c.label} (answered ${res.statusCode}: ${textOf(res.body).slice(0, 200)})`).toBe(true);
      await c.afterGenuine?.(p, res);
    });
  }

  /**
   * Forges every POST route the explicit list does not know, from the coordinator's
   * browser (an admin, so role checks do not stop it first), and returns what each
   * one changed: the tables whose rows differ and the audit actions written.
   */
  async function forgeOthers(): Promise<Map<string, string[]>> {
    const known = new Set(cases.map((c) => c.route));
    const others = staffRoutesOf(s.staff).filter((r) => r.methods.includes('POST') && !known.has(r.path));
    // Log the victim in afresh: earlier cases logged them out at the end.
    const v = new StaffClient(s.staff, s.clock);
    await loginAs(s, v, { username: s.coordinator.username, password: coordinatorPassword, totpSecret: s.coordinator.totpSecret });
    const changes = new Map<string, string[]>();
    for (const route of others) {
      const before = await snapshot(s);
      const seq = await lastAuditSeq(s);
      for (const token of [undefined, tokens.anonymous, tokens.otherUser, tokens.tampered]) {
        await v.post('/inbox', concretePath(route.path), { ...GENERIC_FIELDS, ...(token ? { _csrf: token } : {}) }, { csrf: false });
      }
      const after = await snapshot(s);
      const changed = Object.keys({ ...before, ...after }).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
      const audit = (await newAuditActions(seq)).filter((a) => !HARMLESS.has(a)).map((a) => `audit:${a}`);
      if (changed.length || audit.length) changes.set(route.path, [...new Set([...changed, ...audit])].sort());
    }
    return changes;
  }

  let forged: Map<string, string[]> | undefined;
  const forgedOnce = async () => (forged ??= await forgeOthers());

  it('every other POST route, sent from the coordinator’s browser without a valid token, changes nothing', async () => {
    const changes = await forgedOnce();
    if (process.env.PARASOL_TEST_VERBOSE) console.log('forged changes', JSON.stringify(Object.fromEntries(changes)));
    expect(Object.fromEntries(changes)).toEqual({});
  }, 600_000);

  // The monitoring POST routes open the organisation's monitoring key, which may create it and seal it to
  // colleagues; they must check the token before that, so a forged POST writes nothing there either.
  it('forged monitoring POSTs change nothing either', async () => {
    const changes = await forgedOnce();
    const listed = MONITORING_KEY_ROUTES.filter((r) => staffRoutesOf(s.staff).some((x) => x.path === r));
    expect(listed.length).toBeGreaterThan(0);
    for (const route of listed) expect(changes.get(route), route).toBeUndefined();
  }, 600_000);
});

/** POST routes that open the monitoring key (which may create and seal it): checked on their own above. */
const MONITORING_KEY_ROUTES = ['/monitoring/operations', '/monitoring/operations/import'];
