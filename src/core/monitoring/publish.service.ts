/** A monitor publishes the public statistics: the request is logged, then the release is rebuilt in the background. */
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { CoreDeps } from '../shared/deps.js';
import { rebuildInBackground } from '../statistics/release.service.js';

/** Logs who asked for a new statistics release and starts building it; onError hears of a failed build (never with content). */
export async function publishStatistics(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser, k: number, onError: (err: unknown) => void): Promise<void> {
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'statistics_published', subjectType: 'statistics', subjectId: null });
  rebuildInBackground(deps.db, deps.clock, k, onError);
}
