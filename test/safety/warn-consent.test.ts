/**
 * Changing your mind about warnings (issue 17.6). A reporter can say "do not
 * warn others" after sending, on the follow-up page without JavaScript. The
 * caseworkers see it; a draft resting on the report is flagged for review; a
 * published warning's count stays as readers saw it (an abuser watching it
 * must not read "she gave in") until an amendment, prepared by one
 * caseworker and approved by a second, leaves the report out. Deleting
 * without ticking the box shows the error at the top of the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import {
  type Caseworker,
  draftWarning,
  formValues,
  inviteCode,
  joinWithCode,
  newCaseworker,
  publishWarning,
  safetySurfaces,
  staffLogin,
  submitReport,
  textOf,
  WARNING_FIELDS,
  warningStep,
  type Safety,
} from './support.js';

let s: Safety;
let alice: Caseworker;
let bea: Caseworker;
let a: StaffClient;
let b: StaffClient;

beforeAll(async () => {
  s = await safetySurfaces(SURFACE_DIALECT);
  alice = await newCaseworker(s, s.soho.organisationId, 'alice.cw');
  bea = await newCaseworker(s, s.soho.organisationId, 'bea.cw');
  a = await staffLogin(s, alice);
  b = await staffLogin(s, bea);
});
afterAll(async () => {
  await s?.close();
});

/** What a reader of the warning page is told under "Based on". */
function basis(html: string): string {
  const m = /Based on<\/dt>\s*<dd>([^<]*)<\/dd>/.exec(html);
  if (!m) throw new Error(`no count on the page: ${textOf(html).slice(0, 300)}`);
  return m[1]!.trim();
}

/** The reporter's browser on the follow-up page, opened with the receipt (JavaScript off: plain form posts). */
async function openFollowUp(receipt: string): Promise<{ reporter: StaffClient; html: string }> {
  const reporter = new StaffClient(s.reporter, s.clock);
  const res = await reporter.post('/follow-up?lang=en', '/follow-up?lang=en', { lang: 'en', receipt });
  expect(res.statusCode).toBe(200);
  return { reporter, html: res.body };
}

function accessOf(html: string): string {
  const m = /name="access" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no access token on the follow-up page');
  return m[1]!;
}

describe('a reporter who no longer wants others warned', () => {
  it('is heard by the caseworkers; the draft is flagged; the published count moves only through an approved amendment', async () => {
    const earlier = await submitReport(s, { id_value_1: '07911 700 100', description: 'He would not pay and pushed me.' });
    const mine = await submitReport(s, { id_value_1: '07911 700 100', description: 'Same man, same street.' });
    const published = await publishWarning(s, a, b, mine.reportId, { visibility: 'public', what: 'Refuses to pay and pushes.', link_report: earlier.reportId.slice(0, 8) });
    const { id: draft } = await draftWarning(s, a, mine.reportId, { what: 'A second draft from the same report.' });
    const member = await joinWithCode(s, await inviteCode(a), 'consent.watcher');
    const visitor = new StaffClient(s.reporter, s.clock);
    const url = `/members/warnings/${published}?lang=en`;
    expect(basis((await member.get(url)).body)).toBe('2 independent reports');

    // The reporter ticks "do not warn others" on the follow-up page, a plain form.
    const { reporter, html } = await openFollowUp(mine.receipt);
    expect(html).toContain('name="stop_warning"');
    const saved = await reporter.post('/follow-up?lang=en', '/follow-up/consent?lang=en', {
      lang: 'en',
      access: accessOf(html),
      police: 'none',
      statistics: 'yes',
      stop_warning: 'yes',
    });
    expect(saved.statusCode).toBe(200);
    expect(textOf(saved.body)).toContain('On May 4, 2026 you asked that no one be warned with your report.');
    expect(saved.body).not.toContain('name="stop_warning"');
    expect(textOf(saved.body)).toContain('Warn others: No');

    // The caseworkers see it on the case and on the warnings.
    const casePage = await a.get(`/reports/${mine.reportId}`);
    expect(casePage.body).toContain('data-warn-withdrawn');
    expect(textOf(casePage.body)).toContain('On May 4, 2026 the reporter asked that no one be warned from this report.');
    const list = await a.get('/safety');
    expect(list.body).toContain(`data-review="${published}"`);
    expect(list.body).toContain(`data-review="${draft}"`);
    expect(textOf((await a.get(`/safety/warnings/${draft}`)).body)).toContain('Review it before anyone approves it');
    expect(textOf((await b.get(`/safety/warnings/${published}`)).body)).toContain('Prepare an amendment (Amend)');

    // Readers see no instant drop: the count is the one fixed at approval.
    for (let reload = 0; reload < 2; reload++) {
      expect(basis((await member.get(url)).body)).toBe('2 independent reports');
      expect(basis((await visitor.get(url)).body)).toBe('2 independent reports');
    }

    // Alice prepares the amendment: still unchanged for readers until Bea approves it.
    const edit = await a.get(`/safety/warnings/${published}/edit`);
    const amended = await a.post(`/safety/warnings/${published}/edit`, `/safety/warnings/${published}/edit`, formValues(edit.body, WARNING_FIELDS));
    expect(amended.statusCode).toBe(303);
    expect(basis((await visitor.get(url)).body)).toBe('2 independent reports');
    const amendment = /data-amendment="([0-9a-f]{32})"/.exec((await b.get(`/safety/warnings/${published}`)).body)?.[1];
    expect(amendment).toBeDefined();
    expect(textOf((await warningStep(a, amendment!, 'approve')).body)).toContain('A caseworker who did not write or edit this warning must approve it.');
    expect(basis((await visitor.get(url)).body)).toBe('2 independent reports');
    expect(textOf((await warningStep(b, amendment!, 'approve')).body)).toContain('The amendment is approved.');
    expect(basis((await member.get(url)).body)).toBe('1 report');
    expect(basis((await visitor.get(url)).body)).toBe('1 report');
    // Reviewed: the published warning is no longer flagged; the draft still is until someone acts on it.
    const after = await a.get('/safety');
    expect(after.body).not.toContain(`data-review="${published}"`);
    expect(after.body).toContain(`data-review="${draft}"`);
    // The report can no longer be linked to a warning.
    expect((await a.get(`/safety/warnings/new?report=${mine.reportId.slice(0, 8)}`)).statusCode).toBe(409);
  });
});

describe('deleting without ticking the box', () => {
  it('shows the error at the top of the page, linked to the box', async () => {
    const r = await submitReport(s, { description: 'To be deleted, one day.' });
    const { reporter, html } = await openFollowUp(r.receipt);
    const res = await reporter.post('/follow-up?lang=en', '/follow-up/delete?lang=en', { lang: 'en', access: accessOf(html) });
    expect(res.statusCode).toBe(400);
    const summary = res.body.indexOf('class="error-summary"');
    expect(summary).toBeGreaterThan(-1);
    // Before the report itself, not after the thread, the forms and the consent section.
    expect(summary).toBeLessThan(res.body.indexOf('<dl class="summary"'));
    expect(res.body.slice(summary, summary + 600)).toContain('<a href="#confirm">Tick the box to confirm.</a>');
    expect(res.body).toContain('id="confirm"');
    expect(await s.t.ctx.core.db.selectFrom('reports').select('id').where('id', '=', r.reportId).execute()).toHaveLength(1);
  });
});
