/** Queries of the staff's community-safety pages that no other warning function needs. */
import type { Db } from '../shared/deps.js';
import type { OrganisationId, ReportId, WarningId } from '../shared/ids.js';

/** How many of the organisation's warnings wait for a second person's approval. */
export async function countPendingWarnings(db: Db, organisationId: OrganisationId): Promise<number> {
  const row = await db
    .selectFrom('warnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The warnings among `ids` that rest on a report whose reporter later asked
 * that no one be warned from it: flagged for a caseworker's review (a draft
 * to reconsider, a published warning to amend).
 */
export async function warningsOnWithdrawnReports(db: Db, ids: readonly WarningId[]): Promise<Set<WarningId>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('warning_reports')
    .innerJoin('reports', 'reports.id', 'warning_reports.report_id')
    .select('warning_reports.warning_id')
    .where('warning_reports.warning_id', 'in', [...ids])
    .where('reports.warn_others', '=', 0)
    .where('reports.warn_withdrawn_day', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.warning_id));
}

/** The reports linked to a warning whose reporters still agree that others may be warned (what an amendment carries over). */
export async function consentingLinks(db: Db, warningId: WarningId): Promise<ReportId[]> {
  const rows = await db
    .selectFrom('warning_reports')
    .innerJoin('reports', 'reports.id', 'warning_reports.report_id')
    .select('warning_reports.report_id')
    .where('warning_reports.warning_id', '=', warningId)
    .where('reports.warn_others', '=', 1)
    .execute();
  return rows.map((r) => r.report_id);
}
