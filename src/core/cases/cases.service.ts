/**
 * The caseworker's side of a report: the inbox (over the unencrypted routing
 * fields only), the decrypted case, replies, notes, status, assignment, tags,
 * access grants, merging and spam. Every read of content and every change is
 * audit-logged in the same transaction.
 */
import { sql } from 'kysely';
import { ciphertextFromBytes, decryptJson, encryptJson, openSealedKey, publicKeyFromBytes, randomId, sealKey, type ContentKey, type KeyPair } from '../../crypto/index.js';
import type { ReportRow } from '../../db/schema.js';
import { CASE_ROLES, type StaffUser } from '../accounts/accounts.service.js';
import { appendAudit, type AuditAction } from '../audit/audit.service.js';
import { listAttachments, type AttachmentInfo, type CleanFile } from '../attachments/attachments.service.js';
import { findKeySeal } from '../reports/reports.repository.js';
import { inboxRows, markCaseRead, reportMarks, seenSeqOf, statusCounts, type ReportMarks } from './cases.repository.js';
import { dataKeyFor } from '../reports/shred.js';
import { aad, addMessage, decryptThread } from '../reports/reports.service.js';
import type { ReportContent, ThreadMessage } from '../reports/report.types.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { isCategory, REPORT_STATUSES, type Category, type ReportStatus } from '../taxonomy/taxonomy.js';
import type { ReportId, UserId } from '../shared/ids.js';

export type { ReportMarks };

export interface InboxFilter {
  readonly status?: ReportStatus | 'all' | 'spam';
  readonly areaId?: string;
  readonly category?: Category;
  /** A user id, 'me', 'none', or 'unknown' (an id from the address that was malformed: no report matches it). */
  readonly assignee?: UserId | 'me' | 'none' | 'unknown';
  readonly sort?: 'activity' | 'created';
  /** Only reports waiting for the organisation: the reporter spoke last. */
  readonly waiting?: boolean;
  readonly page?: number;
}

export const PAGE_SIZE = 25;

export interface InboxRow {
  readonly id: ReportId;
  readonly status: ReportStatus;
  readonly areaId: string | null;
  readonly countryCode: string;
  readonly categories: readonly string[];
  readonly assigneeUserId: UserId | null;
  readonly createdDay: string;
  readonly lastActivityDay: string;
  readonly tags: readonly string[];
  readonly mergedInto: ReportId | null;
}

export interface Inbox {
  readonly rows: ReadonlyArray<InboxRow & { readonly marks: ReportMarks }>;
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly counts: Readonly<Record<ReportStatus | 'spam', number>>;
}

function toInboxRow(r: ReportRow): InboxRow {
  return {
    id: r.id,
    status: r.status as ReportStatus,
    areaId: r.area_id,
    countryCode: r.country_code,
    categories: r.categories.split(' ').filter(Boolean),
    assigneeUserId: r.assignee_user_id,
    createdDay: r.created_day,
    lastActivityDay: r.last_activity_day,
    tags: (r.tags ?? '').split(' ').filter(Boolean),
    mergedInto: r.merged_into,
  };
}

/** The organisation's reports, filtered, sorted and paged, with counts per status and this caseworker's marks on each row. */
export async function inbox(db: Db, user: StaffUser, filter: InboxFilter): Promise<Inbox> {
  const parts = {
    organisationId: user.organisationId,
    userId: user.id,
    status: filter.status ?? 'all',
    areaId: filter.areaId,
    category: filter.category && isCategory(filter.category) ? filter.category : undefined,
    assignee: filter.assignee,
    waiting: filter.waiting === true,
    sort: filter.sort === 'created' ? ('created' as const) : ('activity' as const),
    pageSize: PAGE_SIZE,
    page: filter.page ?? 1,
  };
  const { rows, total, page, pages } = await inboxRows(db, parts);
  const marks = await reportMarks(
    db,
    user.organisationId,
    user.id,
    rows.map((r) => r.id),
  );
  const counts = { new: 0, in_progress: 0, waiting: 0, closed: 0, spam: 0 } as Record<ReportStatus | 'spam', number>;
  for (const g of await statusCounts(db, user.organisationId)) {
    if (g.is_spam === 1) counts.spam += g.n;
    else if ((REPORT_STATUSES as readonly string[]).includes(g.status)) counts[g.status as ReportStatus] += g.n;
  }
  return { rows: rows.map((r) => ({ ...toInboxRow(r), marks: marks.get(r.id) ?? NO_MARKS })), total, page, pages, counts };
}

const NO_MARKS: ReportMarks = { unread: 0, opened: false, waiting: false, matched: false };

export interface CaseNote {
  readonly id: string;
  readonly authorUserId: UserId;
  readonly at: string;
  readonly text: string;
}

export interface CaseView {
  readonly row: InboxRow;
  readonly report: ReportRow;
  readonly content: ReportContent;
  readonly messages: readonly ThreadMessage[];
  /** Files of the report and its thread (names only; the bytes are opened on download). */
  readonly attachments: readonly AttachmentInfo[];
  readonly notes: readonly CaseNote[];
  readonly hasContact: boolean;
  /** The thread position this caseworker had seen before this read (null: first time): later reporter messages are new to them. */
  readonly seenBefore: number | null;
}

export type CaseAccess =
  | {
      readonly kind: 'ok';
      /** The data key: decrypts and encrypts the report's content, messages and notes. */
      readonly contentKey: ContentKey;
      /** The sealed content key itself, for sharing the report with a colleague. */
      readonly sealedContentKey: ContentKey;
      readonly report: ReportRow;
    }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'no-access'; readonly report: ReportRow };

/** Opens the report's keys with the caseworker's key pair, if its content key was sealed to them. */
export async function caseAccess(deps: Pick<CoreDeps, 'db' | 'vault'>, user: StaffUser, keyPair: KeyPair, reportId: ReportId): Promise<CaseAccess> {
  const report = await deps.db.selectFrom('reports').selectAll().where('id', '=', reportId).where('organisation_id', '=', user.organisationId).executeTakeFirst();
  if (!report) return { kind: 'not-found' };
  const sealed = await findKeySeal(deps.db, 'report_key_seals', report.id, 'user', user.id);
  if (!sealed) return { kind: 'no-access', report };
  const sealedContentKey = openSealedKey(sealed, keyPair);
  return { kind: 'ok', contentKey: await dataKeyFor(deps.db, deps.vault, report.id, sealedContentKey), sealedContentKey, report };
}

const noteAad = (reportId: ReportId, noteId: string) => `report:${reportId}:note:${noteId}`;

/**
 * Decrypts the whole case for a caseworker and logs the read. With `markRead`
 * (opening the page, never the answer to a posted form, so a forged post
 * cannot clear a caseworker's "new" marks) the thread counts as seen.
 */
export async function readCase(deps: CoreDeps, user: StaffUser, access: Extract<CaseAccess, { kind: 'ok' }>, opts: { markRead: boolean } = { markRead: false }): Promise<CaseView> {
  const { report, contentKey } = access;
  const content = decryptJson<ReportContent>(contentKey, ciphertextFromBytes(Buffer.from(report.body)), aad.body(report.id));
  const messages = await decryptThread(deps.db, report.id, contentKey);
  const noteRows = await deps.db.selectFrom('case_notes').selectAll().where('report_id', '=', report.id).orderBy('created_at').orderBy('id').execute();
  const notes = noteRows.map((n) => ({
    id: n.id,
    authorUserId: n.author_user_id,
    at: n.created_at,
    text: decryptJson<{ text: string }>(contentKey, ciphertextFromBytes(Buffer.from(n.body)), noteAad(report.id, n.id)).text,
  }));
  const shown = messages.reduce((max, m) => Math.max(max, m.seq), 0);
  const seenBefore = await deps.db.transaction().execute(async (trx) => {
    // Marked as seen up to what was decrypted here, so a message arriving meanwhile stays new.
    const before = opts.markRead ? await markCaseRead(trx, report.id, user.id, shown, dayOf(deps.clock)) : await seenSeqOf(trx, report.id, user.id);
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'report_read', subjectType: 'report', subjectId: report.id });
    return before;
  });
  const attachments = await listAttachments(deps.db, report.id, contentKey);
  return { row: toInboxRow(report), report, content, messages, attachments, notes, hasContact: report.has_contact === 1, seenBefore };
}

async function audit(deps: CoreDeps, db: Db, user: StaffUser, action: AuditAction, reportId: ReportId, detail?: Record<string, string | number | boolean | null>) {
  await appendAudit(db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action, subjectType: 'report', subjectId: reportId, ...(detail ? { detail } : {}) });
}

/** Sends an encrypted reply to the reporter; the report then waits for them. */
export async function reply(deps: CoreDeps, user: StaffUser, access: Extract<CaseAccess, { kind: 'ok' }>, text: string, attachments: readonly CleanFile[] = []): Promise<void> {
  await addMessage(deps, { reportId: access.report.id, contentKey: access.contentKey, author: 'staff', kind: 'message', authorUserId: user.id, text, attachments });
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('reports').set({ status: 'waiting' }).where('id', '=', access.report.id).where('status', 'in', ['new', 'in_progress']).execute();
    await audit(deps, trx, user, 'message_sent', access.report.id);
  });
}

/** Adds an encrypted case note, visible to staff only. */
export async function addNote(deps: CoreDeps, user: StaffUser, access: Extract<CaseAccess, { kind: 'ok' }>, text: string): Promise<void> {
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_notes')
      .values({ id, report_id: access.report.id, author_user_id: user.id, created_at: deps.clock.now().toISOString(), body: encryptJson(access.contentKey, { text }, noteAad(access.report.id, id)) })
      .execute();
    await audit(deps, trx, user, 'note_added', access.report.id);
  });
}

export async function setStatus(deps: CoreDeps, user: StaffUser, reportId: ReportId, status: ReportStatus): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reports')
      .set({ status, closed_day: status === 'closed' ? dayOf(deps.clock) : null })
      .where('id', '=', reportId)
      .where('organisation_id', '=', user.organisationId)
      .execute();
    await audit(deps, trx, user, 'status_changed', reportId, { status });
  });
}

/** Assigns the report to a colleague of the same organisation, or to nobody. */
export async function assign(deps: CoreDeps, user: StaffUser, reportId: ReportId, assigneeId: UserId | null): Promise<boolean> {
  if (assigneeId) {
    const colleague = await deps.db.selectFrom('users').select('id').where('id', '=', assigneeId).where('organisation_id', '=', user.organisationId).where('active', '=', 1).executeTakeFirst();
    if (!colleague) return false;
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reports')
      .set({ assignee_user_id: assigneeId, status: sql`case when status = 'new' then 'in_progress' else status end` })
      .where('id', '=', reportId)
      .where('organisation_id', '=', user.organisationId)
      .execute();
    await audit(deps, trx, user, 'assigned', reportId, { assignee: assigneeId });
  });
  return true;
}

export const TAG_PATTERN = /^[\p{L}\p{N}_-]{1,30}$/u;

export async function setTags(deps: CoreDeps, user: StaffUser, reportId: ReportId, tags: readonly string[]): Promise<void> {
  const clean = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => TAG_PATTERN.test(t)))].slice(0, 20);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reports')
      .set({ tags: clean.join(' ') })
      .where('id', '=', reportId)
      .where('organisation_id', '=', user.organisationId)
      .execute();
    await audit(deps, trx, user, 'tags_changed', reportId, { count: clean.length });
  });
}

export async function markSpam(deps: CoreDeps, user: StaffUser, reportId: ReportId, spam: boolean): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reports')
      .set({ is_spam: spam ? 1 : 0, status: spam ? 'closed' : 'in_progress', closed_day: spam ? dayOf(deps.clock) : null })
      .where('id', '=', reportId)
      .where('organisation_id', '=', user.organisationId)
      .execute();
    await audit(deps, trx, user, 'marked_spam', reportId, { spam });
  });
}

/** Marks a report as a duplicate of another of the organisation's reports and closes it; both stay readable. */
export async function merge(deps: CoreDeps, user: StaffUser, duplicateId: ReportId, intoId: ReportId): Promise<boolean> {
  if (duplicateId === intoId) return false;
  const target = await deps.db.selectFrom('reports').select(['id', 'merged_into']).where('id', '=', intoId).where('organisation_id', '=', user.organisationId).executeTakeFirst();
  if (!target || target.merged_into) return false;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reports')
      .set({ merged_into: intoId, status: 'closed', closed_day: dayOf(deps.clock) })
      .where('id', '=', duplicateId)
      .where('organisation_id', '=', user.organisationId)
      .execute();
    await audit(deps, trx, user, 'merged', duplicateId, { into: intoId });
  });
  return true;
}

export interface Colleague {
  readonly id: UserId;
  readonly displayName: string;
  readonly role: string;
  readonly hasAccess: boolean;
}

/** The organisation's active staff, and whether each can read the report. */
export async function colleagues(db: Db, user: StaffUser, reportId: ReportId): Promise<Colleague[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('report_key_seals', (j) => j.onRef('report_key_seals.recipient_id', '=', 'users.id').on('report_key_seals.report_id', '=', reportId).on('report_key_seals.recipient_type', '=', 'user'))
    .select(['users.id', 'users.display_name', 'users.role', 'report_key_seals.report_id as sealed'])
    .where('users.organisation_id', '=', user.organisationId)
    .where('users.active', '=', 1)
    .where('users.role', 'in', CASE_ROLES)
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role, hasAccess: r.sealed !== null }));
}

/** Re-seals the report's content key to a colleague who joined later (logged). */
export async function grantAccess(deps: CoreDeps, user: StaffUser, access: Extract<CaseAccess, { kind: 'ok' }>, colleagueId: UserId): Promise<boolean> {
  // Only someone who handles cases can be given a report's content key; a monitor never.
  const colleague = await deps.db
    .selectFrom('users')
    .select(['id', 'public_key'])
    .where('id', '=', colleagueId)
    .where('organisation_id', '=', user.organisationId)
    .where('active', '=', 1)
    .where('role', 'in', CASE_ROLES)
    .executeTakeFirst();
  if (!colleague) return false;
  const existing = await findKeySeal(deps.db, 'report_key_seals', access.report.id, 'user', colleague.id);
  if (existing) return true;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('report_key_seals')
      .values({ report_id: access.report.id, recipient_type: 'user', recipient_id: colleague.id, sealed_key: sealKey(access.sealedContentKey, publicKeyFromBytes(Buffer.from(colleague.public_key))) })
      .execute();
    await audit(deps, trx, user, 'access_granted', access.report.id, { to: colleague.id });
  });
  return true;
}

/** Ids of reports that are not sealed to this caseworker, for the "ask a colleague" hint. */
export async function unreadableCount(db: Db, user: StaffUser): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', user.organisationId)
    .where('id', 'not in', db.selectFrom('report_key_seals').select('report_id').where('recipient_type', '=', 'user').where('recipient_id', '=', user.id))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
