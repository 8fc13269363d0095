/**
 * Repeat-perpetrator matching. Identifier hashes from all reports (not only
 * those behind warnings) are compared; when two or more independent reports
 * (different receipts) share one, the caseworkers of every organisation
 * involved see one match notice linking them. Nobody sees an identifier in
 * clear: the notice names the kind of identifier and the reports.
 *
 * The reporter is never told: nothing here touches what the reporter can
 * read, and a failure here never fails their submission (a sweep job picks
 * up any report that was not compared).
 */
import { randomId } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import type { OrganisationId, ReportId } from '../shared/ids.js';

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '');
}

/**
 * Called right after a report is stored. Returns the organisations whose
 * match notices gained this report (to be told there is new activity, never
 * what). Never throws: the sweep retries what failed.
 */
export async function matchNewReport(deps: CoreDeps, reportId: ReportId): Promise<OrganisationId[]> {
  try {
    return await matchReport(deps, reportId);
  } catch {
    // The report is safely stored; the sweep job compares it later.
    return [];
  }
}

/**
 * Compares one report's identifier hashes with every other report's, once
 * (the report is marked as compared in the same transaction). Two writers
 * creating the notice for one hash at the same moment: one wins on the
 * unique hash, the other retries and joins that notice.
 */
export async function matchReport(deps: Pick<CoreDeps, 'db' | 'clock'>, reportId: ReportId): Promise<OrganisationId[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return [...(await deps.db.transaction().execute((trx) => matchIn(trx, deps, reportId)))];
    } catch (err) {
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/** Returns the organisations involved in the notices this report joined or opened. */
async function matchIn(trx: Db, deps: Pick<CoreDeps, 'clock'>, reportId: ReportId): Promise<Set<OrganisationId>> {
  const involved = new Set<OrganisationId>();
  const report = await trx.selectFrom('reports').select(['id', 'organisation_id']).where('id', '=', reportId).executeTakeFirst();
  if (!report) return involved;
  const claimed = await trx
    .insertInto('match_scanned')
    .values({ report_id: reportId })
    .onConflict((oc) => oc.column('report_id').doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return involved;
  const day = dayOf(deps.clock);
  const hashes = await trx.selectFrom('report_identifiers').select(['kind', 'hash']).where('report_id', '=', reportId).execute();
  for (const { kind, hash } of hashes) {
    const others = await trx
      .selectFrom('report_identifiers')
      .innerJoin('reports', 'reports.id', 'report_identifiers.report_id')
      .select(['reports.id', 'reports.organisation_id'])
      .where('report_identifiers.hash', '=', hash)
      .where('report_identifiers.report_id', '!=', reportId)
      .execute();
    if (others.length === 0) continue;
    let notice = await trx.selectFrom('match_notices').select('id').where('hash', '=', hash).executeTakeFirst();
    if (!notice) {
      notice = { id: randomId() };
      await trx.insertInto('match_notices').values({ id: notice.id, kind, hash, created_day: day, updated_day: day }).execute();
    } else {
      await trx.updateTable('match_notices').set({ updated_day: day }).where('id', '=', notice.id).execute();
      // A new report reopens the notice for every organisation that had put it aside.
      await trx.deleteFrom('match_notice_dismissals').where('notice_id', '=', notice.id).execute();
    }
    const members = [{ id: report.id, organisation_id: report.organisation_id }, ...others];
    const seen = new Set<ReportId>();
    for (const m of members) {
      involved.add(m.organisation_id);
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      await trx
        .insertInto('match_notice_reports')
        .values({ notice_id: notice.id, report_id: m.id, organisation_id: m.organisation_id, added_day: day })
        .onConflict((oc) => oc.columns(['notice_id', 'report_id']).doNothing())
        .execute();
    }
  }
  return involved;
}

/**
 * Compares reports that were stored but never compared (a crash, or reports
 * from before matching existed); returns how many, and the organisations
 * whose match notices changed.
 */
export async function matchSweep(deps: Pick<CoreDeps, 'db' | 'clock'>, limit = 200): Promise<{ compared: number; organisations: OrganisationId[] }> {
  const rows = await deps.db.selectFrom('reports').select('id').where('id', 'not in', deps.db.selectFrom('match_scanned').select('report_id')).limit(limit).execute();
  const organisations = new Set<OrganisationId>();
  for (const r of rows) for (const o of await matchReport(deps, r.id)) organisations.add(o);
  return { compared: rows.length, organisations: [...organisations] };
}

export interface MatchNoticeView {
  readonly id: string;
  readonly kind: string;
  readonly createdDay: string;
  readonly updatedDay: string;
  /** This organisation's reports in the notice. */
  readonly ownReports: readonly ReportId[];
  /** Other organisations involved, with how many of their reports. */
  readonly others: ReadonlyArray<{ readonly organisationId: OrganisationId; readonly name: string; readonly reports: number }>;
  readonly dismissed: boolean;
}

/**
 * The notices that involve the organisation: independent reports (duplicates
 * merged by a caseworker count once) sharing an identifier, two or more.
 */
export async function matchNotices(db: Db, user: StaffUser, opts: { includeDismissed?: boolean } = {}): Promise<MatchNoticeView[]> {
  const notices = await db
    .selectFrom('match_notices')
    .selectAll()
    .where('id', 'in', db.selectFrom('match_notice_reports').select('notice_id').where('organisation_id', '=', user.organisationId))
    .orderBy('updated_day', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  if (notices.length === 0) return [];
  const ids = notices.map((n) => n.id);
  const links = await db
    .selectFrom('match_notice_reports')
    .innerJoin('reports', 'reports.id', 'match_notice_reports.report_id')
    .innerJoin('organisations', 'organisations.id', 'reports.organisation_id')
    .select(['match_notice_reports.notice_id', 'reports.id', 'reports.organisation_id', 'organisations.name', 'reports.merged_into', 'reports.is_spam'])
    .where('match_notice_reports.notice_id', 'in', ids)
    .execute();
  const dismissed = new Set(
    (await db.selectFrom('match_notice_dismissals').select('notice_id').where('organisation_id', '=', user.organisationId).where('notice_id', 'in', ids).execute()).map((d) => d.notice_id),
  );
  const out: MatchNoticeView[] = [];
  for (const n of notices) {
    const reports = links.filter((l) => l.notice_id === n.id && l.merged_into === null && Number(l.is_spam ?? 0) !== 1);
    if (reports.length < 2) continue;
    if (dismissed.has(n.id) && !opts.includeDismissed) continue;
    const own = reports.filter((r) => r.organisation_id === user.organisationId).map((r) => r.id);
    if (own.length === 0) continue;
    const others = new Map<OrganisationId, { organisationId: OrganisationId; name: string; reports: number }>();
    for (const r of reports.filter((x) => x.organisation_id !== user.organisationId)) {
      const o = others.get(r.organisation_id) ?? { organisationId: r.organisation_id, name: r.name, reports: 0 };
      o.reports++;
      others.set(r.organisation_id, o);
    }
    out.push({ id: n.id, kind: n.kind, createdDay: n.created_day, updatedDay: n.updated_day, ownReports: own.sort(), others: [...others.values()], dismissed: dismissed.has(n.id) });
  }
  return out;
}

/** Puts a notice aside for the organisation (logged); a later matching report brings it back. */
export async function dismissNotice(deps: CoreDeps, user: StaffUser, noticeId: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const involved = await trx.selectFrom('match_notice_reports').select('report_id').where('notice_id', '=', noticeId).where('organisation_id', '=', user.organisationId).executeTakeFirst();
    if (!involved) return false;
    await trx.deleteFrom('match_notice_dismissals').where('notice_id', '=', noticeId).where('organisation_id', '=', user.organisationId).execute();
    await trx
      .insertInto('match_notice_dismissals')
      .values({ notice_id: noticeId, organisation_id: user.organisationId, dismissed_by: user.id, dismissed_day: dayOf(deps.clock) })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'match_dismissed', subjectType: 'match_notice', subjectId: noticeId });
    return true;
  });
}
