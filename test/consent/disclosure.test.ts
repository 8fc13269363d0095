/**
 * Acceptance (issue 7, police disclosure and consent):
 *
 * - "A report whose reporter chose 'no police' cannot be disclosed: the UI
 *   offers nothing and the route refuses." The case page has no disclosure
 *   link; GET and POST /reports/:id/disclosure answer 403 with the no-consent
 *   message and nothing is recorded.
 * - "With 'anonymous intelligence', the disclosure document and JSON hold no
 *   contact, receipt-derived value or free text the caseworker did not review
 *   on the review screen." The caseworker edits the description and place and
 *   ticks some identifiers; what leaves is exactly that, and the audit entry
 *   holds the SHA-256 of the canonical JSON that left.
 * - A withdrawal is honoured from then on: the reporter withdraws police
 *   consent in follow-up while the caseworker has the review screen open, and
 *   the caseworker's post is refused. Statistics "no" drops the report from
 *   statistics (statistics_consent 0).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/crypto/index.js';
import { dayOf } from '../../src/core/shared/deps.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { extractCsrf, postForm } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, rawPost, reporterWrites, submitReport, surfaces, textOf, type Submitted, type Surfaces } from '../staff/support.js';
import { auditEntries, openFollowUp, rowsOfReport } from './support.js';

const NO_CONSENT = 'The reporter did not consent to any police disclosure. Nothing can be sent.';
const DISCLOSE_LINK = 'Prepare a police disclosure';

let s: Surfaces;
let client: StaffClient;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  client = new StaffClient(s.staff, s.clock);
  await loginAs(s, client, s.coordinator);
});
afterAll(async () => {
  await s?.close();
});

function disclosureLinkOf(html: string, reportId: string): boolean {
  return html.includes(`href="/reports/${reportId}/disclosure"`);
}

async function disclosuresOf(reportId: string): Promise<number> {
  return rowsOfReport(s, 'disclosures', reportId);
}

describe('a report whose reporter chose "no police"', () => {
  const MARKER = 'NOPOLICE-DESC-5a17';
  let report: Submitted;

  beforeAll(async () => {
    report = await submitReport(s, { police: 'none', description: `He hit me. ${MARKER}` });
  });

  it('has no disclosure link on the case page (the reporter’s choice is shown instead)', async () => {
    const page = await client.get(`/reports/${report.reportId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(MARKER);
    expect(textOf(page.body)).toContain('Police: no police');
    expect(disclosureLinkOf(page.body, report.reportId)).toBe(false);
    expect(page.body).not.toContain('/disclosure');
    expect(textOf(page.body)).not.toContain(DISCLOSE_LINK);
  });

  it('refuses GET and POST /reports/:id/disclosure with 403 and the no-consent message; nothing is recorded', async () => {
    const get = await client.get(`/reports/${report.reportId}/disclosure`);
    expect(get.statusCode).toBe(403);
    expect(textOf(get.body)).toContain(NO_CONSENT);
    expect(get.body).not.toContain(MARKER);
    expect(get.body).not.toContain('name="description"');

    // A hand-made post (with a valid CSRF token from the case page) gets the same answer, in both formats.
    for (const format of ['json', 'print']) {
      const post = await client.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/disclosure`, { description: `forged ${MARKER}`, place: '', identifier: ['0'], format });
      expect(post.statusCode).toBe(403);
      expect(String(post.headers['content-type'])).toContain('text/html');
      expect(textOf(post.body)).toContain(NO_CONSENT);
      expect(post.body).not.toContain(MARKER);
    }
    expect(await disclosuresOf(report.reportId)).toBe(0);
    expect(await auditEntries(s, { action: 'disclosure_made', subjectId: report.reportId })).toEqual([]);
    expect(await auditEntries(s, { action: 'disclosure_made' })).toEqual([]);
  });

  it('a report marked as spam cannot be disclosed either, whatever its consent', async () => {
    const spam = await submitReport(s, { police: 'anonymous', description: 'SPAM-DISCLOSE-77c1' });
    expect(disclosureLinkOf((await client.get(`/reports/${spam.reportId}`)).body, spam.reportId)).toBe(true);
    const marked = await client.post(`/reports/${spam.reportId}`, `/reports/${spam.reportId}/spam`, { spam: 'yes' });
    expect(marked.statusCode).toBe(303);
    expect(disclosureLinkOf((await client.get(`/reports/${spam.reportId}`)).body, spam.reportId)).toBe(false);
    expect((await client.get(`/reports/${spam.reportId}/disclosure`)).statusCode).toBe(403);
    const post = await client.post(`/reports/${spam.reportId}`, `/reports/${spam.reportId}/disclosure`, { description: 'x', place: '', format: 'json' });
    expect(post.statusCode).toBe(403);
    expect(await disclosuresOf(spam.reportId)).toBe(0);
  });
});

describe('a report with "anonymous intelligence" consent', () => {
  const M = {
    keep: 'DISC-KEEP-D1-8c3e',
    drop: 'DISC-DROP-D2-41fa',
    placeKeep: 'DISC-PLACE-KEEP-P1-0b9d',
    placeDrop: 'DISC-PLACE-DROP-P2-77e0',
    contactName: 'DISC-CONTACT-NAME-C1-a5a5',
    contactDetails: 'DISC-CONTACT-DETAILS-C2-5a5a',
    handle: '@disc_keep_h1_6d2f',
    email: 'disc-drop-e2-93b1@example.org',
    plate: 'B 77 DRP',
    phone: '+40 721 555 019',
    message: 'DISC-MESSAGE-M1-c4c4',
    note: 'DISC-NOTE-N1-e1e1',
    reviewedExtra: 'DISC-REVIEWED-R1-1f1f',
  } as const;
  let report: Submitted;
  let reviewToken: string;
  let receiptLookup: string;
  let reporterKeyHex: string;
  let reporterKeyB64: string;

  const reviewedDescription = `He robbed me at the flat. ${M.keep} ${M.reviewedExtra}`;
  const reviewedPlace = `Flat above the bakery ${M.placeKeep}`;

  beforeAll(async () => {
    report = await submitReport(s, {
      police: 'anonymous',
      description: `He robbed me at the flat. ${M.keep} He said his name was ${M.drop}.`,
      place_detail: `Flat above the bakery ${M.placeKeep}, door code ${M.placeDrop}`,
      contact_name: M.contactName,
      contact_details: M.contactDetails,
      id_kind_1: 'phone',
      id_value_1: M.phone,
      id_kind_2: 'handle',
      id_value_2: M.handle,
      id_kind_3: 'email',
      id_value_3: M.email,
      id_kind_4: 'plate',
      id_value_4: M.plate,
    });
    // Free text the review screen never shows: the reporter's thread and a staff note.
    await reporterWrites(s, report.receipt, `Also ${M.message}`);
    const noted = await client.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/note`, { note: `Internal ${M.note}` });
    expect(noted.statusCode).toBe(303);
    const row = await s.t.ctx.core.db.selectFrom('reports').select(['receipt_lookup', 'reporter_public_key']).where('id', '=', report.reportId).executeTakeFirstOrThrow();
    receiptLookup = String(row.receipt_lookup);
    reporterKeyHex = Buffer.from(row.reporter_public_key).toString('hex');
    reporterKeyB64 = Buffer.from(row.reporter_public_key).toString('base64');
  });

  /** Everything that must never leave in a disclosure of this report. */
  function forbidden(): string[] {
    const receipt = report.receipt;
    return [
      M.drop,
      M.placeDrop,
      M.contactName,
      M.contactDetails,
      M.email,
      M.phone,
      '+40721555019',
      M.message,
      M.note,
      receipt,
      receipt.replace(/(\d{4})(?=\d)/g, '$1 '),
      receipt.replace(/(\d{4})(?=\d)/g, '$1-'),
      receiptLookup,
      reporterKeyHex,
      reporterKeyB64,
      report.reportId,
      report.reportId.slice(0, 8),
    ];
  }

  function expectedDocument(disclosureId: string) {
    return {
      format: 'parasol-police-disclosure/1',
      disclosureId,
      organisation: 'Umbrela Roșie',
      madeOn: dayOf(s.clock),
      consent: 'anonymous',
      incident: { country: 'RO', area: 'București', date: '2026-03-14', categories: ['robbery', 'threats'], description: reviewedDescription, place: reviewedPlace },
      perpetrator: {
        types: ['client'],
        identifiers: [
          { kind: 'handle', value: M.handle },
          { kind: 'plate', value: M.plate },
        ],
      },
      reporter: null,
    };
  }

  const reviewed = () => ({ _csrf: reviewToken, description: reviewedDescription, place: reviewedPlace, identifier: ['1', '3', '99', '-1', 'x'] });

  it('the case page offers the disclosure; the review screen shows the facts, the editable text and every identifier, but no contact', async () => {
    const page = await client.get(`/reports/${report.reportId}`);
    expect(disclosureLinkOf(page.body, report.reportId)).toBe(true);
    const review = await client.get(`/reports/${report.reportId}/disclosure`);
    expect(review.statusCode).toBe(200);
    reviewToken = extractCsrf(review.body);
    const text = textOf(review.body);
    expect(text).toContain('Police disclosure: review what will leave');
    expect(text).toContain('anonymous intelligence only');
    for (const v of [M.keep, M.drop, M.placeKeep, M.placeDrop, M.handle, M.email, M.plate, M.phone]) expect(text).toContain(v);
    expect(text).toContain('The reporter’s contact details are not included.');
    expect(review.body).not.toContain('name="include_contact"');
    for (const v of [M.contactName, M.contactDetails, M.message, M.note, report.receipt, receiptLookup]) expect(review.body).not.toContain(v);
  });

  it('the JSON holds exactly the reviewed text and the ticked identifiers, and its canonical SHA-256 is in the audit log', async () => {
    const res = await rawPost(s.staff, `/reports/${report.reportId}/disclosure`, client.cookieHeader, { ...reviewed(), include_contact: 'yes', format: 'json' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/json');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="disclosure-[0-9a-f]{8}\.json"$/);
    for (const v of forbidden()) expect(res.body, `JSON leaks ${v}`).not.toContain(v);
    const doc = JSON.parse(res.body) as { disclosureId: string };
    // Exactly this, and nothing else: no extra field can carry anything.
    expect(doc).toStrictEqual(expectedDocument(doc.disclosureId));

    const sha = createHash('sha256').update(canonicalJson(doc)).digest('hex');
    const entries = (await auditEntries(s, { action: 'disclosure_made', subjectId: report.reportId })).filter((e) => e.detail.disclosure === doc.disclosureId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorUserId).toBe(s.coordinator.userId);
    expect(entries[0]!.detail).toEqual({ disclosure: doc.disclosureId, consent: 'anonymous', sha256: sha });
    const row = await s.t.ctx.core.db.selectFrom('disclosures').selectAll().where('id', '=', doc.disclosureId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ report_id: report.reportId, made_by: s.coordinator.userId, consent_level: 'anonymous', content_hash: sha, made_day: dayOf(s.clock) });
  });

  it('the printable document shows the same reviewed content, no contact, and the fingerprint that the audit log holds', async () => {
    const res = await rawPost(s.staff, `/reports/${report.reportId}/disclosure`, client.cookieHeader, { ...reviewed(), format: 'print' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/html');
    const text = textOf(res.body);
    for (const v of [reviewedDescription, reviewedPlace, M.handle, M.plate, 'București']) expect(text).toContain(v);
    expect(text).toContain('Anonymous: the reporter’s identity is not disclosed.');
    for (const v of forbidden()) expect(res.body, `document leaks ${v}`).not.toContain(v);
    const hash = /fingerprint ([0-9a-f]{64})/.exec(text)?.[1];
    expect(hash).toBeDefined();
    const entry = (await auditEntries(s, { action: 'disclosure_made', subjectId: report.reportId })).find((e) => e.detail.sha256 === hash);
    expect(entry).toBeDefined();
    // The fingerprint is the hash of the reviewed content: recompute it from what we reviewed.
    const expected = expectedDocument(String(entry!.detail.disclosure));
    expect(createHash('sha256').update(canonicalJson(expected)).digest('hex')).toBe(hash);
    expect(text).toContain(`Police disclosure ${String(entry!.detail.disclosure).slice(0, 8)}`);
    expect(await disclosuresOf(report.reportId)).toBe(2);
  });
});

describe('the reporter withdraws consent while a caseworker reviews', () => {
  const MARKER = 'WITHDRAW-DESC-3e3e';
  let report: Submitted;

  beforeAll(async () => {
    report = await submitReport(s, { police: 'anonymous', statistics: 'yes', description: `He threatened me. ${MARKER}` });
  });

  it('a disclosure made before the withdrawal goes through; one posted from a review screen opened before it is refused', async () => {
    const review = await client.get(`/reports/${report.reportId}/disclosure`);
    expect(review.statusCode).toBe(200);
    const token = extractCsrf(review.body);
    const first = await rawPost(s.staff, `/reports/${report.reportId}/disclosure`, client.cookieHeader, { _csrf: token, description: MARKER, place: '', format: 'json' });
    expect(first.statusCode).toBe(200);
    expect(await disclosuresOf(report.reportId)).toBe(1);
    const auditBefore = (await auditEntries(s, { action: 'disclosure_made', subjectId: report.reportId })).length;

    // Meanwhile, the reporter comes back with their receipt and changes their mind.
    const fu = await openFollowUp(s.reporter, report.receipt);
    expect(fu.res.body).toMatch(/<input[^>]*value="anonymous"[^>]*checked/);
    const changed = await postForm(s.reporter, '/follow-up/consent', fu.form, { lang: 'en', access: fu.access, police: 'none', statistics: 'no' });
    expect(changed.statusCode).toBe(200);
    const changedText = textOf(changed.body);
    expect(changedText).toContain('Your choices were saved.');
    expect(changedText).toContain('Police: No police. Nothing from my report goes to the police.');
    expect(changed.body).toMatch(/<input[^>]*value="none"[^>]*checked/);
    const row = await s.t.ctx.core.db.selectFrom('reports').select(['police_consent', 'statistics_consent']).where('id', '=', report.reportId).executeTakeFirstOrThrow();
    expect(row.police_consent).toBe('none');
    expect(Number(row.statistics_consent)).toBe(0);
    const consentAudit = await auditEntries(s, { action: 'consent_changed', subjectId: report.reportId });
    expect(consentAudit).toHaveLength(1);
    expect(consentAudit[0]!.actorUserId).toBeNull();
    expect(consentAudit[0]!.detail).toEqual({ police: 'none', statistics: false });

    // The caseworker presses "Make the printable document" on the screen they still have open.
    for (const format of ['print', 'json']) {
      const late = await rawPost(s.staff, `/reports/${report.reportId}/disclosure`, client.cookieHeader, { _csrf: token, description: MARKER, place: '', format });
      expect(late.statusCode).toBe(403);
      expect(textOf(late.body)).toContain(NO_CONSENT);
      expect(late.body).not.toContain(MARKER);
    }
    expect(await disclosuresOf(report.reportId)).toBe(1);
    expect(await auditEntries(s, { action: 'disclosure_made', subjectId: report.reportId })).toHaveLength(auditBefore);
    // And the case page no longer offers it.
    const page = await client.get(`/reports/${report.reportId}`);
    expect(disclosureLinkOf(page.body, report.reportId)).toBe(false);
    expect(textOf(page.body)).toContain('Police: no police');
  });

  it('statistics "no" sets statistics_consent to 0 (and "yes" back to 1) without touching police consent; a bad choice changes nothing', async () => {
    const other = await submitReport(s, { police: 'anonymous', statistics: 'yes', description: 'STATS-CHOICE-9d9d' });
    const read = () => s.t.ctx.core.db.selectFrom('reports').select(['police_consent', 'statistics_consent']).where('id', '=', other.reportId).executeTakeFirstOrThrow();
    const fu = await openFollowUp(s.reporter, other.receipt);
    const no = await postForm(s.reporter, '/follow-up/consent', fu.form, { lang: 'en', access: fu.access, police: 'anonymous', statistics: 'no' });
    expect(no.statusCode).toBe(200);
    expect(textOf(no.body)).toContain('Your choices were saved.');
    expect(await read()).toEqual({ police_consent: 'anonymous', statistics_consent: 0 });

    const bad = await postForm(s.reporter, '/follow-up/consent', fu.form, { lang: 'en', access: fu.access, police: 'everything', statistics: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(await read()).toEqual({ police_consent: 'anonymous', statistics_consent: 0 });

    const noToken = await postForm(s.reporter, '/follow-up/consent', { cookie: fu.form.cookie, token: 'forged' }, { lang: 'en', access: fu.access, police: 'none', statistics: 'yes' });
    expect(noToken.statusCode).toBe(403);
    expect(await read()).toEqual({ police_consent: 'anonymous', statistics_consent: 0 });

    const yes = await postForm(s.reporter, '/follow-up/consent', fu.form, { lang: 'en', access: fu.access, police: 'anonymous', statistics: 'yes' });
    expect(yes.statusCode).toBe(200);
    expect(await read()).toEqual({ police_consent: 'anonymous', statistics_consent: 1 });
    expect((await auditEntries(s, { action: 'consent_changed', subjectId: other.reportId })).map((e) => e.detail)).toEqual([
      { police: 'anonymous', statistics: false },
      { police: 'anonymous', statistics: true },
    ]);
  });
});
