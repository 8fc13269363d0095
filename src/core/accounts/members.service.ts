/** What a coordinator does to the organisation's members, and logging out: each change with its audit entry. */
import { appendAudit } from '../audit/audit.service.js';
import { dropHandoffsTo } from '../consent/custody-shares.js';
import type { CoreDeps } from '../shared/deps.js';
import { endStaffSessions, type Role, type StaffUser } from './accounts.service.js';
import { createInvitation } from './invitations.service.js';
import { setRole } from './users.repository.js';
import type { UserId } from '../shared/ids.js';

/** Invites a new member with the role (never a custodian: see proposeCustodian); returns the invitation's token. */
export async function inviteMember(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, me: StaffUser, role: Role): Promise<string> {
  const token = await createInvitation(deps, me.organisationId, role);
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: me.organisationId, actorUserId: me.id, action: 'member_invited', detail: { role } });
  return token;
}

/** Gives a member another role (never custodian: see proposeCustodian); contact keys handed to them are dropped. */
export async function changeMemberRole(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, me: StaffUser, userId: UserId, role: Role): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await setRole(trx, userId, role);
    await dropHandoffsTo(trx, userId);
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: me.organisationId,
      actorUserId: me.id,
      action: 'member_role_changed',
      subjectType: 'user',
      subjectId: userId,
      detail: { role },
    });
  });
}

/**
 * Logs the user out on every device: the epoch refuses every copy of their
 * cookies, then dropHalves destroys the server's halves of their keys (so a
 * copy opens nothing offline either), then the audit entry.
 */
export async function logOut(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser, dropHalves: () => Promise<void>): Promise<void> {
  await endStaffSessions(deps.db, user.id);
  await dropHalves();
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'logout', subjectType: 'user', subjectId: user.id });
}
