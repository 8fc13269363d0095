/** Requests to release a reporter's contact details, as the case pages see them (status and days only, never the reason). */
import type { Db } from '../shared/deps.js';
import type { ReportId, UserId } from '../shared/ids.js';

/** The caseworker's latest request for this report's contact details, if any. */
export async function latestReleaseBy(db: Db, reportId: ReportId, userId: UserId) {
  return db
    .selectFrom('identity_releases')
    .select(['status', 'requested_day', 'decided_day'])
    .where('report_id', '=', reportId)
    .where('requested_by', '=', userId)
    .orderBy('requested_day', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Whether the caseworker has an approved request for this report's contact details. */
export async function hasApprovedRelease(db: Db, reportId: ReportId, userId: UserId): Promise<boolean> {
  return Boolean(await db.selectFrom('identity_releases').select('id').where('report_id', '=', reportId).where('requested_by', '=', userId).where('status', '=', 'approved').executeTakeFirst());
}
