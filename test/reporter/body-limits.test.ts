/**
 * Issue 13, item 3: forms that cost the server seconds. A form body is
 * bounded before it is parsed: 413 past the text-form limit or past a few
 * hundred fields, compressed bodies refused on every route, repeated values
 * kept once, and a spent flow budget refused before the body is read. The
 * refusals are plain pages in the person's language. Run on SQLite and
 * PostgreSQL (what is stored is checked).
 */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { encodeForm, openForm, postForm, receiptFrom, textOf, validReport } from '../helpers/forms.js';

async function reportCount(t: TestContext): Promise<number> {
  const rows = await t.ctx.core.db.selectFrom('reports').select('id').execute();
  return rows.length;
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`form bodies on ${name}`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let staff: FastifyInstance;

    beforeAll(async () => {
      t = await testContext(name);
      app = await buildReporterApp(t.ctx);
      staff = await buildStaffApp(t.ctx);
    });
    afterAll(async () => {
      await app?.close();
      await staff?.close();
      await t?.close();
    });

    it('a report body over 256 KB gets 413 and a plain page in the person\u2019s language; nothing is stored', async () => {
      const before = await reportCount(t);
      const form = await openForm(app, '/report?lang=fr');
      const res = await app.inject({
        method: 'POST',
        url: '/report?lang=fr',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
        payload: encodeForm({ _csrf: form.token, ...validReport({ lang: 'fr', description: 'x'.repeat(300 * 1024) }) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(textOf(res.body)).toContain('Trop de texte');
      expect(textOf(res.body)).toContain('Revenez en arrière, raccourcissez le texte');
      expect(await reportCount(t)).toBe(before);
    });

    it('a gzip-compressed report is refused, not inflated: 415, nothing stored', async () => {
      const before = await reportCount(t);
      const form = await openForm(app, '/report');
      // 12 KB on the wire that would inflate to about 12 MB.
      const body = gzipSync(Buffer.from(encodeForm({ _csrf: form.token, ...validReport({ description: 'a'.repeat(12 * 1024 * 1024) }) })), { level: 9 });
      expect(body.length).toBeLessThan(64 * 1024);
      const res = await app.inject({
        method: 'POST',
        url: '/report',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip', cookie: form.cookie },
        payload: body,
      });
      expect(res.statusCode).toBe(415);
      expect(res.body).not.toContain('data-receipt');
      // A small, valid, compressed report is refused too: no route inflates.
      const small = gzipSync(Buffer.from(encodeForm({ _csrf: form.token, ...validReport() })));
      const again = await app.inject({
        method: 'POST',
        url: '/report',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip', cookie: form.cookie },
        payload: small,
      });
      expect(again.statusCode).toBe(415);
      const onStaff = await staff.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'deflate' }, payload: small });
      expect(onStaff.statusCode).toBe(415);
      expect(await reportCount(t)).toBe(before);
    });

    it('a report with thousands of repeated fields is refused with 413; nothing is stored', async () => {
      const before = await reportCount(t);
      const form = await openForm(app, '/report?lang=es');
      const payload = encodeForm({ _csrf: form.token, ...validReport({ lang: 'es' }) }) + '&category=threats'.repeat(5_000);
      expect(payload.length).toBeLessThan(256 * 1024);
      const res = await app.inject({ method: 'POST', url: '/report?lang=es', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie }, payload });
      expect(res.statusCode).toBe(413);
      expect(res.body).toContain('lang="es"');
      expect(await reportCount(t)).toBe(before);
    });

    it('a value repeated a few times is kept once: the stored categories are each named once', async () => {
      const form = await openForm(app, '/report');
      const res = await postForm(app, '/report', form, validReport({ category: ['threats', 'threats', 'robbery', 'threats', 'robbery'] }));
      expect(res.statusCode).toBe(200);
      expect(receiptFrom(res.body)).toMatch(/^\d{24}$/);
      const rows = await t.ctx.core.db.selectFrom('reports').select('categories').execute();
      const latest = rows.map((r) => r.categories).find((c) => c.includes('threats') && c.includes('robbery'));
      expect(latest?.split(' ').sort()).toEqual(['robbery', 'threats']);
    });

    it('a staff text form over 256 KB gets 413 with the staff page, even unauthenticated', async () => {
      const res = await staff.inject({
        method: 'POST',
        url: '/reports/x/reply',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encodeForm({ reply: 'y'.repeat(1024 * 1024) }),
      });
      expect(res.statusCode).toBe(413);
      expect(textOf(res.body)).toContain('What you sent is too large.');
    });
  });
}

describe('the intake budget is spent before the body is read', () => {
  let t: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await testContext(DIALECTS[0]!.name, { config: { intakePerMinute: 1 } });
    app = await buildReporterApp(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('once spent, even a body that would be refused as too large gets the busy page, in the person\u2019s language', async () => {
    const form = await openForm(app, '/report?lang=ro');
    const first = await postForm(app, '/report?lang=ro', form, validReport({ lang: 'ro' }));
    expect(first.statusCode).toBe(200);
    const payload = encodeForm({ _csrf: form.token }) + '&category=threats'.repeat(5_000);
    const res = await app.inject({ method: 'POST', url: '/report?lang=ro', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie }, payload });
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('lang="ro"');
    expect(textOf(res.body)).toContain('Parasol este foarte aglomerat');
  });
});
