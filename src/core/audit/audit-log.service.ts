/** A coordinator reads their organisation's audit log: the entries, whether the chain holds, who is who; the reading itself is logged. */
import type { StaffUser } from '../accounts/accounts.service.js';
import { staffNames } from '../accounts/users.repository.js';
import type { CoreDeps } from '../shared/deps.js';
import { appendAudit, listAudit, verifyAudit, type AuditRow, type VerifyResult } from './audit.service.js';
import type { UserId } from '../shared/ids.js';

export interface AuditLogPage {
  readonly rows: AuditRow[];
  readonly verdict: VerifyResult;
  readonly people: { id: UserId; display_name: string }[];
}

export async function readAuditLog(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, me: StaffUser, beforeSeq: number | undefined, checkpointFile: string): Promise<AuditLogPage> {
  const [rows, verdict, people] = await Promise.all([
    listAudit(deps.db, me.organisationId, 100, beforeSeq),
    verifyAudit(deps.db, deps.secrets, { checkpointFile }),
    staffNames(deps.db, me.organisationId),
  ]);
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: me.organisationId, actorUserId: me.id, action: 'audit_read' });
  return { rows, verdict, people };
}
