/**
 * Acceptance (issue 13, item 9): "Inviting a custodian needs a second
 * admin's approval (one admin alone cannot make a custodian)." A custodian
 * holds a share of every contact key, so a coordinator's invitation of a
 * custodian, or a role change to custodian, is a proposal that a second,
 * different coordinator approves. With one coordinator it is unavailable and
 * the page says why and what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { acceptInvitationViaPage, loginAs, newStaffMember, surfaces, textOf, type NewAccount, type Surfaces } from './support.js';

let s: Surfaces;
let admin1: StaffClient;

const NEEDS_TWO = 'Making someone a custodian needs the approval of a second coordinator, and your organisation has only one. Invite a second coordinator first.';

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  admin1 = new StaffClient(s.staff, s.clock);
  await loginAs(s, admin1, s.coordinator);
});
afterAll(async () => {
  await s?.close();
});

async function custodians(): Promise<string[]> {
  const rows = await s.t.ctx.core.db.selectFrom('users').select('id').where('organisation_id', '=', s.coordinator.organisationId).where('role', '=', 'custodian').execute();
  return rows.map((r) => r.id).sort();
}
async function custodianInvitations(): Promise<number> {
  return (await s.t.ctx.core.db.selectFrom('invitations').select('id').where('organisation_id', '=', s.coordinator.organisationId).where('role', '=', 'custodian').execute()).length;
}

describe('one coordinator alone', () => {
  let member: NewAccount;

  it('cannot invite a custodian: the form comes back with the reason next to the role, the choice kept, and no link', async () => {
    const before = await custodians();
    const res = await admin1.post('/admin/members', '/admin/invite', { role: 'custodian' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain(NEEDS_TWO);
    expect(res.body).toMatch(/<option value="custodian" selected/);
    expect(res.body).not.toContain('/invite/');
    expect(await custodianInvitations()).toBe(0);
    expect(await s.t.ctx.core.db.selectFrom('custodian_proposals').select('id').execute()).toEqual([]);
    expect(await custodians()).toEqual(before);
  });

  it('cannot make a member a custodian by changing their role', async () => {
    member = await newStaffMember(s, 'caseworker', { username: 'cust-candidate', password: 'willow harbour 2210' });
    const res = await admin1.post('/admin/members', `/admin/members/${member.userId}/role`, { role: 'custodian' });
    expect(res.statusCode).toBe(303);
    expect(textOf((await admin1.follow(res)).body)).toContain(NEEDS_TWO);
    const row = await s.t.ctx.core.db.selectFrom('users').select('role').where('id', '=', member.userId).executeTakeFirstOrThrow();
    expect(row.role).toBe('caseworker');
  });

  it('still invites other roles at once', async () => {
    const res = await admin1.post('/admin/members', '/admin/invite', { role: 'caseworker' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/invite/');
  });
});

describe('with a second coordinator', () => {
  let admin2: StaffClient;
  let second: NewAccount;

  beforeAll(async () => {
    second = await newStaffMember(s, 'admin', { username: 'second-coordinator', password: 'copper lantern 8812' });
    admin2 = new StaffClient(s.staff, s.clock);
    await loginAs(s, admin2, second);
  });

  it('an invitation of a custodian is only a proposal until the other coordinator approves; the proposer cannot approve it', async () => {
    const res = await admin1.post('/admin/members', '/admin/invite', { role: 'custodian' });
    expect(res.statusCode).toBe(303);
    const page = await admin1.follow(res);
    expect(textOf(page.body)).toContain('Proposed. A second coordinator must approve it before anything changes.');
    expect(page.body).not.toContain('/invite/');
    expect(await custodianInvitations()).toBe(0);
    const proposal = await s.t.ctx.core.db.selectFrom('custodian_proposals').selectAll().where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(proposal.proposed_day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(textOf(page.body)).toContain('Your proposal: another coordinator must approve it.');
    expect(page.body).not.toContain(`action="/admin/proposals/${proposal.id}"`);

    const own = await admin1.post('/admin/members', `/admin/proposals/${proposal.id}`, { decision: 'approve' });
    expect(textOf((await admin1.follow(own)).body)).toContain('You cannot approve your own proposal.');
    expect(await custodianInvitations()).toBe(0);

    const list = await admin2.get('/admin/members');
    expect(textOf(list.body)).toContain('Invite a new custodian: proposed by Demo coordinator (Umbrela Roșie)');
    const approved = await admin2.post('/admin/members', `/admin/proposals/${proposal.id}`, { decision: 'approve' });
    expect(approved.statusCode).toBe(200);
    const link = /data-invite-link="[^"]*\/invite\/([^"]+)"/.exec(approved.body);
    expect(link).not.toBeNull();
    expect(await custodianInvitations()).toBe(1);
    const joined = await acceptInvitationViaPage(s, link![1]!, { username: 'approved-custodian', password: 'meadow compass 4410' });
    expect(await custodians()).toContain(joined.userId);
    const audit = await s.t.ctx.core.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('action', 'in', ['custodian_proposed', 'custodian_proposal_decided'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['custodian_proposed', s.coordinator.userId],
      ['custodian_proposal_decided', second.userId],
    ]);
  });

  it('a role change to custodian waits for the other coordinator too, who may refuse it', async () => {
    const member = await newStaffMember(s, 'caseworker', { username: 'role-candidate', password: 'pebble river 7734' });
    const res = await admin2.post('/admin/members', `/admin/members/${member.userId}/role`, { role: 'custodian' });
    expect(textOf((await admin2.follow(res)).body)).toContain('Proposed.');
    const role = async () => (await s.t.ctx.core.db.selectFrom('users').select('role').where('id', '=', member.userId).executeTakeFirstOrThrow()).role;
    expect(await role()).toBe('caseworker');
    const proposal = await s.t.ctx.core.db.selectFrom('custodian_proposals').selectAll().where('target_user_id', '=', member.userId).executeTakeFirstOrThrow();
    const refused = await admin1.post('/admin/members', `/admin/proposals/${proposal.id}`, { decision: 'refuse' });
    expect(refused.statusCode).toBe(303);
    expect(await role()).toBe('caseworker');

    await admin2.post('/admin/members', `/admin/members/${member.userId}/role`, { role: 'custodian' });
    const again = await s.t.ctx.core.db.selectFrom('custodian_proposals').selectAll().where('target_user_id', '=', member.userId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    await admin1.post('/admin/members', `/admin/proposals/${again.id}`, { decision: 'approve' });
    expect(await role()).toBe('custodian');
  });
});
