/**
 * Who is waiting on whom, on SQLite and PostgreSQL.
 *
 * The reporter: after a caseworker opens the report, replies and closes it,
 * the reporter's follow-up page says so in every reporter language, with
 * days and never a time.
 *
 * The caseworker: the inbox marks a report with a reporter message they have
 * not seen (per caseworker: a colleague's reading does not clear it), a
 * report that matches another, and a report nobody has opened; "latest from
 * the reporter" puts the report the reporter last wrote on first even within
 * one day; "waiting for us" shows exactly the reports where the reporter
 * spoke last. Reporters' acts take distinct numbers when they happen at the
 * same moment on several connections (as several instances do), and nothing
 * new holds a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessage, accessByReceipt } from '../../src/core/reports/reports.service.js';
import { REPORTER_LOCALES, reporterTranslator } from '../../src/i18n/reporter/index.js';
import { staffTranslator } from '../../src/i18n/staff/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { openForm, postForm } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { allRows, loginAs, newStaffMember, reporterWrites, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';
import { parseReportId, type ReportId } from '../../src/core/shared/ids.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const en = staffTranslator('en').t;
/** Anything that looks like a time of day, in any of the scripts the pages use. */
const TIME_OF_DAY = /\b\d{1,2}:\d{2}\b|T\d{2}:\d{2}/;
/** Spaces as textOf leaves them (French puts no-break spaces before colons). */
const spaced = (s: string) => s.replace(/\s+/g, ' ');

async function followUpText(s: Surfaces, receipt: string, lang: (typeof REPORTER_LOCALES)[number]): Promise<string> {
  const form = await openForm(s.reporter, `/follow-up?lang=${lang}`);
  const res = await postForm(s.reporter, '/follow-up', form, { lang, receipt });
  expect(res.statusCode).toBe(200);
  return textOf(res.body);
}

/** The report ids of the inbox table, in the order shown. */
function inboxOrder(html: string): ReportId[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/href="\/reports\/([0-9a-f]+)"/g)].map((m) => parseReportId(m[1])!);
}

/** The text of the inbox row of one report. */
function rowText(html: string, reportId: string): string {
  const row = html.split('<tr>').find((r) => r.includes(`href="/reports/${reportId}"`));
  if (!row) throw new Error(`no inbox row for ${reportId}`);
  return textOf(row.slice(0, row.indexOf('</tr>')));
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`case activity on ${name}`, () => {
    let s: Surfaces;
    let coordinator: StaffClient;

    beforeAll(async () => {
      s = await surfaces(name);
      coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
    });
    afterAll(async () => {
      await s?.close();
    });

    /** The next day: staff sessions do not last that long, so the coordinator signs in again. */
    async function nextDay(): Promise<void> {
      s.clock.advance(DAY_MS);
      coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
    }

    it('the reporter reads, in their language, that the report was received, read, replied to and closed, with days only', async () => {
      const report = await submitReport(s, { description: 'Progress report.' });
      const expectAll = async (state: 'received' | 'read' | 'replied' | 'closed', steps: Array<[string, string | null]>, absent: string[] = []) => {
        for (const lang of REPORTER_LOCALES) {
          const tr = reporterTranslator(lang);
          const text = await followUpText(s, report.receipt, lang);
          expect(text, `${lang} ${state}`).toContain(spaced(tr.t('followUp.status', { status: tr.t(`progress.state.${state}`) })));
          for (const [id, day] of steps) expect(text, `${lang} ${id}`).toContain(spaced(day ? tr.t(id as 'progress.read', { day: tr.day(day) }) : tr.t(id as 'progress.notRead')));
          for (const id of absent) expect(text, `${lang} not ${id}`).not.toContain(spaced(tr.t(id as 'progress.notRead')));
          // A copied receipt shows the state and its day, never a time of day.
          expect(TIME_OF_DAY.exec(text)?.[0] ?? null, lang).toBeNull();
        }
      };
      await expectAll('received', [
        ['progress.received', '2026-05-04'],
        ['progress.notRead', null],
      ]);

      // Next day a caseworker opens it: read.
      await nextDay();
      expect((await coordinator.get(`/reports/${report.reportId}`)).statusCode).toBe(200);
      await expectAll(
        'read',
        [
          ['progress.received', '2026-05-04'],
          ['progress.read', '2026-05-05'],
        ],
        ['progress.notRead'],
      );

      // The day after, a reply: replied.
      await nextDay();
      const replied = await coordinator.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/reply`, { reply: 'We read your report. Can we call you?' });
      expect(replied.statusCode).toBe(303);
      await expectAll('replied', [
        ['progress.read', '2026-05-06'],
        ['progress.replied', '2026-05-06'],
      ]);

      // The reporter answers: their latest message is not read yet, until a caseworker opens the report again.
      await reporterWrites(s, report.receipt, 'Yes, after six.');
      const waiting = await followUpText(s, report.receipt, 'ro');
      const ro = reporterTranslator('ro');
      expect(waiting).toContain(ro.t('followUp.status', { status: ro.t('progress.state.newMessage') }));
      expect((await coordinator.get(`/reports/${report.reportId}`)).statusCode).toBe(200);
      expect(await followUpText(s, report.receipt, 'ro')).toContain(ro.t('followUp.status', { status: ro.t('progress.state.read') }));

      // Closed.
      await nextDay();
      expect((await coordinator.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/status`, { status: 'closed' })).statusCode).toBe(303);
      await expectAll('closed', [
        ['progress.received', '2026-05-04'],
        ['progress.replied', '2026-05-06'],
        ['progress.closed', '2026-05-07'],
      ]);

      // What is stored: a day, thread positions and a counter; no time beside any of them.
      const row = (await allRows(s, 'reports')).find((r) => r.id === report.reportId)!;
      expect(row.read_day).toBe('2026-05-07');
      expect(Object.keys((await allRows(s, 'case_reads'))[0]!).sort()).toEqual(['report_id', 'seen_seq', 'user_id']);
      expect(Object.keys((await allRows(s, 'activity_counter'))[0]!).sort()).toEqual(['name', 'value']);
      for (const r of [...(await allRows(s, 'case_reads')), ...(await allRows(s, 'activity_counter'))]) expect(JSON.stringify(r)).not.toMatch(TIME_OF_DAY);
    });

    describe('the inbox', () => {
      let colleague: NewAccount;
      let colleagueClient: StaffClient;
      let a: Submitted;
      let b: Submitted;
      let c: Submitted;
      const inbox = async (client: StaffClient, query = '') => {
        const res = await client.get(`/inbox${query}`);
        expect(res.statusCode).toBe(200);
        return res.body;
      };

      beforeAll(async () => {
        await nextDay();
        // A colleague who is there before the reports arrive (so each report is sealed to them too).
        colleague = await newStaffMember(s, 'caseworker', { username: 'ioana-case', password: 'lantern meadow 4417' });
        colleagueClient = new StaffClient(s.staff, s.clock);
        await loginAs(s, colleagueClient, colleague);
        a = await submitReport(s, { description: 'Report A.', id_value_1: '0721 555 019' });
        b = await submitReport(s, { description: 'Report B.', id_value_1: '+40 721 555 019' });
        c = await submitReport(s, { description: 'Report C.' });
      });

      it('marks a report with a reporter message this caseworker has not seen, and reports that match another', async () => {
        for (const r of [a, b, c]) expect((await coordinator.get(`/reports/${r.reportId}`)).statusCode).toBe(200);
        let html = await inbox(coordinator);
        for (const r of [a, b, c]) expect(rowText(html, r.reportId)).not.toContain(en('inboxMarks.notOpened'));
        expect(rowText(html, a.reportId)).toContain(en('inboxMarks.match'));
        expect(rowText(html, b.reportId)).toContain(en('inboxMarks.match'));
        expect(rowText(html, c.reportId)).not.toContain(en('inboxMarks.match'));

        await reporterWrites(s, c.receipt, 'Are you there? He came back.');
        html = await inbox(coordinator);
        expect(rowText(html, c.reportId)).toContain(en('inboxMarks.unread', { count: 1 }));
        expect(rowText(html, a.reportId)).not.toContain(en('inboxMarks.unread', { count: 1 }));

        // The colleague has opened nothing: every report is new to them, C with its message.
        const theirs = await inbox(colleagueClient);
        expect(rowText(theirs, c.reportId)).toContain(en('inboxMarks.unread', { count: 1 }));
        expect(rowText(theirs, a.reportId)).toContain(en('inboxMarks.notOpened'));

        // On the report page: the message is marked new, and the match is named (never the number).
        const page = await coordinator.get(`/reports/${c.reportId}`);
        expect(page.body).toContain(`<strong class="mark unread">${en('caseMarks.new')}</strong>`);
        const pageA = textOf((await coordinator.get(`/reports/${a.reportId}`)).body);
        expect(pageA).toContain(en('caseMarks.match'));
        expect(pageA.replace(/0721 555 019/g, '')).not.toMatch(/555 ?019/);

        // Opened: no longer new for the coordinator, still new for the colleague (read marks are per caseworker).
        expect(rowText(await inbox(coordinator), c.reportId)).not.toContain(en('inboxMarks.unread', { count: 1 }));
        expect(textOf((await coordinator.get(`/reports/${c.reportId}`)).body)).not.toContain(en('caseMarks.new'));
        expect(rowText(await inbox(colleagueClient), c.reportId)).toContain(en('inboxMarks.unread', { count: 1 }));
      });

      it('sorts by the latest from the reporter, within one day, and "waiting for us" shows where the reporter spoke last', async () => {
        const ids = [a, b, c].map((r) => r.reportId);
        // The reporter of the report that sorts last by id writes: it must come first.
        const last = [a, b, c].sort((x, y) => (x.reportId < y.reportId ? -1 : 1))[2]!;
        await reporterWrites(s, last.receipt, 'One more thing.');
        const order = inboxOrder(await inbox(coordinator)).filter((id) => ids.includes(id));
        expect(order[0]).toBe(last.reportId);

        // A answered by us; B never answered; C answered, then the reporter wrote again.
        expect((await coordinator.post(`/reports/${a.reportId}`, `/reports/${a.reportId}/reply`, { reply: 'Thank you, we are on it.' })).statusCode).toBe(303);
        expect((await coordinator.post(`/reports/${c.reportId}`, `/reports/${c.reportId}/reply`, { reply: 'Yes. Are you safe now?' })).statusCode).toBe(303);
        const waitingNow = async () => inboxOrder(await inbox(coordinator, '?waiting=1')).filter((id) => ids.includes(id));
        expect(await waitingNow()).toEqual([b.reportId]);
        await reporterWrites(s, c.receipt, 'Yes, thank you.');
        expect((await waitingNow()).sort()).toEqual([b.reportId, c.reportId].sort());
        const html = await inbox(coordinator, '?waiting=1');
        expect(rowText(html, c.reportId)).toContain(en('inboxMarks.waiting'));
        expect(html).toMatch(/<input type="checkbox" id="waiting" name="waiting" value="1" checked/);

        // A closed report waits for nobody.
        expect((await coordinator.post(`/reports/${b.reportId}`, `/reports/${b.reportId}/status`, { status: 'closed' })).statusCode).toBe(303);
        expect(await waitingNow()).toEqual([c.reportId]);
      });

      it('reporters writing at the same moment on several connections take distinct places in the order', async () => {
        const core = s.t.ctx.core;
        const reports = await Promise.all([a, b, c].map(async (r) => ({ r, access: (await accessByReceipt(core, r.receipt))! })));
        await Promise.all(
          Array.from({ length: 12 }, (_, i) => {
            const { r, access } = reports[i % 3]!;
            return addMessage(core, { reportId: r.reportId, contentKey: access.contentKey, author: 'reporter', kind: 'message', authorUserId: null, text: `at once ${i}` });
          }),
        );
        const rows = await core.db.selectFrom('reports').select(['id', 'activity_seq']).execute();
        const seqs = rows.map((r) => Number(r.activity_seq));
        expect(new Set(seqs).size).toBe(seqs.length);
        const counter = await core.db.selectFrom('activity_counter').select('value').executeTakeFirstOrThrow();
        expect(Math.max(...seqs)).toBe(Number(counter.value));
      });
    });
  });
}
