/**
 * A sent report's receipt page lives only in memory, a few minutes; the
 * database keeps a used mark (id, day) and nothing else. Thought through as
 * the reviewer's adversary: a seized server (database, WAL, backups, the
 * secrets file) and, later, the reporter's phone with its cookies opens no
 * receipt. And a form sent again after Back: with the same choices it shows
 * the same receipt; with changes it says plainly that they were not sent.
 * Follow-up: each button of the form has its own mark, and nothing is called
 * "sent" or "added" when nothing was stored.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.js';
import { accessByReceipt, reporterView } from '../../src/core/reports/reports.service.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { buildReporterApp } from '../../src/web/app.js';
import { countReports, handClock, testContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { accessFrom, cookieFrom, cookiesFrom, extractCsrf, formTokenFrom, openForm, postForm, postFormOnly, receiptFrom, textOf, validReport } from '../helpers/forms.js';

const en = reporterTranslator('en').t;

function setCookies(res: LightMyRequestResponse): string[] {
  const set = res.headers['set-cookie'];
  return Array.isArray(set) ? set : set ? [set] : [];
}

/** Opens the reporter's form cookie (secure-session) with the secrets file's keys, as a seized server could. */
function openFormCookie(app: FastifyInstance, cookie: string): Record<string, unknown> {
  const session = app.decodeSecureSession(decodeURIComponent(cookie.slice('parasol_form='.length)));
  if (!session) throw new Error('cookie did not open');
  return { ...session.data() } as Record<string, unknown>;
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`receipt pages in memory only, on ${name}`, () => {
    async function setUp() {
      const clock = handClock('2026-06-01T10:00:00Z');
      const t = await testContext(name, { clock });
      const app: FastifyInstance = await buildReporterApp(t.ctx);
      return { t, app, clock, close: async () => (await app.close(), await t.close()) };
    }

    it('a seized database and secrets file, with the phone’s cookies, open no receipt; the receipt cookie lives minutes', async () => {
      const { t, app, clock, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const fields = validReport({ submission: formTokenFrom(form.html), description: 'MARKER-NARRATIVE' });
        const first = await postFormOnly(app, '/report', form, fields);
        expect(first.statusCode).toBe(303);
        // The form's token travels to the receipt page in a cookie of its own: 15 minutes at most, for that page only.
        const set = setCookies(first).find((c) => c.startsWith('parasol_receipt='));
        expect(set).toBeDefined();
        expect(set).toMatch(/Max-Age=900/);
        expect(set).toMatch(/Path=\/report\/receipt/);
        expect(set).toMatch(/HttpOnly/);
        expect(set).toMatch(/SameSite=Strict/);
        const cookies = cookiesFrom(first, form.cookie);
        const shown = await app.inject({ method: 'GET', url: '/report/receipt', headers: { cookie: cookies } });
        const receipt = receiptFrom(shown.body);
        expect(receipt).toMatch(/\d/);
        // Kept for the 15 minutes, so that a reload shows the same receipt (the page itself is only in memory).
        expect(setCookies(shown).find((c) => c.startsWith('parasol_receipt='))).toBeUndefined();

        // The phone's long-lived form cookie, opened with the secrets file, holds no token of the report.
        const phone = openFormCookie(app, cookieFrom(shown, cookieFrom(first, form.cookie)));
        expect(Object.keys(phone)).not.toContain('receiptForm');

        // The database keeps the used mark only: an id and the day.
        const rows = await t.ctx.core.db.selectFrom('form_tokens').selectAll().execute();
        expect(rows.map((r) => Object.keys(r).sort())).toEqual([['id', 'used_day']]);

        // The seized server started again on the same database with the secrets file, given the phone's cookies
        // (even within the minutes) and the form from its history: no receipt, no page, no second report.
        const seized = await createContext(t.ctx.config, { secrets: t.ctx.secrets, clock });
        const other = await buildReporterApp(seized);
        try {
          const page = await other.inject({ method: 'GET', url: '/report/receipt', headers: { cookie: cookies } });
          expect(page.body).not.toContain(receipt);
          expect(textOf(page.body)).toContain(en('receipt.gone.title'));
          const resent = await postForm(other, '/report', { cookie: form.cookie, token: form.token }, fields);
          expect(resent.body).not.toContain(receipt);
          expect(await countReports(t)).toBe(1);
        } finally {
          await other.close();
          await seized.close();
        }

        // Days later, the cookies from the phone open nothing either.
        clock.advance(3 * 86_400_000);
        const late = await app.inject({ method: 'GET', url: '/report/receipt', headers: { cookie: cookies } });
        expect(late.body).not.toContain(receipt);
        // The receipt still opens the report for whoever kept it (it was never lost, only never stored).
        expect((await reporterView(t.ctx.core.db, (await accessByReceipt(t.ctx.core, receipt))!))!.content.description).toBe('MARKER-NARRATIVE');
      } finally {
        await close();
      }
    });

    it('with Redis, the page is shared: sent through one instance, the same form sent again through another shows the receipt', async () => {
      const clock = handClock('2026-06-01T10:00:00Z');
      const t = await testContext(name, { clock, config: { redisUrl: 'redis://127.0.0.1:6379' } });
      const second = await createContext(t.ctx.config, { secrets: t.ctx.secrets, clock });
      const one = await buildReporterApp(t.ctx);
      const two = await buildReporterApp(second);
      try {
        const form = await openForm(one, '/report');
        const fields = validReport({ submission: formTokenFrom(form.html) });
        const receipt = receiptFrom((await postForm(one, '/report', form, fields)).body);
        expect(receiptFrom((await postForm(two, '/report', form, fields)).body)).toBe(receipt);
        expect(await countReports(t)).toBe(1);
      } finally {
        await two.close();
        await one.close();
        await second.close();
        await t.close();
      }
    });

    it('Back, change the choices, send again: the first sending is kept, the page says the changes were not sent', async () => {
      const { t, app, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const tok = formTokenFrom(form.html);
        const firstFields = validReport({ submission: tok, police: 'identified', contact_details: '+40 700 000 000', warn: 'yes' });
        const first = await postForm(app, '/report', form, firstFields);
        const receipt = receiptFrom(first.body);

        const changed = await postForm(app, '/report', form, validReport({ submission: tok, police: 'none', warn: 'no', contact_details: '' }));
        expect(changed.statusCode).toBe(200);
        expect(changed.body).not.toContain(receipt);
        expect(changed.body).not.toContain('data-receipt');
        expect(textOf(changed.body)).toContain(en('receipt.changed.title'));
        expect(textOf(changed.body)).toContain(en('receipt.changed.body'));
        // In the reporter's language.
        const fr = await postForm(app, '/report', form, validReport({ submission: tok, police: 'none', lang: 'fr' }));
        expect(textOf(fr.body)).toContain(reporterTranslator('fr').t('receipt.changed.title'));
        expect(await countReports(t)).toBe(1);
        const view = await reporterView(t.ctx.core.db, (await accessByReceipt(t.ctx.core, receipt))!);
        expect(view!.police).toBe('identified');

        // The same choices again (a reload of the sending): the same receipt.
        expect(receiptFrom((await postForm(app, '/report', form, firstFields)).body)).toBe(receipt);
        expect(await countReports(t)).toBe(1);
      } finally {
        await close();
      }
    });

    it('follow-up: a message, then Back and "Add" on the same page stores the addition; the same button again stores nothing and says so', async () => {
      const { t, app, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const receipt = receiptFrom((await postForm(app, '/report', form, validReport({ submission: formTokenFrom(form.html) }))).body);
        const fu = await openForm(app, '/follow-up', form.cookie);
        const open = await postForm(app, '/follow-up', fu, { lang: 'en', receipt });
        const page = { cookie: fu.cookie, token: extractCsrf(open.body) };
        const common = { lang: 'en', access: accessFrom(open.body), submission: formTokenFrom(open.body), message: 'MSG-ONE', addition: 'ADDITION-TWO' };

        const sent = await postForm(app, '/follow-up/message', page, common);
        expect(textOf(sent.body)).toContain(en('followUp.sent'));
        const added = await postForm(app, '/follow-up/add', page, common);
        expect(added.statusCode).toBe(200);
        expect(textOf(added.body)).toContain(en('followUp.added'));

        // "Add" pressed again from the same page (Back, or a reload): nothing stored, and the page does not say "added".
        const again = await postForm(app, '/follow-up/add', page, { ...common, addition: 'ADDITION-TWO, CHANGED' });
        expect(textOf(again.body)).not.toContain(en('followUp.added'));
        expect(textOf(again.body)).toContain(en('followUp.notSentAgain'));
        // What was typed is still in its box, in a fresh form that can send it.
        expect(again.body).toContain('ADDITION-TWO, CHANGED');
        expect(formTokenFrom(again.body)).not.toBe(common.submission);

        const view = await reporterView(t.ctx.core.db, (await accessByReceipt(t.ctx.core, receipt))!);
        expect(view!.messages.map((m) => `${m.kind}:${m.text}`)).toEqual(['message:MSG-ONE', 'addition:ADDITION-TWO']);
      } finally {
        await close();
      }
    });
  });
}
