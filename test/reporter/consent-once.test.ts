/**
 * The reporter's consent form (police, statistics, stop warnings) is stored in
 * one transaction: when a part fails, none of its choices is stored, so the
 * reporter never finds half of what they asked done.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { accessByReceipt, reporterView } from '../../src/core/reports/reports.service.js';
import { buildReporterApp } from '../../src/web/app.js';
import { testContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { accessFrom, extractCsrf, formTokenFrom, openForm, postForm, receiptFrom, validReport } from '../helpers/forms.js';

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`the consent form, on ${name}`, () => {
    async function setUp() {
      const t = await testContext(name);
      const app: FastifyInstance = await buildReporterApp(t.ctx);
      return { t, app, close: async () => (await app.close(), await t.close()) };
    }

    it('the consent form stores all its choices in one transaction: when stopping warnings fails, the police choice is not changed either', async () => {
      const { t, app, close } = await setUp();
      try {
        const form = await openForm(app, '/report');
        const receipt = receiptFrom((await postForm(app, '/report', form, validReport({ submission: formTokenFrom(form.html), police: 'identified', warn: 'yes' }))).body);
        const fu = await openForm(app, '/follow-up', form.cookie);
        const open = await postForm(app, '/follow-up', fu, { lang: 'en', receipt });
        const page = { cookie: fu.cookie, token: extractCsrf(open.body) };
        // The second half of the change fails (a storage fault while marking the warning consent withdrawn).
        const db = t.ctx.core.db;
        if (name === 'sqlite') {
          await sql`create trigger refuse_withdraw before update of warn_withdrawn_day on reports begin select raise(abort, 'refused'); end`.execute(db);
        } else {
          await sql`create function refuse_withdraw() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(db);
          await sql`create trigger refuse_withdraw before update of warn_withdrawn_day on reports for each row execute function refuse_withdraw()`.execute(db);
        }
        const res = await postForm(app, '/follow-up/consent', page, { lang: 'en', access: accessFrom(open.body), police: 'none', statistics: 'no', stop_warning: 'yes' });
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        const view = await reporterView(db, (await accessByReceipt(t.ctx.core, receipt))!);
        expect(view!.police).toBe('identified');
        expect(view!.warnOthers).toBe(true);
      } finally {
        await close();
      }
    });
  });
}
