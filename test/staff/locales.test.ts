/**
 * Every staff page renders in every staff language present, without a
 * missing message: under the tests the staff translator throws on one (in
 * production it shows the English message), so a page with a gap answers 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_LOCALES } from '../../src/i18n/staff/index.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, submitReport, surfaces, type Surfaces } from './support.js';

const SIGNED_OUT = ['/login', '/recover', '/no-such-page'];
const PAGES = [
  '/inbox',
  '/account',
  '/identity-requests',
  '/admin/members',
  '/admin/areas',
  '/admin/audit',
  '/admin/retention',
  '/admin/rights',
  '/admin/rights/changes',
  '/admin/services',
  '/admin/services/new',
  '/admin/services/import',
  '/admin/services/network',
  '/safety',
  '/safety/corrections',
  '/safety/matches',
  '/safety/members',
  '/safety/settings',
  '/safety/warnings/new',
  '/monitoring',
  '/monitoring/operations',
  '/monitoring/operations/new',
  '/monitoring/statistics',
  '/monitoring/surveys',
  '/monitoring/surveys/new',
];

describe('staff pages in every staff language', () => {
  let s: Surfaces;
  let client: StaffClient;
  let report = '';
  beforeAll(async () => {
    s = await surfaces(SURFACE_DIALECT);
    await submitReport(s);
    client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, s.coordinator);
    const inbox = await client.get('/inbox');
    report = /href="(\/reports\/[^"?]+)/.exec(inbox.body)?.[1] ?? '';
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the coordinator sees a report to open', () => {
    expect(report).toMatch(/^\/reports\//);
  });

  for (const lang of STAFF_LOCALES) {
    it(`${lang}: every page answers without a missing message, in ${lang}`, async () => {
      const anonymous = new StaffClient(s.staff, s.clock);
      for (const path of SIGNED_OUT) {
        const res = await anonymous.get(`${path}?lang=${lang}`);
        expect(res.statusCode, `${lang} ${path}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode !== 302 && res.statusCode !== 303) expect(res.body, `${lang} ${path}`).toContain(`<html lang="${lang}"`);
      }
      for (const path of [...PAGES, report, `${report}/referrals`]) {
        const res = await client.get(`${path}?lang=${lang}`);
        expect(res.statusCode, `${lang} ${path}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode === 200) expect(res.body, `${lang} ${path}`).toContain(`<html lang="${lang}"`);
      }
    });
  }
});
