/**
 * Warning counts and amendments (issues 12.1 and 13.1). A reader is shown
 * the count of reports fixed when a second caseworker approved the warning:
 * new reports naming its identifier, here or in another organisation, never
 * move it, so an abuser reloading a public warning learns nothing. An
 * amendment (texts, identifiers, visibility) waits for a second caseworker;
 * until then members see the published version. With fewer than two people
 * who can approve, amending is unavailable and the page says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import {
  check,
  type Caseworker,
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
  warningLinks,
  warningStep,
  type Safety,
} from './support.js';
import { parseWarningId, type WarningId } from '../../src/core/shared/ids.js';

let s: Safety;
let alice: Caseworker;
let bea: Caseworker;
let a: StaffClient;
let b: StaffClient;

beforeAll(async () => {
  s = await safetySurfaces(SURFACE_DIALECT);
  // Caseworkers exist before the reports arrive: reports are sealed to the caseworkers of the moment.
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

/** The id of the amendment a published warning's staff page says is waiting. */
function waitingAmendment(html: string): WarningId | undefined {
  return parseWarningId(/data-amendment="([0-9a-f]{32})"/.exec(html)?.[1]) ?? undefined;
}

describe('the count readers see', () => {
  it('stays the same after three new reports naming the identifier in two organisations; only an amendment a second caseworker approves changes it', async () => {
    const first = await submitReport(s, { id_value_1: '07911 600 100', description: 'He took my money.' });
    const id = await publishWarning(s, a, b, first.reportId, { visibility: 'public', what: 'Took money by force after the booking.' });
    const member = await joinWithCode(s, await inviteCode(a), 'count.watcher');
    const visitor = new StaffClient(s.reporter, s.clock);
    const url = `/members/warnings/${id}?lang=en`;
    expect(basis((await member.get(url)).body)).toBe('1 report');
    expect(basis((await visitor.get(url)).body)).toBe('1 report');

    // Three new reports name the number: one here that agrees to warn others, one here that does not, one in Bucharest.
    const later = await submitReport(s, { id_value_1: '+44 7911 600100' });
    const refused = await submitReport(s, { id_value_1: '07911600100', warn: 'no' });
    await submitReport(s, { area: 'ro-bucharest', id_value_1: '+447911600100' });
    for (let reload = 0; reload < 3; reload++) {
      expect(basis((await member.get(url)).body)).toBe('1 report');
      expect(basis((await visitor.get(url)).body)).toBe('1 report');
    }
    // Staff see the count fixed at approval, and why it does not follow new reports.
    const staffPage = textOf((await a.get(`/safety/warnings/${id}`)).body);
    expect(staffPage).toContain('1 independent report');
    expect(staffPage).toContain('Fixed when the warning was approved.');

    // A report whose reporter refused warnings cannot be linked: said next to the field, everything typed kept.
    const edit = await a.get(`/safety/warnings/${id}/edit`);
    const fields = { ...formValues(edit.body, WARNING_FIELDS), what: 'Took money by force; seen again in May.' };
    const bad = await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...fields, link_report: refused.reportId.slice(0, 8) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="link-error"');
    expect(textOf(bad.body)).toContain('The reporter did not agree that others may be warned.');
    expect(formValues(bad.body, ['what', 'link_report'])).toEqual({ what: 'Took money by force; seen again in May.', link_report: refused.reportId.slice(0, 8) });

    // Alice links the later report in an amendment: it waits, and readers still see 1.
    const saved = await a.follow(await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...fields, link_report: later.reportId.slice(0, 8) }));
    expect(textOf(saved.body)).toContain('2 independent reports');
    expect(textOf(saved.body)).toContain('Members will see this number once it is approved.');
    expect(basis((await member.get(url)).body)).toBe('1 report');
    expect(basis((await visitor.get(url)).body)).toBe('1 report');
    expect(textOf((await visitor.get(url)).body)).not.toContain('seen again in May');

    const amendment = waitingAmendment((await b.get(`/safety/warnings/${id}`)).body);
    expect(amendment).toBeDefined();
    expect(textOf((await warningStep(b, amendment!, 'approve')).body)).toContain('The amendment is approved.');
    expect(basis((await member.get(url)).body)).toBe('2 independent reports');
    expect(basis((await visitor.get(url)).body)).toBe('2 independent reports');
    expect(textOf((await visitor.get(url)).body)).toContain('seen again in May');
  });
});

describe('amendments', () => {
  it('an amendment that widens visibility and adds an identifier is not visible to members until a second caseworker approves it', async () => {
    const r = await submitReport(s, { id_value_1: '07911 600 200' });
    const id = await publishWarning(s, a, b, r.reportId, { visibility: 'organisation', what: 'Threatened a worker at the door.' });
    const member = await joinWithCode(s, await inviteCode(a), 'amend.watcher');
    const visitor = new StaffClient(s.reporter, s.clock);
    const url = `/members/warnings/${id}?lang=en`;
    expect((await visitor.get(url)).statusCode).toBe(404);

    const edit = await a.get(`/safety/warnings/${id}/edit`);
    expect(textOf(edit.body)).toContain('Members keep seeing the published warning as it is until a caseworker who did not write or edit this amendment approves it.');
    const saved = await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, {
      ...formValues(edit.body, WARNING_FIELDS),
      visibility: 'public',
      extra_kind: 'phone',
      extra_value: '07911 600 299',
      what: 'Threatened a worker at the door; uses a second phone.',
    });
    expect(saved.statusCode).toBe(303);

    // Not yet: the warning is still for the organisation's members only, with its old text and identifiers.
    expect((await visitor.get(url)).statusCode).toBe(404);
    expect(textOf((await member.get(url)).body)).not.toContain('uses a second phone');
    const before = await check(member, '07911 600 299');
    expect(textOf(before.body)).toContain('No active warning matches');
    expect(warningLinks(before.body)).toEqual([]);
    expect(warningLinks((await check(member, '07911 600 200')).body)).toEqual([id]);
    const list = await visitor.get('/members/warnings?lang=en');
    expect(warningLinks(list.body)).not.toContain(id);

    // The author cannot approve their own amendment; a second caseworker can.
    const amendment = waitingAmendment((await a.get(`/safety/warnings/${id}`)).body)!;
    expect(textOf((await warningStep(a, amendment, 'approve')).body)).toContain('A caseworker who did not write or edit this warning must approve it.');
    expect((await visitor.get(url)).statusCode).toBe(404);
    expect(textOf((await warningStep(b, amendment, 'approve')).body)).toContain('The amendment is approved.');

    expect((await visitor.get(url)).statusCode).toBe(200);
    expect(textOf((await visitor.get(url)).body)).toContain('uses a second phone');
    expect(warningLinks((await check(member, '07911 600 299')).body)).toEqual([id]);
    // The warning keeps its id, publication day and expiry; the amendment row is gone.
    const rows = await s.t.ctx.core.db
      .selectFrom('warnings')
      .select(['id', 'status', 'visibility', 'published_day', 'expires_on'])
      .where((eb) => eb.or([eb('id', '=', id), eb('amends_id', '=', id)]))
      .execute();
    expect(rows).toEqual([{ id, status: 'published', visibility: 'public', published_day: '2026-05-04', expires_on: '2026-11-04' }]);
  });

  it('a second edit while an amendment waits changes that amendment, and its editor can no longer approve it', async () => {
    const r = await submitReport(s, { id_value_1: '07911 600 300' });
    const id = await publishWarning(s, a, b, r.reportId, { what: 'First text.' });
    const edit = await a.get(`/safety/warnings/${id}/edit`);
    await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...formValues(edit.body, WARNING_FIELDS), what: 'Second text.' });
    const amendment = waitingAmendment((await b.get(`/safety/warnings/${id}`)).body)!;
    // Bea opens "Amend" on the published warning and lands on the waiting amendment.
    const again = await b.get(`/safety/warnings/${id}/edit`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/safety/warnings/${amendment}/edit`);
    const form = await b.follow(again);
    expect(formValues(form.body, ['what']).what).toBe('Second text.');
    await b.post(`/safety/warnings/${amendment}/edit`, `/safety/warnings/${amendment}/edit`, { ...formValues(form.body, WARNING_FIELDS), what: 'Third text.' });
    expect(waitingAmendment((await b.get(`/safety/warnings/${id}`)).body)).toBe(amendment);
    expect(textOf((await warningStep(b, amendment, 'approve')).body)).toContain('A caseworker who did not write or edit this warning must approve it.');
    const carol = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'carol.cw'));
    expect(textOf((await warningStep(carol, amendment, 'approve')).body)).toContain('Third text.');
  });

  it('withdrawal stays one person’s act and drops a waiting amendment', async () => {
    const r = await submitReport(s, { id_value_1: '07911 600 400' });
    const id = await publishWarning(s, a, b, r.reportId, { what: 'To be withdrawn.' });
    const edit = await a.get(`/safety/warnings/${id}/edit`);
    await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...formValues(edit.body, WARNING_FIELDS), visibility: 'public' });
    const amendment = waitingAmendment((await a.get(`/safety/warnings/${id}`)).body);
    expect(amendment).toBeDefined();
    expect(textOf((await warningStep(a, id, 'withdraw', { reason: 'resolved' })).body)).toContain('Withdrawn.');
    expect(await s.t.ctx.core.db.selectFrom('warnings').select('id').where('id', '=', amendment!).execute()).toEqual([]);
  });
});

describe('an organisation with one person who can approve', () => {
  it('cannot amend a published warning: the page says why and what to do, and nothing is changed', async () => {
    const r = await submitReport(s, { id_value_1: '07911 600 500' });
    const id = await publishWarning(s, a, b, r.reportId, { what: 'Before the team shrank.' });
    // Everyone but Alice leaves (or is deactivated).
    const db = s.t.ctx.core.db;
    const others = (await db.selectFrom('users').select('id').where('organisation_id', '=', s.soho.organisationId).where('active', '=', 1).where('username', '!=', alice.username).execute()).map(
      (u) => u.id,
    );
    await db.updateTable('users').set({ active: 0 }).where('id', 'in', others).execute();
    try {
      const page = textOf((await a.get(`/safety/warnings/${id}`)).body);
      expect(page).toContain('your organisation has only one person who can. Ask your coordinator to invite a second caseworker; until then this is not available.');
      expect((await a.get(`/safety/warnings/${id}`)).body).not.toContain(`href="/safety/warnings/${id}/edit"`);
      const edit = await a.follow(await a.get(`/safety/warnings/${id}/edit`));
      expect(textOf(edit.body)).toContain('Ask your coordinator to invite a second caseworker');
      const posted = await a.follow(
        await a.post(`/safety/warnings/${id}`, `/safety/warnings/${id}/edit`, { place: 'gb-london', categories: ['threats'], what: 'Changed alone.', visibility: 'public' }),
      );
      expect(textOf(posted.body)).toContain('Ask your coordinator to invite a second caseworker');
      const rows = await db
        .selectFrom('warnings')
        .select(['id', 'visibility'])
        .where((eb) => eb.or([eb('id', '=', id), eb('amends_id', '=', id)]))
        .execute();
      expect(rows).toEqual([{ id, visibility: 'network' }]);
      // Withdrawing only reduces exposure: one person may.
      expect(textOf((await warningStep(a, id, 'withdraw', { reason: 'other' })).body)).toContain('Withdrawn.');
    } finally {
      await db.updateTable('users').set({ active: 1 }).where('id', 'in', others).execute();
    }
  });
});
