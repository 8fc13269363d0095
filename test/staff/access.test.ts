/**
 * Deny by default on the staff surface, from the outside: every route in
 * Fastify's own route table answers an anonymous visitor with the way to the
 * login page (or 401), except exactly the handful of public pages; unknown
 * paths look the same; coordinator pages refuse caseworkers; every page
 * carries a strict CSP and no-store; the session cookie cannot be read by
 * scripts or sent cross-site.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { csrfOf, loginAs, newStaffMember, snapshot, staffRoutesOf, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';

/** The only pages reachable without logging in. */
const PUBLIC_PATHS = ['/healthz', '/invite/:token', '/login', '/readyz', '/recover', '/static/parasol.css', '/static/staff.css'];
const MARKER = 'ACCESS-MARKER-7f3e9a';

let s: Surfaces;
let report: Submitted;
let caseworker: NewAccount;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  report = await submitReport(s, { description: `Someone hurt me ${MARKER}`, contact_name: 'Mia', contact_details: `Signal ${MARKER}` });
  caseworker = await newStaffMember(s, 'caseworker', { username: 'casey', password: 'violet umbrella 2026' });
});
afterAll(async () => {
  await s?.close();
});

/** A concrete URL for a route pattern: real ids, so that a refusal is not just "not found". */
function concrete(path: string): string {
  return path
    .replace('/reports/:id', `/reports/${report.reportId}`)
    .replace('/admin/members/:id/:change', `/admin/members/${caseworker.userId}/deactivate`)
    .replace('/admin/areas/:id', '/admin/areas/ro-bucharest')
    .replace('/invite/:token', '/invite/not-a-real-token');
}

function isWayToLogin(res: LightMyRequestResponse): boolean {
  return (res.statusCode === 303 || res.statusCode === 302) && res.headers.location === '/login';
}

function assertStrictHeaders(res: LightMyRequestResponse, what: string): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("default-src 'none'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain('unsafe-inline');
  expect(csp, what).not.toContain('unsafe-eval');
  expect(res.headers['cache-control'], what).toBe('no-store');
}

describe('the route table', () => {
  it('is read from Fastify itself and holds the pages we know of', () => {
    const routes = staffRoutesOf(s.staff).map((r) => r.path);
    for (const p of ['/inbox', '/reports/:id', '/reports/:id/grant', '/admin/audit', '/admin/members/:id/:change', '/logout', ...PUBLIC_PATHS]) expect(routes).toContain(p);
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });
});

describe('anonymous visitors', () => {
  it('are sent to /login (GET, HEAD) or refused with 401 (POST) everywhere except exactly the public pages', async () => {
    const answeredOtherwise = new Set<string>();
    for (const route of staffRoutesOf(s.staff)) {
      for (const method of route.methods) {
        const res = await s.staff.inject({
          method: method as 'GET',
          url: concrete(route.path),
          ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'status=closed&reply=x&note=x&colleague=x&role=admin&email=a%40b.cd&notify=yes' } : {}),
        });
        expect(res.body, `${method} ${route.path}`).not.toContain(MARKER);
        const refused = method === 'POST' ? res.statusCode === 401 || isWayToLogin(res) : isWayToLogin(res);
        if (!refused) answeredOtherwise.add(route.path);
      }
    }
    expect([...answeredOtherwise].sort()).toEqual(PUBLIC_PATHS);
  });

  it('get what the public pages promise, and nothing more', async () => {
    const login = await s.staff.inject({ url: '/login' });
    expect(login.statusCode).toBe(200);
    expect(textOf(login.body)).toContain('Log in');
    const recover = await s.staff.inject({ url: '/recover' });
    expect(recover.statusCode).toBe(200);
    expect(textOf(recover.body)).toContain('Recover your account');
    const invite = await s.staff.inject({ url: '/invite/not-a-real-token' });
    expect(invite.statusCode).toBe(404);
    expect(invite.body).not.toContain('totp_setup');
    const health = await s.staff.inject({ url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    for (const css of ['/static/parasol.css', '/static/staff.css']) {
      const res = await s.staff.inject({ url: css });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/css/);
    }
    // Nothing else under /static/ on the staff surface.
    for (const other of ['/static/reporter.js', '/static/', '/static/../package.json', '/static/%2e%2e/package.json']) {
      const res = await s.staff.inject({ url: other });
      expect(isWayToLogin(res), other).toBe(true);
    }
  });

  it('get the same answer for unknown paths as for closed ones, whatever the method', async () => {
    const paths = [
      '/nope',
      '/admin',
      '/admin/nope',
      '/reports',
      `/reports/${report.reportId}/nope`,
      '/api/reports',
      '/.env',
      '/src/secrets.ts',
      '/inbox/../admin/audit',
      '/%2e%2e/admin/audit',
      '/INBOX',
    ];
    for (const url of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
        const res = await s.staff.inject({ method, url });
        expect(res.statusCode === 401 || isWayToLogin(res), `${method} ${url} answered ${res.statusCode}`).toBe(true);
        expect(res.body).not.toContain(MARKER);
      }
    }
    // Known pages with a method they do not have look the same too.
    for (const [method, url] of [
      ['DELETE', '/inbox'],
      ['PUT', `/reports/${report.reportId}`],
      ['PATCH', '/admin/audit'],
    ] as const) {
      const res = await s.staff.inject({ method, url });
      expect(res.statusCode === 401 || isWayToLogin(res), `${method} ${url}`).toBe(true);
    }
  });

  it('cannot get in with a made-up or foreign cookie', async () => {
    const reporterForm = await s.reporter.inject({ url: '/report' });
    const reporterCookie = String([reporterForm.headers['set-cookie']].flat()[0] ?? '')
      .split(';')[0]!
      .replace(/^parasol_form=/, '');
    for (const cookie of ['parasol_staff=garbage', 'parasol_staff=AAAA%3BAAAA', `parasol_staff=${reporterCookie}`, 'parasol_device=x.y.z']) {
      const res = await s.staff.inject({ url: '/inbox', headers: { cookie } });
      expect(isWayToLogin(res), cookie).toBe(true);
    }
  });
});

describe('coordinator pages', () => {
  it('answer a logged-in caseworker with 403 for every /admin route and method, and change nothing', async () => {
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, caseworker);
    const inbox = await client.get('/inbox');
    expect(inbox.statusCode).toBe(200);
    // No link to what they may not open.
    expect(inbox.body).not.toContain('href="/admin/');
    const token = csrfOf(inbox);
    const before = await snapshot(s);
    const adminRoutes = staffRoutesOf(s.staff).filter((r) => r.path.startsWith('/admin'));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(5);
    const urls: Array<[string, string]> = [];
    for (const r of adminRoutes) for (const m of r.methods) urls.push([m, concrete(r.path)]);
    // The same pages by other spellings that reach the same route.
    urls.push(
      ['GET', '/admin/members/'],
      ['GET', '/%61dmin/members'],
      ['GET', '/admin/audit?before=999999'],
      ['POST', `/admin/members/${s.coordinator.userId}/role`],
      ['POST', `/admin/members/${s.coordinator.userId}/deactivate`],
    );
    for (const [method, url] of urls) {
      const res = await s.staff.inject({
        method: method as 'GET',
        url,
        headers: { cookie: client.cookieHeader, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { payload: new URLSearchParams({ _csrf: token, role: 'admin', country: 'RO', name: 'Forged' }).toString() } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      if (method !== 'HEAD') expect(textOf(res.body), `${method} ${url}`).toContain('Your role does not allow this.');
    }
    expect(await snapshot(s)).toEqual(before);
  });

  it('open for the coordinator (so the 403 above is about the role)', async () => {
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, s.coordinator);
    for (const url of ['/admin/members', '/admin/areas', '/admin/audit']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
    }
  });
});

describe('headers and cookies', () => {
  it('every staff page, logged in or not, error or not, has a strict CSP and Cache-Control: no-store', async () => {
    const anonymous: Array<[string, number]> = [
      ['/login', 200],
      ['/recover', 200],
      ['/invite/not-a-real-token', 404],
      ['/inbox', 303],
      ['/nope', 303],
    ];
    for (const [url, status] of anonymous) {
      const res = await s.staff.inject({ url });
      expect(res.statusCode, url).toBe(status);
      assertStrictHeaders(res, url);
    }
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, s.coordinator);
    for (const [url, status] of [
      ['/inbox', 200],
      [`/reports/${report.reportId}`, 200],
      ['/account', 200],
      ['/admin/audit', 200],
      ['/nope', 404],
      ['/reports/0000000000000000000000000000000f', 404],
    ] as const) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(status);
      assertStrictHeaders(res, url);
    }
    const cw = new StaffClient(s.staff, s.clock);
    await loginAs(s, cw, caseworker);
    const forbidden = await cw.get('/admin/audit');
    expect(forbidden.statusCode).toBe(403);
    assertStrictHeaders(forbidden, '403');
    const notShared = await cw.get(`/reports/${report.reportId}`);
    expect(notShared.statusCode).toBe(403);
    assertStrictHeaders(notShared, 'not shared');
  });

  it('the session and device cookies are HttpOnly and SameSite=Strict, and not Secure on plain-http local use', async () => {
    const client = new StaffClient(s.staff, s.clock);
    s.clock.advance(31_000);
    const res = await client.login(s.coordinator.username, s.coordinator.password, s.coordinator.totpSecret);
    expect(res.statusCode).toBe(303);
    const cookies = [res.headers['set-cookie']].flat().map(String);
    const session = cookies.find((c) => c.startsWith('parasol_staff='));
    const device = cookies.find((c) => c.startsWith('parasol_device='));
    expect(session).toBeDefined();
    expect(device).toBeDefined();
    for (const c of [session!, device!]) {
      expect(c).toMatch(/;\s*HttpOnly/i);
      expect(c).toMatch(/;\s*SameSite=Strict/i);
      expect(c).toMatch(/;\s*Path=\//i);
      expect(c).not.toMatch(/;\s*Secure/i);
    }
  });
});

describe('with secureCookies: true', () => {
  let secure: Surfaces;
  beforeAll(async () => {
    secure = await surfaces(SURFACE_DIALECT, { secureCookies: true });
  });
  afterAll(async () => {
    await secure?.close();
  });

  it('every cookie the staff surface sets is Secure, HttpOnly and SameSite=Strict', async () => {
    const client = new StaffClient(secure.staff, secure.clock);
    const form = await client.get('/login');
    const pre = [form.headers['set-cookie']].flat().map(String);
    expect(pre.some((c) => c.startsWith('parasol_staff='))).toBe(true);
    secure.clock.advance(31_000);
    const res = await client.login(secure.coordinator.username, secure.coordinator.password, secure.coordinator.totpSecret);
    expect(res.statusCode).toBe(303);
    const cookies = [...pre, ...[res.headers['set-cookie']].flat().map(String)];
    expect(cookies.filter((c) => c.startsWith('parasol_staff=') || c.startsWith('parasol_device='))).toHaveLength(3);
    for (const c of cookies) {
      expect(c).toMatch(/;\s*Secure/i);
      expect(c).toMatch(/;\s*HttpOnly/i);
      expect(c).toMatch(/;\s*SameSite=Strict/i);
    }
    // HSTS comes with it.
    expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d+/);
  });
});

export type { FastifyInstance };
