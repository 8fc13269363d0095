/**
 * Demo data is unmistakable: the organisations `parasol demo` makes are
 * marked in the database, and every page of both surfaces of a demo instance
 * says "Demo: do not use for real reports" in the page's language; a real
 * instance shows no banner. The banner keeps the report form's first view
 * within its 14 KB budget.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFirstView } from '../../bench/first-view.bench.js';
import { DEMO_ORGANISATIONS } from '../../src/demo/demo.service.js';
import { insertOrganisation } from '../../src/core/organisations/organisations.repository.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { startServers } from '../../src/web/server.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, surfaces, type Surfaces } from '../staff/support.js';
import { asOrganisationId } from '../../src/core/shared/ids.js';

const BANNER = 'Demo: do not use for real reports';
const REPORTER_PAGES = ['/', '/report', '/services', '/rights', '/rights/FR', '/members/warnings', '/members/login', '/statistics', '/no-such-page'];

describe('a demo instance', () => {
  let s: Surfaces;
  beforeAll(async () => {
    s = await surfaces(SURFACE_DIALECT);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('marks every demo organisation as demo in the database', async () => {
    const rows = await s.t.ctx.core.db.selectFrom('organisations').select(['slug', 'demo']).execute();
    expect(rows.map((r) => r.slug).sort()).toEqual(DEMO_ORGANISATIONS.map((o) => o.slug).sort());
    for (const r of rows) expect(Number(r.demo), r.slug).toBe(1);
  });

  it('carries the banner on reporter, member and public pages, in the page language', async () => {
    for (const url of REPORTER_PAGES) {
      const res = await s.reporter.inject({ url, headers: { 'accept-language': 'en' } });
      expect(res.body, url).toContain(`<p class="demo-banner"><strong>${BANNER}</strong></p>`);
    }
    const words = {
      fr: 'Démo : ne pas utiliser pour de vrais signalements',
      ar: 'نسخة تجريبية: لا تستخدمها للإبلاغ عن حوادث حقيقية',
      th: 'เวอร์ชันสาธิต: ห้ามใช้แจ้งเหตุการณ์จริง',
      ru: 'Демо: не используйте для настоящих сообщений',
    };
    for (const [lang, text] of Object.entries(words)) {
      const res = await s.reporter.inject({ url: `/report?lang=${lang}` });
      expect(res.body, lang).toContain(text);
    }
  });

  it('carries the banner on staff pages, before and after login, in the page language', async () => {
    const anonymous = await s.staff.inject({ url: '/login' });
    expect(anonymous.body).toContain(BANNER);
    expect((await s.staff.inject({ url: '/login?lang=ro' })).body).toContain('Demonstrație: nu folosiți pentru sesizări reale');
    const admin = new StaffClient(s.staff, s.clock);
    await loginAs(s, admin, s.coordinator);
    for (const url of ['/inbox', '/account', '/admin/services', '/admin/rights', '/safety']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(BANNER);
    }
  });
});

describe('a real instance', () => {
  let t: TestContext;
  let reporter: FastifyInstance;
  let staff: FastifyInstance;
  beforeAll(async () => {
    t = await testContext(SURFACE_DIALECT, { demo: false });
    await insertOrganisation(t.ctx.core.db, { id: asOrganisationId('a'.repeat(32)), slug: 'network', name: 'Real Collective', is_default: 1, created_day: '2026-05-04' });
    reporter = await buildReporterApp(t.ctx);
    staff = await buildStaffApp(t.ctx);
  });
  afterAll(async () => {
    await reporter?.close();
    await staff?.close();
    await t?.close();
  });

  it('carries no banner on either surface', async () => {
    for (const url of [...REPORTER_PAGES, '/report?lang=ar']) {
      const res = await reporter.inject({ url });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain('demo-banner');
    }
    const login = await staff.inject({ url: '/login' });
    expect(login.statusCode).toBe(200);
    expect(login.body).not.toContain('demo-banner');
    expect(login.body).not.toContain(BANNER);
  });
});

describe('the report form with the banner', () => {
  it('stays within the first-view budget of 14 KB', async () => {
    const t = await testContext(SURFACE_DIALECT);
    const servers = await startServers(t.ctx);
    try {
      const { port } = new URL(servers.reporterUrl);
      const view = await measureFirstView({ host: '127.0.0.1', port: Number(port) });
      const page = await fetch(`${servers.reporterUrl}/report`);
      expect(await page.text()).toContain(BANNER);
      expect(view.noScript.ok).toBe(true);
      expect(view.withHeaders).toBeLessThanOrEqual(14 * 1024);
    } finally {
      await servers.close();
      await t.close();
    }
  });
});
