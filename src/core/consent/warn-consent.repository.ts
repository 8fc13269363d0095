/**
 * A reporter's "do not warn others" after sending: the report stops being
 * linkable and stops counting at the next approval; the day is kept (never
 * finer) so caseworkers see it.
 */
import type { Db } from '../shared/deps.js';
import type { OrganisationId, ReportId } from '../shared/ids.js';

/** Marks the report as no longer agreeing to warn others; returns its organisation when it changed (null when it already did not agree). */
export async function markWarnWithdrawn(db: Db, reportId: ReportId, day: string): Promise<OrganisationId | null> {
  const row = await db.selectFrom('reports').select(['organisation_id', 'warn_others']).where('id', '=', reportId).executeTakeFirst();
  if (!row || Number(row.warn_others) !== 1) return null;
  const r = await db.updateTable('reports').set({ warn_others: 0, warn_withdrawn_day: day, last_activity_day: day }).where('id', '=', reportId).where('warn_others', '=', 1).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? row.organisation_id : null;
}
