/**
 * Acceptance (issue 7, identity escrow): "Identity release needs two
 * different caseworkers; the reporter's follow-up page shows the release."
 *
 * Contact keys are split 2 of n among the organisation's custodians (and
 * sealed whole only to the reporter). The coordinator (a caseworker who is
 * not a custodian) cannot see them, on the page or with their key pair; asks
 * with a reason; cannot decide (not a custodian); one custodian's approval is
 * not enough; after a second custodian's, the coordinator sees the contact,
 * and the reporter's follow-up page shows when and why. A requester who is a
 * custodian cannot approve their own request. A refused request reveals
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciphertextFromBytes, combineShares, decryptJson, openSealedKey, openShare, type KeyPair } from '../../src/crypto/index.js';
import { custodyContext, releaseShareContext } from '../../src/core/consent/custody-shares.js';
import { dataKeyFor } from '../../src/core/reports/shred.js';
import { dayOf } from '../../src/core/shared/deps.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from '../staff/support.js';
import { auditEntries, demoAccount, keyPairByPassword, openFollowUp } from './support.js';
import type { ReportId, UserId } from '../../src/core/shared/ids.js';

const SEALED = 'The reporter left contact details. They are kept apart and revealing them is logged.';
const FORBIDDEN = 'Your role does not allow this.';

let s: Surfaces;
let custodian: DemoKey;
let custodian2: DemoKey;
let coord: StaffClient;
let cust: StaffClient;
let cust2: StaffClient;

const day = (d: string) => reporterTranslator('en').day(d);

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  custodian = demoAccount(s.t.demoKeys, 'custodian');
  custodian2 = s.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie' && k.role === 'custodian' && k.userId !== custodian.userId)!;
  coord = new StaffClient(s.staff, s.clock);
  cust = new StaffClient(s.staff, s.clock);
  cust2 = new StaffClient(s.staff, s.clock);
  await loginAs(s, coord, s.coordinator);
  await loginAs(s, cust, custodian);
  await loginAs(s, cust2, custodian2);
});
afterAll(async () => {
  await s?.close();
});

function withContact(tag: string) {
  return {
    name: `IDR-NAME-${tag}`,
    details: `IDR-DETAILS-${tag}`,
    description: `IDR-DESC-${tag}`,
  };
}

async function submitWithContact(tag: string): Promise<Submitted & { contact: ReturnType<typeof withContact> }> {
  const c = withContact(tag);
  const r = await submitReport(s, { police: 'identified', description: c.description, contact_name: c.name, contact_details: c.details });
  return { ...r, contact: c };
}

/**
 * The report's contact details if the key pairs open them: any whole seal in contact_key_seals, or any two
 * shares in contact_key_shares that the key pairs open between them; null otherwise.
 */
async function contactWith(keyPairs: KeyPair | KeyPair[], reportId: ReportId): Promise<string | null> {
  const pairs = Array.isArray(keyPairs) ? keyPairs : [keyPairs];
  const db = s.t.ctx.core.db;
  const body = await db.selectFrom('report_contacts').select('body').where('report_id', '=', reportId).executeTakeFirstOrThrow();
  const open = async (contactKey: Parameters<typeof dataKeyFor>[3]) => {
    const key = await dataKeyFor(db, s.t.ctx.core.vault, reportId, contactKey);
    return JSON.stringify(decryptJson(key, ciphertextFromBytes(Buffer.from(body.body)), `report:${reportId}:contact`));
  };
  for (const keyPair of pairs) {
    for (const seal of await db.selectFrom('contact_key_seals').select('sealed_key').where('report_id', '=', reportId).execute()) {
      try {
        return await open(openSealedKey(Buffer.from(seal.sealed_key), keyPair));
      } catch {
        // Not sealed to this key pair.
      }
    }
  }
  const shares = [];
  for (const row of await db.selectFrom('contact_key_shares').selectAll().where('report_id', '=', reportId).execute()) {
    for (const keyPair of pairs) {
      try {
        shares.push(openShare(Buffer.from(row.sealed_share), keyPair, custodyContext(reportId, row.custodian_id)));
      } catch {
        // Not this custodian's share.
      }
    }
  }
  if (shares.length < 2) return null;
  return open(await combineShares(shares));
}

async function releaseOf(reportId: ReportId, requester: UserId) {
  return s.t.ctx.core.db.selectFrom('identity_releases').selectAll().where('report_id', '=', reportId).where('requested_by', '=', requester).executeTakeFirstOrThrow();
}

async function decide(client: StaffClient, releaseId: string, decision: 'approve' | 'refuse') {
  const res = await client.post('/identity-requests', `/identity-requests/${releaseId}`, { decision });
  expect(res.statusCode).toBe(303);
  return client.follow(res);
}

describe('a release requested by the coordinator and approved by two custodians', () => {
  let report: Submitted & { contact: ReturnType<typeof withContact> };
  const reason = 'IDR-REASON-7b7b The reporter asked us to call her lawyer about the court date.';
  let releaseId: string;

  beforeAll(async () => {
    report = await submitWithContact('A1-5d5d');
  });

  it('the coordinator’s case page says contact details exist but shows none of them', async () => {
    const page = await coord.get(`/reports/${report.reportId}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(report.contact.description);
    expect(text).toContain(SEALED);
    expect(page.body).not.toContain(report.contact.name);
    expect(page.body).not.toContain(report.contact.details);
    expect(page.body).toContain(`action="/reports/${report.reportId}/identity/request"`);
  });

  it('cryptographically: no contact key is sealed to the coordinator, and their key pair opens no contact_key_seals row', async () => {
    const db = s.t.ctx.core.db;
    const seals = await db.selectFrom('contact_key_seals').selectAll().where('report_id', '=', report.reportId).execute();
    expect(seals.map((x) => `${x.recipient_type}:${x.recipient_id}`)).toEqual([`reporter:${report.reportId}`]);
    const shares = await db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).execute();
    expect(shares.map((x) => x.custodian_id).sort()).toEqual([custodian.userId, custodian2.userId].sort());
    const every = await db.selectFrom('contact_key_seals').select('sealed_key').execute();
    expect(every.length).toBeGreaterThan(0);
    for (const seal of every) expect(() => openSealedKey(Buffer.from(seal.sealed_key), s.coordinator.keyPair)).toThrow();
    // The key pair the coordinator unlocks with their password is the same one: it does not open any either.
    const row = await db.selectFrom('users').selectAll().where('id', '=', s.coordinator.userId).executeTakeFirstOrThrow();
    const fromPassword = await keyPairByPassword(s, row as unknown as Record<string, unknown>, s.coordinator.password);
    expect(await contactWith(fromPassword, report.reportId)).toBeNull();
    // One custodian alone does not open it, with either key pair; the harness is not blind: both together do.
    expect(await contactWith(custodian.keyPair, report.reportId)).toBeNull();
    expect(await contactWith(custodian2.keyPair, report.reportId)).toBeNull();
    expect(await contactWith([custodian.keyPair, custodian2.keyPair], report.reportId)).toContain(report.contact.name);
  });

  it('a "reveal" before any approval shows nothing and logs no contact read', async () => {
    const res = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(report.contact.name);
    expect(res.body).not.toContain(report.contact.details);
    expect(await auditEntries(s, { action: 'contact_read', subjectId: report.reportId })).toEqual([]);
  });

  it('the coordinator is not a custodian: the requests page and decisions answer 403', async () => {
    const page = await coord.get('/identity-requests');
    expect(page.statusCode).toBe(403);
    expect(textOf(page.body)).toContain(FORBIDDEN);
    const post = await coord.post('/inbox', '/identity-requests/anything', { decision: 'approve' });
    expect(post.statusCode).toBe(403);
  });

  it('asks with a reason (an empty reason is refused with a message)', async () => {
    const empty = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/request`, { reason: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Write something first.');
    expect(await s.t.ctx.core.db.selectFrom('identity_releases').select('id').where('report_id', '=', report.reportId).execute()).toEqual([]);

    const asked = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/request`, { reason });
    expect(asked.statusCode).toBe(303);
    const page = await coord.follow(asked);
    expect(textOf(page.body)).toContain(`Your request of ${day(dayOf(s.clock))} is waiting for a custodian.`);
    const row = await releaseOf(report.reportId, s.coordinator.userId);
    releaseId = row.id;
    expect(row.status).toBe('pending');
    expect(row.sealed_contact_key).toBeNull();
    expect(Buffer.from(row.reason).toString('latin1')).not.toContain('IDR-REASON');
    const requested = await auditEntries(s, { action: 'identity_release_requested', subjectId: report.reportId });
    expect(requested).toHaveLength(1);
    expect(requested[0]!.actorUserId).toBe(s.coordinator.userId);
    expect(requested[0]!.detail).toEqual({ release: releaseId });
    // Still nothing for the coordinator.
    const reveal = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(reveal.body).not.toContain(report.contact.name);
  });

  it('the first custodian sees the request with who asked and why and approves it: not enough on its own', async () => {
    const list = await cust.get('/identity-requests');
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    expect(text).toContain(`Report ${report.reportId.slice(0, 8)}, asked by Demo coordinator (Umbrela Roșie) on ${day(dayOf(s.clock))}`);
    expect(text).toContain(`Reason: ${reason}`);
    expect(list.body).not.toContain(report.contact.name);

    const after = await decide(cust, releaseId, 'approve');
    expect(textOf(after.body)).toContain('Saved.');
    expect(textOf(after.body)).not.toContain(reason);
    // The request leaves this custodian's list, and approving twice is refused with a message.
    expect(after.body).not.toContain(`/identity-requests/${releaseId}`);
    expect(textOf((await decide(cust, releaseId, 'approve')).body)).toContain('You have approved this request. A second custodian must approve it too.');
    const row = await releaseOf(report.reportId, s.coordinator.userId);
    expect(row).toMatchObject({ status: 'pending', decided_by: null });
    expect(row.sealed_contact_key).toBeNull();
    const decided = await auditEntries(s, { action: 'identity_release_decided', subjectId: report.reportId });
    expect(decided).toHaveLength(1);
    expect(decided[0]!.actorUserId).toBe(custodian.userId);
    expect(decided[0]!.detail).toEqual({ release: releaseId, approved: true });
    // One share re-sealed to the coordinator: it opens, but one share opens nothing, on the page or with the key pair.
    const given = await s.t.ctx.core.db.selectFrom('identity_release_shares').selectAll().where('release_id', '=', releaseId).execute();
    expect(given.map((g) => g.custodian_id)).toEqual([custodian.userId]);
    const one = openShare(Buffer.from(given[0]!.sealed_share), s.coordinator.keyPair, releaseShareContext(releaseId, custodian.userId));
    await expect(combineShares([one])).rejects.toThrow();
    const reveal = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(reveal.body).not.toContain(report.contact.name);
    expect(await auditEntries(s, { action: 'contact_read', subjectId: report.reportId })).toEqual([]);
  });

  it('a second custodian approves: the release is approved', async () => {
    const list = await cust2.get('/identity-requests');
    expect(textOf(list.body)).toContain(`Reason: ${reason}`);
    await decide(cust2, releaseId, 'approve');
    const row = await releaseOf(report.reportId, s.coordinator.userId);
    expect(row).toMatchObject({ status: 'approved', decided_by: custodian2.userId, decided_day: dayOf(s.clock) });
    const decided = await auditEntries(s, { action: 'identity_release_decided', subjectId: report.reportId });
    expect(decided.map((d) => d.actorUserId)).toEqual([custodian.userId, custodian2.userId]);
  });

  it('now the coordinator reveals the contact details (logged), and their key pair opens the re-sealed key', async () => {
    const page = await coord.get(`/reports/${report.reportId}`);
    expect(textOf(page.body)).toContain(`A custodian approved your request on ${day(dayOf(s.clock))}.`);
    const res = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain(report.contact.name);
    expect(text).toContain(report.contact.details);
    const read = await auditEntries(s, { action: 'contact_read', subjectId: report.reportId });
    expect(read).toHaveLength(1);
    expect(read[0]!.actorUserId).toBe(s.coordinator.userId);

    const row = await releaseOf(report.reportId, s.coordinator.userId);
    const given = await s.t.ctx.core.db.selectFrom('identity_release_shares').selectAll().where('release_id', '=', row.id).execute();
    const contactKey = await combineShares(given.map((g) => openShare(Buffer.from(g.sealed_share), s.coordinator.keyPair, releaseShareContext(row.id, g.custodian_id))));
    const key = await dataKeyFor(s.t.ctx.core.db, s.t.ctx.core.vault, report.reportId, contactKey);
    const body = await s.t.ctx.core.db.selectFrom('report_contacts').select('body').where('report_id', '=', report.reportId).executeTakeFirstOrThrow();
    expect(decryptJson(key, ciphertextFromBytes(Buffer.from(body.body)), `report:${report.reportId}:contact`)).toEqual({ name: report.contact.name, details: report.contact.details });

    const order = (await auditEntries(s, { subjectId: report.reportId })).map((e) => e.action).filter((a) => a.startsWith('identity_release') || a === 'contact_read');
    expect(order).toEqual(['identity_release_requested', 'identity_release_decided', 'identity_release_decided', 'contact_read']);
  });

  it('the reporter’s follow-up page shows that their contact was revealed, the day and the reason', async () => {
    const fu = await openFollowUp(s.reporter, report.receipt);
    const row = await releaseOf(report.reportId, s.coordinator.userId);
    expect(fu.text).toContain(`Your contact details were shown to a caseworker on ${day(row.decided_day!)}. The reason given: ${reason}`);
  });

  it('with "identified" consent and the release, a disclosure carries the contact only when the caseworker ticks it', async () => {
    const review = await coord.get(`/reports/${report.reportId}/disclosure`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('name="include_contact"');
    const without = await coord.post(`/reports/${report.reportId}/disclosure`, `/reports/${report.reportId}/disclosure`, { description: 'd', place: '', format: 'json' });
    expect(without.statusCode).toBe(200);
    expect((JSON.parse(without.body) as { reporter: unknown }).reporter).toBeNull();
    expect(without.body).not.toContain(report.contact.name);
    const withContact = await coord.post(`/reports/${report.reportId}/disclosure`, `/reports/${report.reportId}/disclosure`, { description: 'd', place: '', include_contact: 'yes', format: 'json' });
    expect((JSON.parse(withContact.body) as { reporter: unknown }).reporter).toEqual({ name: report.contact.name, details: report.contact.details });
  });

  it('with "identified" consent but no release to this caseworker, the disclosure cannot carry the contact', async () => {
    const other = await submitWithContact('A2-6a6a');
    const review = await coord.get(`/reports/${other.reportId}/disclosure`);
    expect(review.statusCode).toBe(200);
    expect(review.body).not.toContain('name="include_contact"');
    expect(textOf(review.body)).toContain('The reporter’s contact details are not included.');
    const forged = await coord.post(`/reports/${other.reportId}/disclosure`, `/reports/${other.reportId}/disclosure`, { description: 'd', place: '', include_contact: 'yes', format: 'json' });
    expect(forged.statusCode).toBe(200);
    expect((JSON.parse(forged.body) as { reporter: unknown }).reporter).toBeNull();
    expect(forged.body).not.toContain(other.contact.name);
    expect(forged.body).not.toContain(other.contact.details);
  });
});

describe('the requester cannot approve their own request, even as a custodian', () => {
  let second: NewAccount;
  let secondClient: StaffClient;
  let report: Submitted & { contact: ReturnType<typeof withContact> };
  let releaseId: string;

  beforeAll(async () => {
    // A third custodian joins before the report arrives, so its contact key is split among the three.
    second = await newStaffMember(s, 'custodian', { username: 'second-custodian', password: 'umbrella harbour 4242' });
    report = await submitWithContact('B2-9e9e');
    secondClient = new StaffClient(s.staff, s.clock);
    await loginAs(s, secondClient, second);
  });

  it('the demo custodian asks; their own request is not offered to them and deciding it is refused', async () => {
    const shares = await s.t.ctx.core.db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).execute();
    expect(shares.map((x) => x.custodian_id).sort()).toEqual([custodian.userId, custodian2.userId, second.userId].sort());

    const asked = await cust.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/request`, { reason: 'IDR-REASON-SELF-2c2c' });
    expect(asked.statusCode).toBe(303);
    releaseId = (await releaseOf(report.reportId, custodian.userId)).id;

    const list = await cust.get('/identity-requests');
    expect(list.body).not.toContain(`/identity-requests/${releaseId}`);
    expect(textOf(list.body)).not.toContain('IDR-REASON-SELF-2c2c');

    const page = await decide(cust, releaseId, 'approve');
    expect(textOf(page.body)).toContain('You cannot decide on your own request.');
    const row = await releaseOf(report.reportId, custodian.userId);
    expect(row.status).toBe('pending');
    expect(row.sealed_contact_key).toBeNull();
    expect(await auditEntries(s, { action: 'identity_release_decided', subjectId: report.reportId })).toEqual([]);
    const reveal = await cust.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(reveal.body).not.toContain(report.contact.name);
  });

  it('a second, different custodian approves; the requester’s own share and theirs reveal the contact', async () => {
    const list = await secondClient.get('/identity-requests');
    expect(textOf(list.body)).toContain('Reason: IDR-REASON-SELF-2c2c');
    await decide(secondClient, releaseId, 'approve');
    const row = await releaseOf(report.reportId, custodian.userId);
    expect(row.status).toBe('approved');
    expect(row.decided_by).toBe(second.userId);
    expect(row.decided_by).not.toBe(row.requested_by);
    const reveal = await cust.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(textOf(reveal.body)).toContain(report.contact.name);
    const decided = await auditEntries(s, { action: 'identity_release_decided', subjectId: report.reportId });
    expect(decided.map((d) => d.actorUserId)).toEqual([second.userId]);
  });
});

describe('a refused request', () => {
  let report: Submitted & { contact: ReturnType<typeof withContact> };

  beforeAll(async () => {
    report = await submitWithContact('C3-4f4f');
  });

  it('reveals nothing to the requester, nothing is logged as read, and the reporter sees no release', async () => {
    const asked = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/request`, { reason: 'IDR-REASON-REFUSED-8a8a' });
    expect(asked.statusCode).toBe(303);
    const releaseId = (await releaseOf(report.reportId, s.coordinator.userId)).id;
    await decide(cust, releaseId, 'refuse');
    const row = await releaseOf(report.reportId, s.coordinator.userId);
    expect(row).toMatchObject({ status: 'refused', decided_by: custodian.userId });
    expect(row.sealed_contact_key).toBeNull();
    expect((await auditEntries(s, { action: 'identity_release_decided', subjectId: report.reportId })).map((e) => e.detail)).toEqual([{ release: releaseId, approved: false }]);

    const page = await coord.get(`/reports/${report.reportId}`);
    expect(textOf(page.body)).toContain(`A custodian refused your request of ${day(row.requested_day)}.`);
    expect(page.body).not.toContain(`action="/reports/${report.reportId}/identity/reveal"`);
    const reveal = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(reveal.body).not.toContain(report.contact.name);
    expect(reveal.body).not.toContain(report.contact.details);
    expect(await auditEntries(s, { action: 'contact_read', subjectId: report.reportId })).toEqual([]);
    expect(await contactWith(s.coordinator.keyPair, report.reportId)).toBeNull();

    const fu = await openFollowUp(s.reporter, report.receipt);
    expect(fu.text).not.toContain('Your contact details were shown to a caseworker');
    expect(fu.text).not.toContain('IDR-REASON-REFUSED-8a8a');
    // The reporter still sees their own contact details.
    expect(fu.text).toContain(report.contact.name);
  });
});

describe('a refusal after one approval', () => {
  it('refuses the request and destroys the share already re-sealed to the requester', async () => {
    const report = await submitWithContact('D4-1b1b');
    const asked = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/request`, { reason: 'IDR-REASON-HALF-3d3d' });
    expect(asked.statusCode).toBe(303);
    const releaseId = (await releaseOf(report.reportId, s.coordinator.userId)).id;
    await decide(cust, releaseId, 'approve');
    expect(await s.t.ctx.core.db.selectFrom('identity_release_shares').select('custodian_id').where('release_id', '=', releaseId).execute()).toHaveLength(1);
    await decide(cust2, releaseId, 'refuse');
    const row = await releaseOf(report.reportId, s.coordinator.userId);
    expect(row).toMatchObject({ status: 'refused', decided_by: custodian2.userId });
    expect(await s.t.ctx.core.db.selectFrom('identity_release_shares').select('custodian_id').where('release_id', '=', releaseId).execute()).toEqual([]);
    const reveal = await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/reveal`, {});
    expect(reveal.body).not.toContain(report.contact.name);
  });
});
