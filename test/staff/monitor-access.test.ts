/**
 * Issue 13, item 6: a monitor (statistics and operations) never reaches a
 * report. Every report route in Fastify's own route table, and the inbox,
 * refuses a logged-in monitor with 403 and nothing of the report; no one can
 * grant a monitor a report's content key; the monitor's own pages still work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, staffRoutesOf, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';

const MARKER = 'MONITOR-MARKER-5be1d0';
const FORBIDDEN = 'Your role does not allow this.';

let s: Surfaces;
let report: Submitted;
let monitor: NewAccount;
let caseworker: NewAccount;
let client: StaffClient;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  report = await submitReport(s, { description: `Routing and content ${MARKER}`, contact_name: `Name ${MARKER}`, contact_details: `Signal ${MARKER}` });
  monitor = await newStaffMember(s, 'monitor', { username: 'monitor-one', password: 'granite orchard 7730 fog' });
  caseworker = await newStaffMember(s, 'caseworker', { username: 'monitor-colleague', password: 'silver heron 1204 dusk' });
  client = new StaffClient(s.staff, s.clock);
  s.clock.advance(31_000);
  const res = await client.login(monitor.username, monitor.password, monitor.totpSecret);
  if (res.statusCode !== 303) throw new Error(`monitor login answered ${res.statusCode}`);
});
afterAll(async () => {
  await s?.close();
});

function concrete(path: string): string {
  return path.replace('/reports/:id', `/reports/${report.reportId}`).replace(':rid', 'x');
}

describe('a logged-in monitor', () => {
  const reportRoutes = () => staffRoutesOf(s.staff).filter((r) => r.path === '/inbox' || r.path.startsWith('/reports/'));

  it('is refused every report route and the inbox, and sees nothing of the report', async () => {
    const routes = reportRoutes();
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/inbox', '/reports/:id', '/reports/:id/grant', '/reports/:id/reply', '/reports/:id/disclosure']));
    let checked = 0;
    for (const { path, methods } of routes) {
      for (const method of methods.filter((m) => m === 'GET' || m === 'POST')) {
        const url = concrete(path);
        const res = method === 'GET' ? await client.get(url) : await client.post('/account', url, { colleague: monitor.userId, reply: 'x', note: 'x', status: 'closed' });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(textOf(res.body), `${method} ${url}`).toContain(FORBIDDEN);
        expect(res.body, `${method} ${url}`).not.toContain(MARKER);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('lands on monitoring after login and keeps their own pages', async () => {
    const other = new StaffClient(s.staff, s.clock);
    s.clock.advance(31_000);
    const res = await other.login(monitor.username, monitor.password, monitor.totpSecret);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/monitoring');
    expect((await other.follow(await other.get('/monitoring'))).statusCode).toBe(200);
    expect((await other.get('/account')).statusCode).toBe(200);
    const home = await other.get('/');
    expect(home.headers.location).toBe('/monitoring');
    expect((await other.get('/account')).body).not.toContain('href="/inbox"');
  });
});

describe('granting access', () => {
  it('a caseworker cannot give a monitor a report, and the monitor is not offered as a colleague', async () => {
    const cw = new StaffClient(s.staff, s.clock);
    await loginAs(s, cw, caseworker);
    // The caseworker joined after the report: the coordinator shares it with them first.
    const coord = new StaffClient(s.staff, s.clock);
    await loginAs(s, coord, s.coordinator);
    const page = await coord.get(`/reports/${report.reportId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${caseworker.userId}"`);
    expect(page.body).not.toContain(`value="${monitor.userId}"`);
    await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/grant`, { colleague: monitor.userId });
    const seals = await s.t.ctx.core.db.selectFrom('report_key_seals').select('recipient_id').where('report_id', '=', report.reportId).execute();
    expect(seals.map((r) => r.recipient_id)).not.toContain(monitor.userId);
    const granted = await s.t.ctx.core.db.selectFrom('audit_log').select('seq').where('action', '=', 'access_granted').execute();
    expect(granted).toHaveLength(0);
  });
});
