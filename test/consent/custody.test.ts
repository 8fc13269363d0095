/**
 * Custody of contact keys when custodians join or leave, and for contact
 * keys sealed whole to single custodians before the split. Re-splitting needs
 * two custodians: one hands their share to another, who renews; a newcomer
 * then holds a share that combines with the others, and a share of the old
 * split is useless with the new ones. Old whole-key seals are re-split by one
 * of their holders and then destroyed. With fewer than two custodians the
 * page says why nothing can be released or renewed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custodyContext } from '../../src/core/consent/custody-shares.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { dataKeyFor } from '../../src/core/reports/shred.js';
import { ciphertextFromBytes, combineShares, decryptJson, openShare, sealKey, type ContentKey, type KeyPair, type KeyShare } from '../../src/crypto/index.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from '../staff/support.js';
import { auditEntries, demoAccount, keyPairByPassword } from './support.js';
import type { ReportId, UserId } from '../../src/core/shared/ids.js';

let s: Surfaces;
let c1: DemoKey;
let c2: DemoKey;
let cl1: StaffClient;
let cl2: StaffClient;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  c1 = demoAccount(s.t.demoKeys, 'custodian');
  c2 = s.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie' && k.role === 'custodian' && k.userId !== c1.userId)!;
  cl1 = new StaffClient(s.staff, s.clock);
  cl2 = new StaffClient(s.staff, s.clock);
  await loginAs(s, cl1, c1);
  await loginAs(s, cl2, c2);
});
afterAll(async () => {
  await s?.close();
});

async function shareOf(reportId: ReportId, custodianId: UserId, keyPair: KeyPair): Promise<KeyShare> {
  const row = await s.t.ctx.core.db.selectFrom('contact_key_shares').select('sealed_share').where('report_id', '=', reportId).where('custodian_id', '=', custodianId).executeTakeFirstOrThrow();
  return openShare(Buffer.from(row.sealed_share), keyPair, custodyContext(reportId, custodianId));
}

async function contactOf(reportId: ReportId, contactKey: ContentKey): Promise<unknown> {
  const body = await s.t.ctx.core.db.selectFrom('report_contacts').select('body').where('report_id', '=', reportId).executeTakeFirstOrThrow();
  return decryptJson(await dataKeyFor(s.t.ctx.core.db, s.t.ctx.core.vault, reportId, contactKey), ciphertextFromBytes(Buffer.from(body.body)), `report:${reportId}:contact`);
}

async function renew(client: StaffClient): Promise<string> {
  const res = await client.post('/identity-requests', '/identity-requests/custody/renew', {});
  expect(res.statusCode).toBe(303);
  return textOf((await client.follow(res)).body);
}

describe('a custodian joins', () => {
  let report: Submitted;
  let c3: NewAccount;
  let c3Pair: KeyPair;
  let oldShareOfC1: KeyShare;

  beforeAll(async () => {
    report = await submitReport(s, { police: 'identified', description: 'CUST-DESC-1', contact_name: 'CUST-NAME-1a1a', contact_details: 'CUST-DETAILS-1a1a' });
    oldShareOfC1 = await shareOf(report.reportId, c1.userId, c1.keyPair);
    c3 = await newStaffMember(s, 'custodian', { username: 'joining-custodian', password: 'saffron harbour 6621' });
    const row = await s.t.ctx.core.db.selectFrom('users').selectAll().where('id', '=', c3.userId).executeTakeFirstOrThrow();
    c3Pair = await keyPairByPassword(s, row as unknown as Record<string, unknown>, c3.password);
  });

  it('the page says custody must be renewed; the newcomer alone can do nothing, the first custodian hands over', async () => {
    const cl3 = new StaffClient(s.staff, s.clock);
    await loginAs(s, cl3, c3);
    const page = await cl3.get('/identity-requests');
    expect(textOf(page.body)).toContain('The custody of 1 report must be renewed');
    expect(await renew(cl3)).toContain('Renewed: 0 split again, 0 handed to another custodian.');
    expect(await renew(cl1)).toContain('Renewed: 0 split again, 1 handed to another custodian.');
    const handoffs = await s.t.ctx.core.db.selectFrom('custody_handoffs').selectAll().where('report_id', '=', report.reportId).execute();
    expect(handoffs.map((h) => [h.from_custodian, h.to_custodian])).toEqual([[c1.userId, c2.userId]]);
    // The newcomer holds no share yet.
    expect(await s.t.ctx.core.db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).where('custodian_id', '=', c3.userId).execute()).toEqual([]);
  });

  it('the second custodian renews: the key is split afresh among all three, the hand-over is destroyed, and it is logged', async () => {
    expect(await renew(cl2)).toContain('Renewed: 1 split again, 0 handed to another custodian.');
    const holders = await s.t.ctx.core.db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).execute();
    expect(holders.map((h) => h.custodian_id).sort()).toEqual([c1.userId, c2.userId, c3.userId].sort());
    expect(await s.t.ctx.core.db.selectFrom('custody_handoffs').select('report_id').where('report_id', '=', report.reportId).execute()).toEqual([]);
    // The newcomer's share combines with either of the others; alone it is not enough.
    const s3 = await shareOf(report.reportId, c3.userId, c3Pair);
    expect(await contactOf(report.reportId, await combineShares([s3, await shareOf(report.reportId, c1.userId, c1.keyPair)]))).toEqual({ name: 'CUST-NAME-1a1a', details: 'CUST-DETAILS-1a1a' });
    await expect(combineShares([s3])).rejects.toThrow();
    // A share of the old split (kept by someone who copied it) does not combine with a new one.
    await expect(contactOf(report.reportId, await combineShares([oldShareOfC1, s3]))).rejects.toThrow();
    expect((await auditEntries(s, { subjectId: report.reportId })).map((e) => [e.action, e.actorUserId]).filter(([a]) => String(a).startsWith('custody_'))).toEqual([
      ['custody_handed_over', c1.userId],
      ['custody_renewed', c2.userId],
    ]);
    expect(textOf((await cl1.get('/identity-requests')).body)).toContain('Custody is up to date');
  });
});

describe('a contact key sealed whole to single custodians, from before the split', () => {
  let report: Submitted;

  beforeAll(async () => {
    report = await submitReport(s, { police: 'identified', description: 'CUST-DESC-2', contact_name: 'CUST-NAME-2b2b', contact_details: 'CUST-DETAILS-2b2b' });
    // Make it look like a report stored by the old code: the key sealed whole to each custodian, no shares.
    const db = s.t.ctx.core.db;
    const holders = await db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).execute();
    const pairs = new Map<string, KeyPair>([
      [c1.userId, c1.keyPair],
      [c2.userId, c2.keyPair],
    ]);
    const mine = holders.filter((h) => pairs.has(h.custodian_id));
    const key = await combineShares(await Promise.all(mine.map((h) => shareOf(report.reportId, h.custodian_id, pairs.get(h.custodian_id)!))));
    await db.deleteFrom('contact_key_shares').where('report_id', '=', report.reportId).execute();
    const users = await db.selectFrom('users').select(['id', 'public_key']).where('id', 'in', [c1.userId, c2.userId]).execute();
    await db
      .insertInto('contact_key_seals')
      .values(users.map((u) => ({ report_id: report.reportId, recipient_type: 'user', recipient_id: u.id, sealed_key: sealKey(key, Buffer.from(u.public_key) as never) })))
      .execute();
  });

  it('a release cannot be approved until custody is renewed, and the message says so', async () => {
    const coord = new StaffClient(s.staff, s.clock);
    await loginAs(s, coord, s.coordinator);
    await coord.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/identity/request`, { reason: 'CUST-REASON-2' });
    const release = await s.t.ctx.core.db.selectFrom('identity_releases').select('id').where('report_id', '=', report.reportId).executeTakeFirstOrThrow();
    const res = await cl1.post('/identity-requests', `/identity-requests/${release.id}`, { decision: 'approve' });
    expect(textOf((await cl1.follow(res)).body)).toContain('still sealed the old way, to single custodians. Renew custody below first, then approve.');
  });

  it('one holder renews: shares for every current custodian, and every old whole-key seal destroyed', async () => {
    expect(await renew(cl1)).toContain('Renewed: 1 split again');
    const db = s.t.ctx.core.db;
    expect(await db.selectFrom('contact_key_seals').select('recipient_type').where('report_id', '=', report.reportId).where('recipient_type', '=', 'user').execute()).toEqual([]);
    expect((await db.selectFrom('contact_key_seals').select('recipient_type').where('report_id', '=', report.reportId).execute()).map((r) => r.recipient_type)).toEqual(['reporter']);
    const custodians = await db.selectFrom('users').select('id').where('organisation_id', '=', c1.organisationId).where('role', '=', 'custodian').where('active', '=', 1).execute();
    const holders = await db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).execute();
    expect(holders.map((h) => h.custodian_id).sort()).toEqual(custodians.map((c) => c.id).sort());
    const key = await combineShares([await shareOf(report.reportId, c1.userId, c1.keyPair), await shareOf(report.reportId, c2.userId, c2.keyPair)]);
    expect(await contactOf(report.reportId, key)).toEqual({ name: 'CUST-NAME-2b2b', details: 'CUST-DETAILS-2b2b' });
  });
});

describe('fewer than two custodians', () => {
  it('the custodians’ page says why nothing can be released or renewed, and what to do', async () => {
    const admin = new StaffClient(s.staff, s.clock);
    await loginAs(s, admin, s.coordinator);
    const others = await s.t.ctx.core.db.selectFrom('users').select('id').where('organisation_id', '=', c1.organisationId).where('role', '=', 'custodian').where('id', '!=', c1.userId).execute();
    for (const o of others) expect((await admin.post('/admin/members', `/admin/members/${o.id}/deactivate`, {})).statusCode).toBe(303);
    const page = await cl1.get('/identity-requests');
    expect(textOf(page.body)).toContain(
      'Your organisation has fewer than two custodians, so contact details cannot be released and custody cannot be renewed. Ask your coordinators to make a second custodian (two coordinators must agree).',
    );
    expect(page.body).not.toContain('action="/identity-requests/custody/renew"');
    expect(await renew(cl1)).toContain('fewer than two custodians');
    // A report that arrives now stores no shares: its contact details stay the reporter's alone.
    const report = await submitReport(s, { description: 'CUST-DESC-3', contact_name: 'CUST-NAME-3', contact_details: 'CUST-DETAILS-3' });
    expect(await s.t.ctx.core.db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', report.reportId).execute()).toEqual([]);
  });
});
