/**
 * Repeat-perpetrator matching. Acceptance: two reports naming the same
 * number in different formats make exactly one match notice; neither
 * reporter's follow-up page shows any sign of it. Also: a third report joins
 * the same notice, other numbers make none, the caseworkers of every
 * organisation involved see it (without the identifier), concurrent
 * matching makes one notice, and the sweep compares reports that were missed.
 */
import { describe, expect, it, vi } from 'vitest';
import { matchReport, matchSweep } from '../../src/core/matching/matching.service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { accessFrom, openForm, postForm } from '../helpers/forms.js';
import { safetySurfaces, staffLogin, submitReport, textOf, type Safety } from './support.js';

/** The reporter's follow-up page for a receipt, with the per-request tokens taken out so two views can be compared. */
async function followUp(s: Safety, receipt: string): Promise<string> {
  const form = await openForm(s.reporter, '/follow-up?lang=en');
  const res = await postForm(s.reporter, '/follow-up', form, { lang: 'en', receipt });
  expect(res.statusCode).toBe(200);
  expect(accessFrom(res.body)).toBeTruthy();
  return res.body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"')
    .replace(/name="access" value="[^"]*"/g, 'name="access"')
    .replace(/name="submission" value="[^"]*"/g, 'name="submission"');
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`matching on ${name}`, () => {
    it('two reports naming one number in different formats make exactly one notice, and neither reporter can tell', async () => {
      const s = await safetySurfaces(name);
      try {
        const db = s.t.ctx.core.db;
        const first = await submitReport(s, { id_value_1: '+44 7911 123456', description: 'First report.' });
        const before = await followUp(s, first.receipt);
        expect(await db.selectFrom('match_notices').selectAll().execute()).toEqual([]);

        const second = await submitReport(s, { id_value_1: '07911 123 456', description: 'Second report.' });
        const notices = await db.selectFrom('match_notices').selectAll().execute();
        expect(notices).toHaveLength(1);
        expect(notices[0]!.kind).toBe('phone');
        const linked = await db.selectFrom('match_notice_reports').select('report_id').where('notice_id', '=', notices[0]!.id).orderBy('report_id').execute();
        expect(linked.map((l) => l.report_id)).toEqual([first.reportId, second.reportId].sort());

        // Neither reporter's page shows any sign: the first reporter's page is exactly what it was, and
        // neither page mentions another report.
        expect(await followUp(s, first.receipt)).toBe(before);
        const secondPage = await followUp(s, second.receipt);
        for (const page of [before, secondPage]) {
          expect(textOf(page)).not.toMatch(/match|other report|same (number|person)|already reported/i);
          expect(page).not.toContain(notices[0]!.id);
        }

        // Other numbers make no notice; the same number a third way joins the same notice.
        await submitReport(s, { id_value_1: '07911 999888' });
        await submitReport(s, { id_value_1: '+447911123456' });
        const after = await db.selectFrom('match_notices').selectAll().execute();
        expect(after).toHaveLength(1);
        expect(await db.selectFrom('match_notice_reports').select('report_id').where('notice_id', '=', after[0]!.id).execute()).toHaveLength(3);

        // The caseworkers of the organisation see one notice, naming the kind and linking their reports, never the number.
        const staff = await staffLogin(s, s.soho);
        const page = await staff.get('/safety/matches');
        expect(page.statusCode).toBe(200);
        expect(page.body.match(/class="match-notice"/g)).toHaveLength(1);
        expect(textOf(page.body)).toContain('3 independent reports name the same Phone number');
        for (const id of [first.reportId, second.reportId]) expect(page.body).toContain(`/reports/${id}`);
        expect(page.body).not.toMatch(/7911|123456/);
        // Putting it aside is logged; a new matching report brings it back.
        const dismissed = await staff.follow(await staff.post('/safety/matches', `/safety/matches/${after[0]!.id}/dismiss`, {}));
        expect(dismissed.body.match(/class="match-notice"/g)).toBeNull();
        await submitReport(s, { id_value_1: '07911 123456' });
        expect((await staff.get('/safety/matches')).body.match(/class="match-notice"/g)).toHaveLength(1);
        expect((await db.selectFrom('audit_log').select('action').where('action', '=', 'match_dismissed').execute()).length).toBe(1);
      } finally {
        await s.close();
      }
    });

    it('reports of two organisations: each sees the notice with its own reports linked and the other organisation named', async () => {
      const s = await safetySurfaces(name);
      try {
        const london = await submitReport(s, { id_kind_1: 'email', id_value_1: 'Bad.Client@Example.org' });
        // The second report's organisation is told of activity anyway; the first one's is told because its
        // match notice gained a report (an activity notice, which never says what).
        const told = vi.spyOn(s.t.ctx.notifier, 'activity');
        const bucharest = await submitReport(s, { area: 'ro-bucharest', id_kind_1: 'email', id_value_1: 'bad.client@example.org ' });
        const umbrelaId = s.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!.organisationId;
        expect(new Set(told.mock.calls.map(([o]) => o))).toEqual(new Set([s.soho.organisationId, umbrelaId]));
        told.mockRestore();
        const soho = await staffLogin(s, s.soho);
        const umbrela = await staffLogin(
          s,
          s.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!,
        );
        const sohoPage = textOf((await soho.get('/safety/matches')).body);
        const umbrelaPage = (await umbrela.get('/safety/matches')).body;
        expect(sohoPage).toContain('Umbrela Roșie: 1 report');
        expect(umbrelaPage).toContain(`/reports/${bucharest.reportId}`);
        expect(umbrelaPage).not.toContain(`/reports/${london.reportId}`);
        expect(textOf(umbrelaPage)).toContain('Soho Peer Support: 1 report');
        expect(umbrelaPage).not.toMatch(/example\.org/i);
      } finally {
        await s.close();
      }
    });

    it('concurrent matching of two reports makes one notice; the sweep compares reports that were never compared, once', async () => {
      const s = await safetySurfaces(name);
      try {
        const db = s.t.ctx.core.db;
        const r1 = await submitReport(s, { id_kind_1: 'plate', id_value_1: 'LK12 ABC' });
        const r2 = await submitReport(s, { id_kind_1: 'plate', id_value_1: 'lk12-abc' });
        // Forget the matching that happened at intake, then run both at once.
        await db.deleteFrom('match_notices').execute();
        await db.deleteFrom('match_scanned').execute();
        await Promise.all([matchReport(s.t.ctx.core, r1.reportId), matchReport(s.t.ctx.core, r2.reportId)]);
        expect(await db.selectFrom('match_notices').select('id').execute()).toHaveLength(1);
        expect(await db.selectFrom('match_notice_reports').select('report_id').execute()).toHaveLength(2);

        await db.deleteFrom('match_notices').execute();
        await db.deleteFrom('match_scanned').execute();
        expect((await matchSweep(s.t.ctx.core)).compared).toBe(2);
        expect((await matchSweep(s.t.ctx.core)).compared).toBe(0);
        expect(await db.selectFrom('match_notices').select('id').execute()).toHaveLength(1);
      } finally {
        await s.close();
      }
    });
  });
}
