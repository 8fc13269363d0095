/**
 * Identity escrow (guarantee 6). Contact details are sealed only to the
 * organisation's custodians. A caseworker asks for them with a reason; a
 * custodian who is not the requester approves by re-sealing the contact key
 * to the requester (or refuses). Both acts are audit-logged, and the reporter
 * sees in follow-up that their contact was revealed, when and why.
 */
import { ciphertextFromBytes, decryptJson, encryptJson, openSealedKey, publicKeyFromBytes, randomId, sealKey, type ContentKey, type KeyPair } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { ContactInput } from '../reports/report.types.js';
import { findContact, findKeySeal } from '../reports/reports.repository.js';
import { aad } from '../reports/reports.service.js';
import { dataKeyFor } from '../reports/shred.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';

const reasonAad = (reportId: string, releaseId: string) => `report:${reportId}:release:${releaseId}`;
export const REASON_MAX = 2000;

export interface ReleaseRow {
  readonly id: string;
  readonly reportId: string;
  readonly requestedBy: string;
  readonly requestedDay: string;
  readonly status: 'pending' | 'approved' | 'refused';
  readonly decidedBy: string | null;
  readonly decidedDay: string | null;
  readonly reason: string;
}

/** A caseworker asks to see the contact details; the reason is encrypted under the report's data key. */
export async function requestRelease(deps: CoreDeps, user: StaffUser, reportId: string, dataKey: ContentKey, reason: string): Promise<string> {
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('identity_releases')
      .values({ id, report_id: reportId, requested_by: user.id, requested_day: dayOf(deps.clock), reason: encryptJson(dataKey, { reason }, reasonAad(reportId, id)), status: 'pending', decided_by: null, decided_day: null, sealed_contact_key: null })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'identity_release_requested', subjectType: 'report', subjectId: reportId, detail: { release: id } });
  });
  return id;
}

/** Releases of a report, with reasons decrypted by whoever holds its data key (caseworker or reporter). */
export async function releasesOf(db: Db, reportId: string, dataKey: ContentKey): Promise<ReleaseRow[]> {
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
  readonly reportId: string;
  readonly requestedBy: string;
  readonly requestedDay: string;
}

/** Pending requests in the custodian's organisation that someone else made. */
export async function pendingReleases(db: Db, custodian: StaffUser): Promise<PendingRelease[]> {
  const rows = await db
    .selectFrom('identity_releases')
    .innerJoin('reports', 'reports.id', 'identity_releases.report_id')
    .select(['identity_releases.id', 'identity_releases.report_id', 'identity_releases.requested_by', 'identity_releases.requested_day'])
    .where('reports.organisation_id', '=', custodian.organisationId)
    .where('identity_releases.status', '=', 'pending')
    .where('identity_releases.requested_by', '!=', custodian.id)
    .orderBy('identity_releases.requested_day')
    .execute();
  return rows.map((r) => ({ id: r.id, reportId: r.report_id, requestedBy: r.requested_by, requestedDay: r.requested_day }));
}

export type DecisionResult = 'done' | 'not-found' | 'same-person' | 'not-custodian' | 'no-key';

/** A custodian approves (re-sealing the contact key to the requester) or refuses a request. */
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
  let sealed: Buffer | null = null;
  if (approve) {
    const own = await findKeySeal(deps.db, 'contact_key_seals', release.report_id, 'user', custodian.id);
    const requester = await deps.db.selectFrom('users').select('public_key').where('id', '=', release.requested_by).where('active', '=', 1).executeTakeFirst();
    if (!own || !requester) return 'no-key';
    sealed = sealKey(openSealedKey(own, keyPair), publicKeyFromBytes(Buffer.from(requester.public_key)));
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('identity_releases')
      .set({ status: approve ? 'approved' : 'refused', decided_by: custodian.id, decided_day: dayOf(deps.clock), sealed_contact_key: sealed })
      .where('id', '=', releaseId)
      .where('status', '=', 'pending')
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: custodian.organisationId, actorUserId: custodian.id, action: 'identity_release_decided', subjectType: 'report', subjectId: release.report_id, detail: { release: releaseId, approved: approve } });
  });
  return 'done';
}

/** The contact details, for a caseworker whose request a custodian approved. Every reading is logged. */
export async function readReleasedContact(deps: CoreDeps, user: StaffUser, keyPair: KeyPair, reportId: string): Promise<ContactInput | null> {
  const release = await deps.db
    .selectFrom('identity_releases')
    .select('sealed_contact_key')
    .where('report_id', '=', reportId)
    .where('requested_by', '=', user.id)
    .where('status', '=', 'approved')
    .orderBy('decided_day', 'desc')
    .executeTakeFirst();
  const body = await findContact(deps.db, reportId);
  if (!release?.sealed_contact_key || !body) return null;
  const key = await dataKeyFor(deps.db, deps.vault, reportId, openSealedKey(Buffer.from(release.sealed_contact_key), keyPair));
  const contact = decryptJson<ContactInput>(key, ciphertextFromBytes(body), aad.contact(reportId));
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'contact_read', subjectType: 'report', subjectId: reportId });
  return contact;
}
