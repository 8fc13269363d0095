/**
 * The staff's community-safety overview and settings: what waits for someone
 * (counts only, never who or when), and the organisation's settings, changed
 * in one transaction with their audit entry.
 */
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { matchNotices } from '../matching/matching.service.js';
import { countPendingMembers } from './members.repository.js';
import type { CoreDeps } from '../shared/deps.js';
import { countOpenCorrections } from './corrections.service.js';
import { saveSafetySettings, type Visibility } from './settings.js';
import { reportIdsByPrefix } from '../cases/cases.repository.js';
import { countPendingWarnings } from './warnings.repository.js';
import type { ReportId } from '../shared/ids.js';

export interface SafetyCounts {
  /** Warnings waiting for approval. */
  readonly pending: number;
  readonly corrections: number;
  readonly matches: number;
  /** Membership requests waiting for a decision. */
  readonly members: number;
}

/** What waits for the organisation's staff on the safety pages. */
export async function safetyCounts(deps: Pick<CoreDeps, 'db'>, user: StaffUser): Promise<SafetyCounts> {
  const [pending, corrections, notices, members] = await Promise.all([
    countPendingWarnings(deps.db, user.organisationId),
    countOpenCorrections(deps, user.organisationId),
    matchNotices(deps.db, user),
    countPendingMembers(deps.db, user.organisationId),
  ]);
  return { pending, corrections, matches: notices.length, members };
}

/** The one report of the organisation whose id starts with the typed prefix, or null when none or several do. */
export async function reportByIdPrefix(deps: Pick<CoreDeps, 'db'>, user: StaffUser, prefix: string): Promise<ReportId | null> {
  const ids = await reportIdsByPrefix(deps.db, user.organisationId, prefix, 2);
  return ids.length === 1 ? ids[0]! : null;
}

export interface SafetySettingsChange {
  readonly checksPerDay: number;
  readonly defaultVisibility: Visibility;
  readonly expiryMonths: number;
  readonly signups: 'open' | 'invite';
}

/** Saves the organisation's safety settings and logs the change in the same transaction. */
export async function changeSafetySettings(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser, s: SafetySettingsChange): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await saveSafetySettings(trx, user.organisationId, { checksPerDay: s.checksPerDay, defaultVisibility: s.defaultVisibility, expiryMonths: s.expiryMonths, invitesOnly: s.signups === 'invite' });
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'safety_settings_changed',
      detail: { checks: s.checksPerDay, visibility: s.defaultVisibility, months: s.expiryMonths, signups: s.signups },
    });
  });
}
