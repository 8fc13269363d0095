/**
 * What the reporter controls after reporting (guarantee 5): their police
 * consent level and their statistics choice. A withdrawal is honoured from
 * then on: disclosures not yet made are refused, and statistics drop the report.
 */
import { isPoliceConsent, type PoliceConsent } from '../taxonomy/taxonomy.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { markWarnWithdrawn } from './warn-consent.repository.js';
import type { OrganisationId, ReportId } from '../shared/ids.js';

export async function changeConsent(deps: CoreDeps, reportId: ReportId, police: PoliceConsent, statistics: boolean): Promise<boolean> {
  if (!isPoliceConsent(police)) return false;
  return deps.db.transaction().execute((trx) => consentIn(trx, deps, reportId, police, statistics));
}

async function consentIn(trx: Db, deps: CoreDeps, reportId: ReportId, police: PoliceConsent, statistics: boolean): Promise<boolean> {
  const report = await trx.selectFrom('reports').select(['organisation_id', 'police_consent', 'statistics_consent']).where('id', '=', reportId).executeTakeFirst();
  if (!report) return false;
  if (report.police_consent === police && (report.statistics_consent === 1) === statistics) return true;
  await trx
    .updateTable('reports')
    .set({ police_consent: police, statistics_consent: statistics ? 1 : 0, last_activity_day: dayOf(deps.clock) })
    .where('id', '=', reportId)
    .execute();
  await appendAudit(trx, deps.secrets, deps.clock, {
    organisationId: report.organisation_id,
    actorUserId: null,
    action: 'consent_changed',
    subjectType: 'report',
    subjectId: reportId,
    detail: { police, statistics },
    dayOnly: true,
  });
  return true;
}

/**
 * The reporter's consent form sent at once: police and statistics, and when asked, no warning from the
 * report. One transaction: either every choice is stored or none is (the form then comes back unchanged).
 * Caseworkers are told after it commits, when warning was stopped.
 */
export async function changeReporterChoices(
  deps: CoreDeps,
  notices: { activity(organisationId: OrganisationId): Promise<void> | void },
  reportId: ReportId,
  choices: { police: PoliceConsent; statistics: boolean; stopWarning: boolean },
): Promise<boolean> {
  if (!isPoliceConsent(choices.police)) return false;
  const day = dayOf(deps.clock);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    if (!(await consentIn(trx, deps, reportId, choices.police, choices.statistics))) return { ok: false, stopped: null };
    return { ok: true, stopped: choices.stopWarning ? await stopIn(trx, deps, reportId, day) : null };
  });
  if (outcome.stopped) await notices.activity(outcome.stopped);
  return outcome.ok;
}

/**
 * The reporter asks, after sending, that no one be warned from their report.
 * The report can no longer be linked to a warning and stops counting in any
 * warning from the next approval on; a published warning's count does not
 * drop now (an abuser watching it must not read "she gave in"): its
 * caseworkers are told, see the warning flagged, and prepare the amendment a
 * second caseworker approves. One way only: agreeing again is a new report.
 */
export async function stopWarnings(deps: CoreDeps, notices: { activity(organisationId: OrganisationId): Promise<void> | void }, reportId: ReportId): Promise<boolean> {
  const day = dayOf(deps.clock);
  const organisationId = await deps.db.transaction().execute((trx) => stopIn(trx, deps, reportId, day));
  if (organisationId) await notices.activity(organisationId);
  return organisationId !== null;
}

/** Marks the report's warning consent withdrawn, with its audit line; its organisation, or null when there was none to withdraw. */
async function stopIn(trx: Db, deps: CoreDeps, reportId: ReportId, day: string): Promise<OrganisationId | null> {
  const org = await markWarnWithdrawn(trx, reportId, day);
  if (!org) return null;
  await appendAudit(trx, deps.secrets, deps.clock, {
    organisationId: org,
    actorUserId: null,
    action: 'consent_changed',
    subjectType: 'report',
    subjectId: reportId,
    detail: { warn: false },
    dayOnly: true,
  });
  return org;
}
