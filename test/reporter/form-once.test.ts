/**
 * One-time report forms over HTTP, on both dialects, thought through as an
 * attacker would: the same form sent twice (one after the other, or at once
 * from two instances' worth of requests) stores one report and shows the
 * same receipt; a seized database holds no receipt and no time finer than
 * the day; a copied cookie after its few minutes gets nothing; a form left
 * open for days is not sent blind.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildReporterApp } from '../../src/web/app.js';
import { countReports, handClock, testContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { cookiesFrom, formTokenFrom, openForm, postForm, postFormOnly, receiptFrom, textOf, validReport } from '../helpers/forms.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';

const en = reporterTranslator('en').t;

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`one report per form on ${name}`, () => {
    async function setUp() {
      const clock = handClock('2026-06-01T10:00:00Z');
      const t = await testContext(name, { clock });
      const app: FastifyInstance = await buildReporterApp(t.ctx);
      return { t, app, clock, close: async () => (await app.close(), await t.close()) };
    }

    it('the same form sent twice stores one report and answers both times with the same receipt page', async () => {
      const { t, app, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const fields = validReport({ submission: formTokenFrom(form.html) });
        const first = await postFormOnly(app, '/report', form, fields);
        expect(first.statusCode).toBe(303);
        expect(first.headers.location).toBe('/report/receipt?lang=en');
        const cookie = cookiesFrom(first, form.cookie);
        const shown = await app.inject({ method: 'GET', url: '/report/receipt?lang=en', headers: { cookie } });
        expect(shown.statusCode).toBe(200);
        const receipt = receiptFrom(shown.body);
        expect(await countReports(t)).toBe(1);

        // The receipt cookie is read once: a reload of the receipt page (the browser has dropped it) shows nothing, and stores nothing.
        const reload = await app.inject({ method: 'GET', url: '/report/receipt?lang=en', headers: { cookie: form.cookie } });
        expect(reload.body).not.toContain('data-receipt');
        expect(textOf(reload.body)).toContain(en('receipt.gone.title'));
        // The form sent again (Back, then send; or the browser's resubmission): no second report, the same receipt.
        const again = await postForm(app, '/report', form, fields);
        expect(receiptFrom(again.body)).toBe(receipt);
        expect(await countReports(t)).toBe(1);
        // A new rendering of the form is a new report.
        const next = await openForm(app, '/report', form.cookie);
        const second = await postForm(app, '/report', next, validReport({ submission: formTokenFrom(next.html) }));
        expect(receiptFrom(second.body)).not.toBe(receipt);
        expect(await countReports(t)).toBe(2);
      } finally {
        await close();
      }
    });

    it('a double click (two sendings at once) stores one report, and both answers lead to the same receipt', async () => {
      const { t, app, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const fields = validReport({ submission: formTokenFrom(form.html) });
        const answers = await Promise.all([postForm(app, '/report', form, fields), postForm(app, '/report', form, fields), postForm(app, '/report', form, fields)]);
        const receipts = answers.map((a) => receiptFrom(a.body));
        expect(new Set(receipts).size).toBe(1);
        expect(await countReports(t)).toBe(1);
      } finally {
        await close();
      }
    });

    it('a seized database holds no receipt and no time finer than the day; a copied cookie gets nothing after its few minutes', async () => {
      const { t, app, clock, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const fields = validReport({ submission: formTokenFrom(form.html) });
        const first = await postFormOnly(app, '/report', form, fields);
        const cookie = cookiesFrom(first, form.cookie);
        const receipt = receiptFrom((await app.inject({ method: 'GET', url: '/report/receipt', headers: { cookie } })).body);

        const rows = await t.ctx.core.db.selectFrom('form_tokens').selectAll().execute();
        expect(rows).toHaveLength(1);
        expect(Object.keys(rows[0]!).sort()).toEqual(['id', 'used_day']);
        expect(rows[0]!.used_day).toBe('2026-06-01');
        // The row's id is not the token in the form (the server never keeps the form's nonce).
        expect(formTokenFrom(form.html)).not.toContain(rows[0]!.id);

        // Another browser (no cookie) asking for the receipt page gets nothing.
        const stranger = await app.inject({ method: 'GET', url: '/report/receipt' });
        expect(stranger.statusCode).toBe(200);
        expect(stranger.body).not.toContain('data-receipt');
        expect(textOf(stranger.body)).toContain(en('receipt.gone.title'));

        // The copied cookie, 16 minutes later: nothing; and the form sent again still makes no report.
        clock.advance(16 * 60 * 1000);
        const late = await app.inject({ method: 'GET', url: '/report/receipt', headers: { cookie } });
        expect(late.body).not.toContain(receipt);
        expect(textOf(late.body)).toContain(en('receipt.gone.body'));
        const resent = await postForm(app, '/report', form, fields);
        expect(resent.body).not.toContain(receipt);
        expect(textOf(resent.body)).toContain(en('receipt.gone.title'));
        expect(await countReports(t)).toBe(1);

        // Next day: the used mark stays a day longer.
        clock.advance(24 * 60 * 60 * 1000);
        const other = await openForm(app, '/report', form.cookie);
        await postForm(app, '/report', other, validReport({ submission: formTokenFrom(other.html) }));
        expect((await t.ctx.core.db.selectFrom('form_tokens').select('id').execute()).map((r) => r.id)).toContain(rows[0]!.id);
        expect((await postForm(app, '/report', form, fields)).body).not.toContain('data-receipt');
        expect(await countReports(t)).toBe(2);

        // Two days on, the mark is gone, and the old form is not sent blind: it comes back with all typed and a notice.
        clock.advance(24 * 60 * 60 * 1000);
        const third = await openForm(app, '/report', form.cookie);
        await postForm(app, '/report', third, validReport({ submission: formTokenFrom(third.html) }));
        expect((await t.ctx.core.db.selectFrom('form_tokens').select('id').execute()).map((r) => r.id)).not.toContain(rows[0]!.id);
        const old = await postForm(app, '/report', form, fields);
        expect(old.statusCode).toBe(400);
        expect(textOf(old.body)).toContain(en('form.old'));
        expect(old.body).toContain('He took my phone and money.');
        expect(await countReports(t)).toBe(3);
      } finally {
        await close();
      }
    });

    it('a language switch saves nothing and checks nothing, and keeps what was typed', async () => {
      const { t, app, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const res = await postForm(app, '/report', form, { ...validReport({ area: '', submission: formTokenFrom(form.html) }), switch_lang: 'ru' });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('<html lang="ru"');
        expect(res.body).not.toContain('error-summary');
        expect(res.body).toContain('He took my phone and money.');
        expect(await countReports(t)).toBe(0);
        expect(await t.ctx.core.db.selectFrom('form_tokens').selectAll().execute()).toHaveLength(0);
      } finally {
        await close();
      }
    });
  });
}
