/**
 * Identity escrow (guarantee 6). A contact key is split 2 of n among the
 * organisation's custodians. A caseworker asks for the details with a reason;
 * two custodians who are not the requester each re-seal their share to the
 * requester (or one refuses), and only then can the requester combine them.
 * Every act is audit-logged, and the reporter sees in follow-up that their
 * contact was revealed, when and why.
 */
import {
  ciphertextFromBytes,
  combineShares,
  decryptJson,
  encryptJson,
  openSealedKey,
  openShare,
  publicKeyFromBytes,
  randomId,
  sealShare,
  wipe,
  type ContentKey,
  type KeyPair,
  type KeyShare,
} from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { ContactInput } from '../reports/report.types.js';
import { findContact } from '../reports/reports.repository.js';
import { aad } from '../reports/report-aad.js';
import { dataKeyFor } from '../reports/shred.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { releaseShareContext } from './custody-shares.js';
import { hasLegacySeals, ownShare } from './custody.service.js';
import type { ReportId, UserId } from '../shared/ids.js';

const reasonAad = (reportId: ReportId, releaseId: string) => `report:${reportId}:release:${releaseId}`;
export const REASON_MAX = 2000;

export interface ReleaseRow {
  readonly id: string;
  readonly reportId: ReportId;
  readonly requestedBy: UserId;
  readonly requestedDay: string;
  readonly status: 'pending' | 'approved' | 'refused';
  readonly decidedBy: UserId | null;
  readonly decidedDay: string | null;
  readonly reason: string;
}

/** A caseworker asks to see the contact details; the reason is encrypted under the report's data key. */
export async function requestRelease(deps: CoreDeps, user: StaffUser, reportId: ReportId, dataKey: ContentKey, reason: string): Promise<string> {
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('identity_releases')
      .values({
        id,
        report_id: reportId,
        requested_by: user.id,
        requested_day: dayOf(deps.clock),
        reason: encryptJson(dataKey, { reason }, reasonAad(reportId, id)),
        status: 'pending',
        decided_by: null,
        decided_day: null,
        sealed_contact_key: null,
      })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'identity_release_requested',
      subjectType: 'report',
      subjectId: reportId,
      detail: { release: id },
    });
  });
  return id;
}

/** Releases of a report, with reasons decrypted by whoever holds its data key (caseworker or reporter). */
export async function releasesOf(db: Db, reportId: ReportId, dataKey: ContentKey): Promise<ReleaseRow[]> {
  const rows = await db.selectFrom('identity_releases').selectAll().where('report_id', '=', reportId).orderBy('requested_day').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    reportId: r.report_id,
    requestedBy: r.requested_by,
    requestedDay: r.requested_day,
    status: r.status as ReleaseRow['status'],
    decidedBy: r.decided_by,
    decidedDay: r.decided_day,
    reason: decryptJson<{ reason: string }>(dataKey, ciphertextFromBytes(Buffer.from(r.reason)), reasonAad(r.report_id, r.id)).reason,
  }));
}

export interface PendingRelease {
  readonly id: string;
  readonly reportId: ReportId;
  readonly requestedBy: UserId;
  readonly requestedDay: string;
}

/** Pending requests in the custodian's organisation that someone else made and this custodian has not yet approved. */
export async function pendingReleases(db: Db, custodian: StaffUser): Promise<PendingRelease[]> {
  const rows = await db
    .selectFrom('identity_releases')
    .innerJoin('reports', 'reports.id', 'identity_releases.report_id')
    .select(['identity_releases.id', 'identity_releases.report_id', 'identity_releases.requested_by', 'identity_releases.requested_day'])
    .where('reports.organisation_id', '=', custodian.organisationId)
    .where('identity_releases.status', '=', 'pending')
    .where('identity_releases.requested_by', '!=', custodian.id)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('identity_release_shares')
            .select('release_id')
            .whereRef('identity_release_shares.release_id', '=', 'identity_releases.id')
            .where('identity_release_shares.custodian_id', '=', custodian.id),
        ),
      ),
    )
    .orderBy('identity_releases.requested_day')
    .execute();
  return rows.map((r) => ({ id: r.id, reportId: r.report_id, requestedBy: r.requested_by, requestedDay: r.requested_day }));
}

export type DecisionResult = 'done' | 'not-found' | 'same-person' | 'not-custodian' | 'no-key' | 'needs-renewal' | 'already';

/** Approvals a release needs: two custodians' shares, the requester's own share counting when they are a custodian who holds one. */
async function approvalsNeeded(db: Db, reportId: ReportId, requesterId: UserId): Promise<number> {
  const own = await db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', reportId).where('custodian_id', '=', requesterId).executeTakeFirst();
  return own ? 1 : 2;
}

/**
 * A custodian approves or refuses a request. Approving re-seals the
 * custodian's share of the contact key to the requester (the server holds
 * that one share in the clear only while this runs); the release is approved
 * once two custodians' shares are the requester's. A refusal by any
 * custodian refuses it and destroys the shares given so far.
 */
export async function decideRelease(deps: CoreDeps, custodian: StaffUser, keyPair: KeyPair, releaseId: string, approve: boolean): Promise<DecisionResult> {
  if (custodian.role !== 'custodian') return 'not-custodian';
  const release = await deps.db
    .selectFrom('identity_releases')
    .innerJoin('reports', 'reports.id', 'identity_releases.report_id')
    .select(['identity_releases.id', 'identity_releases.report_id', 'identity_releases.requested_by', 'identity_releases.status'])
    .where('identity_releases.id', '=', releaseId)
    .where('reports.organisation_id', '=', custodian.organisationId)
    .executeTakeFirst();
  if (!release || release.status !== 'pending') return 'not-found';
  if (release.requested_by === custodian.id) return 'same-person';
  const given = await deps.db.selectFrom('identity_release_shares').select('custodian_id').where('release_id', '=', releaseId).execute();
  if (given.some((g) => g.custodian_id === custodian.id)) return 'already';
  /** Closes the pending release as refused or approved (only while it is pending), with the day only. */
  const settle = (trx: Db, status: 'refused' | 'approved') =>
    trx
      .updateTable('identity_releases')
      .set({ status, decided_by: custodian.id, decided_day: dayOf(deps.clock) })
      .where('id', '=', releaseId)
      .where('status', '=', 'pending')
      .execute();
  /** Every decision is audit-logged, whether or not it closes the release. */
  const logDecision = (trx: Db, approved: boolean) =>
    appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: custodian.organisationId,
      actorUserId: custodian.id,
      action: 'identity_release_decided',
      subjectType: 'report',
      subjectId: release.report_id,
      detail: { release: releaseId, approved },
    });
  if (!approve) {
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('identity_release_shares').where('release_id', '=', releaseId).execute();
      await settle(trx, 'refused');
      await logDecision(trx, false);
    });
    return 'done';
  }
  const requester = await deps.db.selectFrom('users').select('public_key').where('id', '=', release.requested_by).where('active', '=', 1).executeTakeFirst();
  const own = await ownShare(deps.db, release.report_id, custodian.id, keyPair);
  if (!own || !requester) return (await hasLegacySeals(deps.db, release.report_id)) ? 'needs-renewal' : 'no-key';
  const sealed = sealShare(own, publicKeyFromBytes(Buffer.from(requester.public_key)), releaseShareContext(releaseId, custodian.id));
  wipe(own);
  const needed = await approvalsNeeded(deps.db, release.report_id, release.requested_by);
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('identity_release_shares').values({ release_id: releaseId, custodian_id: custodian.id, sealed_share: sealed }).execute();
    if (given.length + 1 >= needed) await settle(trx, 'approved');
    await logDecision(trx, true);
  });
  return 'done';
}

/** How many custodians approved a pending release so far, and how many it needs. */
export async function releaseProgress(db: Db, releaseId: string): Promise<{ given: number; needed: number } | null> {
  const release = await db.selectFrom('identity_releases').select(['report_id', 'requested_by']).where('id', '=', releaseId).executeTakeFirst();
  if (!release) return null;
  const given = await db.selectFrom('identity_release_shares').select('custodian_id').where('release_id', '=', releaseId).execute();
  return { given: given.length, needed: await approvalsNeeded(db, release.report_id, release.requested_by) };
}

/**
 * The contact details, for a caseworker whose request two custodians
 * approved: the shares re-sealed to them (and their own, if they are a
 * custodian) are combined in memory for this request only. Every reading is
 * logged. A release approved before the split carries the whole key.
 */
export async function readReleasedContact(deps: CoreDeps, user: StaffUser, keyPair: KeyPair, reportId: ReportId): Promise<ContactInput | null> {
  const release = await deps.db
    .selectFrom('identity_releases')
    .select(['id', 'sealed_contact_key'])
    .where('report_id', '=', reportId)
    .where('requested_by', '=', user.id)
    .where('status', '=', 'approved')
    .orderBy('decided_day', 'desc')
    .executeTakeFirst();
  const body = await findContact(deps.db, reportId);
  if (!release || !body) return null;
  let contactKey: ContentKey;
  if (release.sealed_contact_key) {
    contactKey = openSealedKey(Buffer.from(release.sealed_contact_key), keyPair);
  } else {
    const rows = await deps.db.selectFrom('identity_release_shares').select(['custodian_id', 'sealed_share']).where('release_id', '=', release.id).execute();
    const shares: KeyShare[] = rows.map((r) => openShare(Buffer.from(r.sealed_share), keyPair, releaseShareContext(release.id, r.custodian_id)));
    const own = await ownShare(deps.db, reportId, user.id, keyPair);
    if (own) shares.push(own);
    if (shares.length < 2) return null;
    contactKey = await combineShares(shares);
    for (const sh of shares) wipe(sh);
  }
  const key = await dataKeyFor(deps.db, deps.vault, reportId, contactKey);
  wipe(contactKey);
  const contact = decryptJson<ContactInput>(key, ciphertextFromBytes(body), aad.contact(reportId));
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'contact_read', subjectType: 'report', subjectId: reportId });
  return contact;
}
