/**
 * Splitting a report's contact key among the organisation's custodians (2 of
 * n), apart from the rest of custody so that intake can use it: each share is
 * sealed to one custodian and bound to the report and that custodian.
 */
import { publicKeyFromBytes, sealShare, splitKey, wipe, type ContentKey, type PublicKey } from '../../crypto/index.js';
import type { Db } from '../shared/deps.js';
import type { OrganisationId, ReportId, UserId } from '../shared/ids.js';

/** The binding context of a custodian's share of a report's contact key. */
export const custodyContext = (reportId: ReportId, custodianId: UserId) => `report:${reportId}:contact-share:${custodianId}`;
/** The binding context of a share a custodian re-sealed to a requester for one release. */
export const releaseShareContext = (releaseId: string, custodianId: UserId) => `release:${releaseId}:contact-share:${custodianId}`;
/** The binding context of a share handed from one custodian to another for re-splitting. */
export const handoffContext = (reportId: ReportId, from: UserId, to: UserId) => `report:${reportId}:contact-handoff:${from}:${to}`;

export interface Custodian {
  readonly id: UserId;
  readonly publicKey: PublicKey;
}

/** The organisation's active custodians. */
export async function custodiansOf(db: Db, organisationId: OrganisationId): Promise<Custodian[]> {
  const rows = await db.selectFrom('users').select(['id', 'public_key']).where('organisation_id', '=', organisationId).where('role', '=', 'custodian').where('active', '=', 1).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, publicKey: publicKeyFromBytes(Buffer.from(r.public_key)) }));
}

/**
 * Splits a contact key among the custodians and stores one sealed share each.
 * With fewer than two custodians nothing is stored: no one on staff can open
 * the details (the reporter still can) and no later step can bring them back.
 */
export async function storeContactShares(db: Db, reportId: ReportId, contactKey: ContentKey, custodians: readonly Custodian[]): Promise<number> {
  if (custodians.length < 2) return 0;
  const shares = await splitKey(contactKey, custodians.length);
  const rows = custodians.map((c, i) => ({ report_id: reportId, custodian_id: c.id, sealed_share: sealShare(shares[i]!, c.publicKey, custodyContext(reportId, c.id)) }));
  for (const s of shares) wipe(s);
  await db.insertInto('contact_key_shares').values(rows).execute();
  return rows.length;
}

/** Deletes hand-overs addressed to someone who is no longer a custodian (deactivated, or given another role). */
export async function dropHandoffsTo(db: Db, userId: UserId): Promise<void> {
  await db.deleteFrom('custody_handoffs').where('to_custodian', '=', userId).execute();
}
