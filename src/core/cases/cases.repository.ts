/** Reports as the case pages look them up: the inbox's rows and marks, and each caseworker's read marks. */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, ReportRow } from '../../db/schema.js';
import type { Db } from '../shared/deps.js';
import type { OrganisationId, ReportId, UserId } from '../shared/ids.js';

/** Up to `limit` ids of the organisation's reports that begin with the prefix (lowercase hex, as typed). */
export async function reportIdsByPrefix(db: Db, organisationId: OrganisationId, prefix: string, limit: number): Promise<ReportId[]> {
  // The pattern is text, not a report id: the id column is compared as text.
  const rows = await db
    .selectFrom('reports')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb(eb.ref('id').$castTo<string>(), 'like', `${prefix}%`))
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** What the inbox query selects on; the service turns the request into this. */
export interface InboxQueryParts {
  readonly organisationId: OrganisationId;
  readonly userId: UserId;
  readonly status: string;
  readonly areaId?: string | undefined;
  readonly category?: string | undefined;
  /** A user id, 'me', 'none', or 'unknown' (an id that was malformed: it is no one's, so no report matches). */
  readonly assignee?: UserId | 'me' | 'none' | 'unknown' | undefined;
  /** Only reports where the reporter spoke last (a new report nobody answered, or a message after the last reply). */
  readonly waiting?: boolean | undefined;
  readonly sort: 'activity' | 'created';
  readonly pageSize: number;
  /** The page asked for; the answer clamps it to the pages there are. */
  readonly page: number;
}

/**
 * True where no staff message follows the reporter's last word: the report
 * itself counts as their first word, so a report nobody has answered waits.
 */
function reporterSpokeLast(eb: ExpressionBuilder<Database, 'reports'>) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('messages as staff_msg')
        .select('staff_msg.id')
        .whereRef('staff_msg.report_id', '=', 'reports.id')
        .where('staff_msg.author', '=', 'staff')
        .where(
          'staff_msg.seq',
          '>',
          eb.fn.coalesce(
            eb
              .selectFrom('messages as reporter_msg')
              .select((e) => e.fn.max('reporter_msg.seq').as('m'))
              .whereRef('reporter_msg.report_id', '=', 'reports.id')
              .where('reporter_msg.author', '=', 'reporter'),
            eb.lit(0),
          ),
        ),
    ),
  );
}

/** The reports a filter of the inbox selects (no columns chosen yet). */
function inboxSelection(db: Db, p: InboxQueryParts) {
  let q = db.selectFrom('reports').where('organisation_id', '=', p.organisationId);
  if (p.status === 'spam') q = q.where('is_spam', '=', 1);
  else {
    q = q.where((eb) => eb.or([eb('is_spam', 'is', null), eb('is_spam', '=', 0)]));
    if (p.status !== 'all') q = q.where('status', '=', p.status);
  }
  if (p.areaId) q = q.where('area_id', '=', p.areaId);
  if (p.category) {
    // Categories are stored space-separated; pad both sides so "raid" never matches "raids".
    q = q.where(sql<string>`' ' || categories || ' '`, 'like', `% ${p.category} %`);
  }
  if (p.assignee === 'me') q = q.where('assignee_user_id', '=', p.userId);
  else if (p.assignee === 'none') q = q.where('assignee_user_id', 'is', null);
  else if (p.assignee === 'unknown') q = q.where(sql<boolean>`1 = 0`);
  else if (p.assignee) q = q.where('assignee_user_id', '=', p.assignee);
  if (p.waiting) q = q.where('status', '!=', 'closed').where('merged_into', 'is', null).where(reporterSpokeLast);
  return q;
}

/**
 * One page of the inbox. Newest first, ties by id, both descending: the order of the (organisation,
 * activity_seq, id) and (organisation, created_day, id) indexes read backwards, so the page reads its rows and
 * stops, however many reports share a day or a position (with the tie in the other direction, the database
 * sorted every report of the first group it met).
 */
export function inboxPageQuery(db: Db, p: InboxQueryParts, page: number) {
  return inboxSelection(db, p)
    .selectAll()
    .orderBy(p.sort === 'created' ? 'created_day' : 'activity_seq', 'desc')
    .orderBy('id', 'desc')
    .limit(p.pageSize)
    .offset((page - 1) * p.pageSize);
}

/** One page of the organisation's reports, how many match in all, and the page given. */
export async function inboxRows(db: Db, p: InboxQueryParts): Promise<{ rows: ReportRow[]; total: number; page: number; pages: number }> {
  const totalRow = await inboxSelection(db, p)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / p.pageSize));
  const page = Math.min(Math.max(1, p.page), pages);
  const rows = await inboxPageQuery(db, p, page).execute();
  return { rows, total, page, pages };
}

/** How many of the organisation's reports there are per status and spam flag. */
export async function statusCounts(db: Db, organisationId: OrganisationId): Promise<Array<{ status: string; is_spam: number | null; n: number }>> {
  const rows = await db
    .selectFrom('reports')
    .select(['status', 'is_spam', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisation_id', '=', organisationId)
    .groupBy(['status', 'is_spam'])
    .execute();
  return rows.map((r) => ({ status: r.status, is_spam: r.is_spam === null ? null : Number(r.is_spam), n: Number(r.n) }));
}

/** Per report of a page: the reporter's messages this caseworker has not seen, whether they ever opened it, whether it waits on the organisation, and whether it is in a live match notice. */
export interface ReportMarks {
  readonly unread: number;
  readonly opened: boolean;
  readonly waiting: boolean;
  readonly matched: boolean;
}

/** The marks of the given reports for one caseworker of the organisation. */
export async function reportMarks(db: Db, organisationId: OrganisationId, userId: UserId, reportIds: readonly ReportId[]): Promise<Map<ReportId, ReportMarks>> {
  const out = new Map<ReportId, ReportMarks>();
  if (reportIds.length === 0) return out;
  const ids = [...reportIds];
  const reads = await db.selectFrom('case_reads').select(['report_id', 'seen_seq']).where('user_id', '=', userId).where('report_id', 'in', ids).execute();
  const seen = new Map(reads.map((r) => [r.report_id, Number(r.seen_seq)]));
  const fromReporter = await db.selectFrom('messages').select(['report_id', 'seq']).where('report_id', 'in', ids).where('author', '=', 'reporter').execute();
  const waitingIds = new Set(
    (await db.selectFrom('reports').select('id').where('id', 'in', ids).where('status', '!=', 'closed').where('merged_into', 'is', null).where(reporterSpokeLast).execute()).map((r) => r.id),
  );
  const matchedIds = new Set(
    (
      await db
        .selectFrom('match_notice_reports as mine')
        .select('mine.report_id')
        .distinct()
        .where('mine.report_id', 'in', ids)
        .where('mine.notice_id', 'not in', db.selectFrom('match_notice_dismissals').select('notice_id').where('organisation_id', '=', organisationId))
        // A notice counts while it links two or more independent reports (duplicates merged and spam left out).
        .where(
          (eb) =>
            eb
              .selectFrom('match_notice_reports as linked')
              .innerJoin('reports as r', 'r.id', 'linked.report_id')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('linked.notice_id', '=', 'mine.notice_id')
              .where('r.merged_into', 'is', null)
              .where((e) => e.or([e('r.is_spam', 'is', null), e('r.is_spam', '=', 0)])),
          '>=',
          2,
        )
        .execute()
    ).map((r) => r.report_id),
  );
  for (const id of ids) {
    const mark = seen.get(id);
    const unread = fromReporter.filter((m) => m.report_id === id && Number(m.seq) > (mark ?? 0)).length;
    out.set(id, { unread, opened: mark !== undefined, waiting: waitingIds.has(id), matched: matchedIds.has(id) });
  }
  return out;
}

/** The thread position a caseworker has seen of a report, or null when they never opened it. */
export async function seenSeqOf(db: Db, reportId: ReportId, userId: UserId): Promise<number | null> {
  const row = await db.selectFrom('case_reads').select('seen_seq').where('report_id', '=', reportId).where('user_id', '=', userId).executeTakeFirst();
  return row ? Number(row.seen_seq) : null;
}

/**
 * Records that a caseworker has seen the report's thread up to `seenSeq` (the
 * last message shown to them: a thread position, no time) and the day it was
 * read; returns the position they had seen before, or null when they had
 * never opened it.
 */
export async function markCaseRead(db: Db, reportId: ReportId, userId: UserId, seenSeq: number, day: string): Promise<number | null> {
  const before = await seenSeqOf(db, reportId, userId);
  await db
    .insertInto('case_reads')
    .values({ report_id: reportId, user_id: userId, seen_seq: seenSeq })
    .onConflict((oc) => oc.columns(['report_id', 'user_id']).doUpdateSet({ seen_seq: seenSeq }))
    .execute();
  await db.updateTable('reports').set({ read_day: day }).where('id', '=', reportId).execute();
  return before;
}
