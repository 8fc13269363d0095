/**
 * Who becomes a custodian (DESIGN section 7, two-person rules). A custodian
 * holds a share of every reporter's contact key, so making someone one, by
 * invitation or by a role change, is proposed by one coordinator and takes
 * effect only when a second, different coordinator approves. With fewer
 * than two coordinators it is unavailable: there is no one-person bypass.
 */
import { randomId } from '../../crypto/index.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import type { StaffUser } from './accounts.service.js';
import { createInvitation } from './invitations.service.js';
import type { OrganisationId, UserId } from '../shared/ids.js';

export interface CustodianProposal {
  readonly id: string;
  /** The member to make a custodian; null for an invitation of a new person. */
  readonly targetUserId: UserId | null;
  readonly proposedBy: UserId;
  readonly proposedDay: string;
}

/** Active coordinators of the organisation. */
export async function activeAdmins(db: Db, organisationId: OrganisationId): Promise<number> {
  const rows = await db.selectFrom('users').select('id').where('organisation_id', '=', organisationId).where('role', '=', 'admin').where('active', '=', 1).execute();
  return rows.length;
}

export type ProposeResult = 'proposed' | 'too-few-admins' | 'not-found' | 'already';

/** A coordinator proposes inviting a custodian (target null) or making a member one. Nothing changes until a second coordinator approves. */
export async function proposeCustodian(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, admin: StaffUser, targetUserId: UserId | null): Promise<ProposeResult> {
  if (admin.role !== 'admin' || (await activeAdmins(deps.db, admin.organisationId)) < 2) return 'too-few-admins';
  if (targetUserId) {
    const target = await deps.db.selectFrom('users').select(['role', 'active']).where('id', '=', targetUserId).where('organisation_id', '=', admin.organisationId).executeTakeFirst();
    if (!target || target.active !== 1) return 'not-found';
    if (target.role === 'custodian') return 'already';
    const open = await deps.db.selectFrom('custodian_proposals').select('id').where('target_user_id', '=', targetUserId).where('status', '=', 'pending').executeTakeFirst();
    if (open) return 'already';
  }
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('custodian_proposals')
      .values({
        id,
        organisation_id: admin.organisationId,
        target_user_id: targetUserId,
        proposed_by: admin.id,
        proposed_day: dayOf(deps.clock),
        status: 'pending',
        decided_by: null,
        decided_day: null,
      })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: admin.organisationId,
      actorUserId: admin.id,
      action: 'custodian_proposed',
      subjectType: targetUserId ? 'user' : null,
      subjectId: targetUserId,
      detail: { proposal: id },
    });
  });
  return 'proposed';
}

/** Pending proposals of the organisation, oldest first. */
export async function pendingProposals(db: Db, organisationId: OrganisationId): Promise<CustodianProposal[]> {
  const rows = await db.selectFrom('custodian_proposals').selectAll().where('organisation_id', '=', organisationId).where('status', '=', 'pending').orderBy('proposed_day').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, targetUserId: r.target_user_id, proposedBy: r.proposed_by, proposedDay: r.proposed_day }));
}

export type DecideProposalResult =
  { readonly kind: 'invited'; readonly token: string } | { readonly kind: 'promoted' } | { readonly kind: 'refused' } | { readonly kind: 'not-found' } | { readonly kind: 'same-person' };

/** A second coordinator approves (the invitation is made, or the role changed) or refuses a proposal. */
export async function decideProposal(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, admin: StaffUser, proposalId: string, approve: boolean): Promise<DecideProposalResult> {
  if (admin.role !== 'admin') return { kind: 'not-found' };
  const p = await deps.db
    .selectFrom('custodian_proposals')
    .selectAll()
    .where('id', '=', proposalId)
    .where('organisation_id', '=', admin.organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (!p) return { kind: 'not-found' };
  if (p.proposed_by === admin.id) return { kind: 'same-person' };
  const day = dayOf(deps.clock);
  let token: string | null = null;
  const done = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('custodian_proposals')
      .set({ status: approve ? 'approved' : 'refused', decided_by: admin.id, decided_day: day })
      .where('id', '=', p.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    if (approve && p.target_user_id) {
      await trx.updateTable('users').set({ role: 'custodian' }).where('id', '=', p.target_user_id).where('organisation_id', '=', admin.organisationId).where('active', '=', 1).execute();
      await appendAudit(trx, deps.secrets, deps.clock, {
        organisationId: admin.organisationId,
        actorUserId: admin.id,
        action: 'member_role_changed',
        subjectType: 'user',
        subjectId: p.target_user_id,
        detail: { role: 'custodian' },
      });
    } else if (approve) {
      token = await createInvitation({ ...deps, db: trx }, admin.organisationId, 'custodian');
      await appendAudit(trx, deps.secrets, deps.clock, { organisationId: admin.organisationId, actorUserId: admin.id, action: 'member_invited', detail: { role: 'custodian' } });
    }
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: admin.organisationId,
      actorUserId: admin.id,
      action: 'custodian_proposal_decided',
      subjectType: p.target_user_id ? 'user' : null,
      subjectId: p.target_user_id,
      detail: { proposal: p.id, approved: approve },
    });
    return true;
  });
  if (!done) return { kind: 'not-found' };
  if (!approve) return { kind: 'refused' };
  return token ? { kind: 'invited', token } : { kind: 'promoted' };
}
