/**
 * The warning workflow over HTTP, as caseworkers use it: a draft pre-filled
 * from the decrypted report, edited; identifiers refused in the texts; the
 * reporter's consent respected; approval only by a second caseworker;
 * amendment and withdrawal logged; corrections sealed to the caseworkers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import type { StaffClient } from '../helpers/staff.js';
import {
  check,
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
let a: StaffClient;
let b: StaffClient;

beforeAll(async () => {
  s = await safetySurfaces(SURFACE_DIALECT);
  // Caseworkers exist before the reports arrive: reports are sealed to the caseworkers of the moment.
  const alice = await newCaseworker(s, s.soho.organisationId, 'alice.cw');
  const bea = await newCaseworker(s, s.soho.organisationId, 'bea.cw');
  a = await staffLogin(s, alice);
  b = await staffLogin(s, bea);
});
afterAll(async () => {
  await s?.close();
});

async function auditActions(): Promise<string[]> {
  return (await s.t.ctx.core.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
}

describe('drafting from a report', () => {
  it('pre-fills place, month, categories, the description and the identifiers, which only the form shows', async () => {
    const r = await submitReport(s, {
      description: 'Tall man, grey van. Took my money and phone.',
      incident_date: '2026-04-02',
      category: ['robbery'],
      id_value_1: '07911 555 111',
      id_kind_2: 'plate',
      id_value_2: 'LK12 ABC',
    });
    const form = await a.get(`/safety/warnings/new?report=${r.reportId.slice(0, 8)}`);
    expect(form.statusCode).toBe(200);
    const v = formValues(form.body, WARNING_FIELDS);
    expect(v.place).toBe('gb-london');
    expect(v.month).toBe('2026-04');
    expect(v.categories).toEqual(['robbery']);
    expect(v.what).toBe('Tall man, grey van. Took my money and phone.');
    expect((v.identifiers as string[]).length).toBe(2);
    // The caseworker sees the identifiers in clear on the form (they can read the report anyway).
    expect(textOf(form.body)).toContain('07911 555 111');
    expect(textOf(form.body)).toContain('LK12 ABC');
    // Opening the report to pre-fill is a logged read of its content.
    expect(await auditActions()).toContain('report_read');
  });

  it('refuses a phone number, e-mail address, handle or known plate in the texts, next to the field, keeping what was typed', async () => {
    const r = await submitReport(s, { id_value_1: '07911 555 222', id_kind_2: 'plate', id_value_2: 'YX19 KLM' });
    const url = `/safety/warnings/new?report=${r.reportId.slice(0, 8)}`;
    const form = await a.get(url);
    const base = { ...formValues(form.body, WARNING_FIELDS), report: r.reportId };
    for (const [field, text, kind] of [
      ['what', 'He called from 07911 555 222 twice.', 'phone number'],
      ['recognise', 'Drives a silver car, plate yx19klm.', 'number plate'],
      ['modus', 'Writes from bad.guy@example.org first.', 'e-mail address'],
      ['what', 'Uses @smoothtalker99 online.', 'online name or handle'],
    ] as const) {
      const res = await a.post(url, '/safety/warnings/new', { ...base, [field]: text });
      expect(res.statusCode, field).toBe(400);
      const page = textOf(res.body);
      expect(page).toContain(`This text contains an identifier (${kind}). Identifiers are never shown in a warning`);
      expect(res.body).toMatch(new RegExp(`id="${field}-error"`));
      // What was typed is still there.
      expect(formValues(res.body, [field])[field]).toBe(text);
    }
    // Dates and amounts are not phone numbers.
    const ok = await a.post(url, '/safety/warnings/new', { ...base, what: 'On 2026-03-14 he took 2,000 lei and left at 23:30.' });
    expect(ok.statusCode).toBe(303);
  });

  it('is refused when the reporter did not agree that others may be warned', async () => {
    const r = await submitReport(s, { warn: 'no' });
    const res = await a.get(`/safety/warnings/new?report=${r.reportId.slice(0, 8)}`);
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain('The reporter did not agree that others may be warned');
  });

  it('is refused for a report of another organisation', async () => {
    const r = await submitReport(s, { area: 'ro-bucharest' });
    const res = await a.get(`/safety/warnings/new?report=${r.reportId.slice(0, 8)}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('approval, amendment, withdrawal', () => {
  it('needs a second caseworker: the drafter cannot approve, another can', async () => {
    const r = await submitReport(s, { id_value_1: '+44 7911 555 333' });
    const { id } = await draftWarning(s, a, r.reportId, { what: 'Robbed a worker after the booking.' });
    await warningStep(a, id, 'submit');
    const own = await warningStep(a, id, 'approve');
    expect(textOf(own.body)).toContain('A caseworker who did not write or edit this warning must approve it.');
    expect((await s.t.ctx.core.db.selectFrom('warnings').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('pending');
    const page = await a.get(`/safety/warnings/${id}`);
    expect(page.body).not.toContain(`/safety/warnings/${id}/approve`);
    // B approves the version they read; a version saved since they opened it is not approved blindly.
    expect(textOf((await warningStep(b, id, 'approve', { version: '7' })).body)).toContain('This is not possible for the warning as it is now.');
    const ok = await warningStep(b, id, 'approve', { version: '1' });
    expect(textOf(ok.body)).toContain('Published. Members who asked are being told.');
    const row = await s.t.ctx.core.db.selectFrom('warnings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(row.published_day).toBe('2026-05-04');
    // Six months by default.
    expect(row.expires_on).toBe('2026-11-04');
    expect(textOf(ok.body)).toContain('1 independent report');
  });

  it('a caseworker who edited a draft cannot approve it either', async () => {
    const r = await submitReport(s);
    const { id } = await draftWarning(s, a, r.reportId, { what: 'First words.' });
    const edit = await b.get(`/safety/warnings/${id}/edit`);
    const saved = await b.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...formValues(edit.body, WARNING_FIELDS), what: 'Better words.' });
    expect(saved.statusCode).toBe(303);
    await warningStep(b, id, 'submit');
    for (const who of [a, b]) expect(textOf((await warningStep(who, id, 'approve')).body)).toContain('must approve it');
    const carol = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'carol.cw'));
    expect(textOf((await warningStep(carol, id, 'approve')).body)).toContain('Published.');
  });

  it('an amendment waits for a second caseworker; withdrawal is one person’s act; each is logged', async () => {
    const first = await submitReport(s, { id_value_1: '07911 555 444' });
    const id = await publishWarning(s, a, b, first.reportId, { what: 'Version one.' });
    // A second report naming the same number in another format does not move the count.
    await submitReport(s, { id_value_1: '+447911555444' });
    expect(textOf((await a.get(`/safety/warnings/${id}`)).body)).toContain('1 independent report');

    const edit = await a.get(`/safety/warnings/${id}/edit`);
    expect(textOf(edit.body)).toContain('Amend the published warning');
    const saved = await a.follow(await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...formValues(edit.body, WARNING_FIELDS), what: 'Version two.' }));
    expect(textOf(saved.body)).toContain('The amendment is saved. Members see it once a second caseworker approves it.');
    // The page saved is the pending amendment of the warning, which its author cannot approve.
    expect(/data-amendment-of="([0-9a-f]+)"/.exec(saved.body)?.[1]).toBe(id);
    expect(textOf(saved.body)).toContain('A caseworker who did not write or edit this warning must approve it.');
    // The published warning still says version one.
    expect(textOf((await b.get(`/safety/warnings/${id}`)).body)).toContain('Version one.');
    const waiting = /data-amendment="([0-9a-f]{32})"/.exec((await b.get(`/safety/warnings/${id}`)).body)?.[1];
    expect(waiting).toBeDefined();
    const approved = await warningStep(b, waiting!, 'approve');
    expect(textOf(approved.body)).toContain('The amendment is approved. Members now see the new version.');
    expect(textOf(approved.body)).toContain('Version two.');
    const withdrawn = await warningStep(b, id, 'withdraw', { reason: 'wrong' });
    expect(textOf(withdrawn.body)).toContain('Withdrawn. It is gone from members’ lists, checks and feeds.');
    const actions = await auditActions();
    for (const action of ['warning_drafted', 'warning_submitted', 'warning_approved', 'warning_amended', 'warning_withdrawn']) expect(actions).toContain(action);
    const chain = await verifyAudit(s.t.ctx.core.db, s.t.ctx.secrets);
    expect(chain.ok).toBe(true);
  });

  it('refuses a step without a valid CSRF token and changes nothing', async () => {
    const r = await submitReport(s);
    const { id } = await draftWarning(s, a, r.reportId);
    const res = await a.post(`/safety/warnings/${id}`, `/safety/warnings/${id}/submit`, {}, { csrf: false });
    expect(textOf((await a.follow(res)).body)).toContain('This form was open too long or did not come from this page. Nothing was changed');
    expect((await s.t.ctx.core.db.selectFrom('warnings').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('draft');
  });
});

describe('corrections', () => {
  it('anyone shown a warning can send one; only the organisation’s caseworkers can read it, and resolving it is logged', async () => {
    const r = await submitReport(s, { id_value_1: '07911 555 666' });
    const id = await publishWarning(s, a, b, r.reportId, { visibility: 'public', what: 'Public warning.' });
    // A visitor without an account reads the public warning and disputes it.
    const visitor = (await import('../helpers/staff.js')).StaffClient;
    const anon = new visitor(s.reporter, s.clock);
    const page = await anon.get(`/members/warnings/${id}?lang=en`);
    expect(page.statusCode).toBe(200);
    const secret = 'CORRECTION-MARKER-that is not him, the van was blue';
    const sent = await anon.post(`/members/warnings/${id}?lang=en`, `/members/warnings/${id}/correction?lang=en`, { lang: 'en', kind: 'dispute', text: secret });
    expect(sent.statusCode).toBe(200);
    expect(textOf(sent.body)).toContain('Thank you. Your message was sent to the caseworkers.');
    const stored = await s.t.ctx.core.db.selectFrom('warning_corrections').selectAll().where('warning_id', '=', id).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.body).toString('latin1')).not.toContain('CORRECTION-MARKER');
    const queue = await a.get('/safety/corrections');
    expect(textOf(queue.body)).toContain(secret);
    const cid = stored.id;
    const done = await a.follow(await a.post('/safety/corrections', `/safety/corrections/${cid}/resolve`, { outcome: 'unchanged' }));
    expect(textOf(done.body)).not.toContain(secret);
    expect(await auditActions()).toContain('correction_resolved');
  });

  it('an empty correction is refused next to the field', async () => {
    const r = await submitReport(s);
    const id = await publishWarning(s, a, b, r.reportId, { visibility: 'public' });
    const code = await inviteCode(a);
    const member = await joinWithCode(s, code, 'corrector');
    const res = await member.post(`/members/warnings/${id}?lang=en`, `/members/warnings/${id}/correction?lang=en`, { lang: 'en', kind: 'correction', text: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="text-error"');
    expect(textOf(res.body)).toContain('Write what should be corrected.');
    expect((await check(member, '07911 000 000')).statusCode).toBe(200);
  });
});
