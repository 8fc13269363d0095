/**
 * Warnings in the reader's language (issue 17.7). A warning is composed from
 * parts chosen from translated lists (categories, place, month, kind of
 * person, how to recognise them, how they act) that every member reads in
 * their own language; the free text is shown as the caseworker wrote it,
 * marked with its language (lang attribute and a visible note). Warnings
 * written before the parts existed keep working, free text only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatorFor, warningText } from '../../src/core/safety/compose.js';
import { readWarning } from '../../src/core/safety/reading.service.js';
import { bodyContext } from '../../src/core/safety/warnings.service.js';
import { sealServer } from '../../src/core/safety/server-keys.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import type { StaffClient } from '../helpers/staff.js';
import { draftWarning, formValues, inviteCode, joinWithCode, newCaseworker, publishWarning, safetySurfaces, staffLogin, submitReport, textOf, type Safety } from './support.js';
import { asMemberId } from '../../src/core/shared/ids.js';

let s: Safety;
let a: StaffClient;
let b: StaffClient;
let member: StaffClient;

beforeAll(async () => {
  s = await safetySurfaces(SURFACE_DIALECT);
  a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
  b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
  member = await joinWithCode(s, await inviteCode(a), 'lang.reader');
});
afterAll(async () => {
  await s?.close();
});

const PARTS = { people: ['client'], signs: ['car', 'false_name'], modus_codes: ['refuses_pay', 'violence'], text_lang: 'en' };

describe('a warning read in Arabic, Thai and English', () => {
  it('shows its structured parts in the reader’s language and the free text as written, marked as English', async () => {
    const r = await submitReport(s, { id_value_1: '07911 800 100', description: 'He drives a grey van and would not pay.' });
    const id = await publishWarning(s, a, b, r.reportId, { ...PARTS, what: 'He drives a grey van and would not pay.', recognise: 'Tall, grey van.', visibility: 'organisation' });

    const ar = await member.get(`/members/warnings/${id}?lang=ar`);
    expect(ar.statusCode).toBe(200);
    const arText = textOf(ar.body);
    for (const words of ['نوع الشخص', 'يقود سيارة أو شاحنة صغيرة', 'يعطي اسمًا مزيفًا', 'يرفض الدفع أو يستعيد المال', 'يصبح عنيفًا', 'مكتوب باللغة الإنجليزية']) expect(arText).toContain(words);
    expect(ar.body).toMatch(/<div class="text" dir="auto" lang="en">He drives a grey van and would not pay\.<\/div>/);
    expect(ar.body).toContain('data-written-in="en"');
    expect(arText).not.toContain('Drives a car or van');

    const th = textOf((await member.get(`/members/warnings/${id}?lang=th`)).body);
    for (const words of ['ขับรถยนต์หรือรถตู้', 'ไม่ยอมจ่ายเงิน หรือเอาเงินคืนไป', 'เขียนเป็นภาษาอังกฤษ']) expect(th).toContain(words);

    // E-mails, Web Push and the feed say the same in the member's language.
    const w = await readWarning(s.t.ctx.core, { memberId: asMemberId('none'), organisationId: s.soho.organisationId }, id);
    const mail = warningText(translatorFor('ar'), w!, 'London');
    for (const words of ['يقود سيارة أو شاحنة صغيرة', 'يرفض الدفع أو يستعيد المال', '(مكتوب باللغة الإنجليزية)', 'He drives a grey van and would not pay.']) expect(mail).toContain(words);

    // Read in English, the English text needs no note.
    const en = await member.get(`/members/warnings/${id}?lang=en`);
    expect(textOf(en.body)).toContain('Drives a car or van');
    expect(en.body).not.toContain('data-written-in');
  });

  it('keeps a warning written before the parts (free text only) readable, unmarked', async () => {
    const r = await submitReport(s, { id_value_1: '07911 800 200' });
    const id = await publishWarning(s, a, b, r.reportId, { what: 'An older warning.' });
    // As stored before structured parts: version 1 of the sealed body, texts only.
    const body = sealServer(s.t.ctx.secrets, 'warning', { v: 1, what: 'An older warning, as it was.', recognise: '', modus: '' }, bodyContext(id));
    await s.t.ctx.core.db.updateTable('warnings').set({ body }).where('id', '=', id).execute();
    const page = await member.get(`/members/warnings/${id}?lang=ar`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div class="text" dir="auto">An older warning, as it was.</div>');
    expect(page.body).not.toContain('data-written-in');
    const edit = await a.get(`/safety/warnings/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(formValues(edit.body, ['what', 'text_lang'])).toEqual({ what: 'An older warning, as it was.', text_lang: '' });
  });

  it('never offers the reporter’s language as the language of the texts: members and notices would read it', async () => {
    const r = await submitReport(s, { lang: 'th', id_value_1: '07911 800 400' });
    const form = await a.get(`/safety/warnings/new?report=${r.reportId.slice(0, 8)}`);
    expect(form.statusCode).toBe(200);
    // The caseworker chooses it for what they write; unsaid, members read no language at all.
    expect(formValues(form.body, ['text_lang'])).toEqual({ text_lang: '' });
    const id = await publishWarning(s, a, b, r.reportId, { what: 'He drives a grey van.' });
    const page = await member.get(`/members/warnings/${id}?lang=en`);
    expect(page.body).not.toContain('data-written-in');
    expect(page.body).not.toMatch(/class="text"[^>]*lang="th"/);
    const w = await readWarning(s.t.ctx.core, { memberId: asMemberId('none'), organisationId: s.soho.organisationId }, id);
    expect(w!.parts.lang).toBeNull();
    expect(warningText(translatorFor('en'), w!, 'London')).not.toMatch(/Thai/);
  });

  it('refuses a part that is not on the lists, next to its field, keeping everything typed', async () => {
    const r = await submitReport(s, { id_value_1: '07911 800 300' });
    const form = await a.get(`/safety/warnings/new?report=${r.reportId.slice(0, 8)}`);
    // The report's kind of person is offered to start from; the texts' language starts unsaid.
    expect(formValues(form.body, ['people', 'text_lang'])).toEqual({ people: ['client'], text_lang: '' });
    const res = await a.post(`/safety/warnings/new?report=${r.reportId.slice(0, 8)}`, '/safety/warnings/new', {
      ...formValues(form.body, ['place', 'month', 'categories', 'what', 'visibility', 'identifiers']),
      report: r.reportId,
      signs: ['car', 'tattoo'],
      what: 'Typed and kept.',
      text_lang: 'en',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#signs"');
    expect(res.body).toContain('id="signs-error"');
    expect(formValues(res.body, ['what', 'signs'])).toEqual({ what: 'Typed and kept.', signs: ['car'] });
    await draftWarning(s, a, r.reportId, { signs: ['car'] });
  });
});
