/**
 * Custody of contact keys, 2 of n (DESIGN section 5). A report's contact key
 * is split so that any two of the organisation's custodians' shares rebuild
 * it and one alone does not; each share is sealed to one custodian. No single
 * custodian, and no copy of the server, opens a reporter's contact details.
 *
 * When custodians join or leave, the key is re-split among those present, and
 * that needs two of them: custodian A hands their share to custodian B
 * (re-sealed to B), and B, who then holds two shares, rebuilds the key in
 * memory, splits it afresh among the current custodians and destroys the
 * old shares and the hand-over. Between the hand-over and B's renewal, B
 * alone could open those keys: the renewal is meant to follow at once.
 *
 * Reports from before the split hold the key sealed whole to each custodian
 * (one seal each). Any one of those custodians, while the organisation has
 * two custodians or more, re-splits it and destroys every such seal; until
 * then each of them can open it alone, as before.
 */
import { combineShares, decryptJson, ciphertextFromBytes, openSealedKey, openShare, sealShare, wipe, type ContentKey, type KeyPair, type KeyShare } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { findContact } from '../reports/reports.repository.js';
import { aad } from '../reports/report-aad.js';
import { dataKeyFor } from '../reports/shred.js';
import type { CoreDeps, Db } from '../shared/deps.js';
import { custodiansOf, custodyContext, handoffContext, storeContactShares, type Custodian } from './custody-shares.js';
import type { ReportId, UserId } from '../shared/ids.js';

export { custodiansOf, custodyContext, handoffContext, releaseShareContext, storeContactShares, type Custodian } from './custody-shares.js';

/** The custodian's own share of a report's contact key, opened; null when they hold none. */
export async function ownShare(db: Db, reportId: ReportId, custodianId: UserId, keyPair: KeyPair): Promise<KeyShare | null> {
  const row = await db.selectFrom('contact_key_shares').select('sealed_share').where('report_id', '=', reportId).where('custodian_id', '=', custodianId).executeTakeFirst();
  return row ? openShare(Buffer.from(row.sealed_share), keyPair, custodyContext(reportId, custodianId)) : null;
}

/** True when the report's contact key is still sealed whole to single custodians (from before the split). */
export async function hasLegacySeals(db: Db, reportId: ReportId): Promise<boolean> {
  const row = await db.selectFrom('contact_key_seals').select('report_id').where('report_id', '=', reportId).where('recipient_type', '=', 'user').executeTakeFirst();
  return row !== undefined;
}

/** Checks a rebuilt contact key against the stored details (AEAD), so that a wrong key never replaces the shares. */
async function keyOpensContact(deps: CoreDeps, reportId: ReportId, key: ContentKey): Promise<boolean> {
  const body = await findContact(deps.db, reportId);
  if (!body) return false;
  try {
    decryptJson(await dataKeyFor(deps.db, deps.vault, reportId, key), ciphertextFromBytes(body), aad.contact(reportId));
    return true;
  } catch {
    return false;
  }
}

export interface CustodyStatus {
  /** Active custodians of the organisation. */
  readonly custodians: number;
  /** Reports with contact details whose shares are not held by exactly the current custodians, or still sealed whole. */
  readonly needRenewal: number;
  /** Of those, the ones this custodian can renew now or hand over. */
  readonly actionable: number;
}

interface Plan {
  readonly reportId: ReportId;
  readonly holders: readonly UserId[];
  readonly legacyMine: Buffer | null;
  readonly legacy: boolean;
  readonly handoffsToMe: ReadonlyArray<{ from: UserId; sealed: Buffer }>;
  readonly handedBy: readonly UserId[];
}

async function plans(db: Db, me: StaffUser, custodians: readonly Custodian[]): Promise<Plan[]> {
  const reports = await db.selectFrom('reports').select('id').where('organisation_id', '=', me.organisationId).where('has_contact', '=', 1).orderBy('id').execute();
  const current = custodians
    .map((c) => c.id)
    .sort()
    .join(' ');
  const out: Plan[] = [];
  for (const { id } of reports) {
    const holders = (await db.selectFrom('contact_key_shares').select('custodian_id').where('report_id', '=', id).execute()).map((r) => r.custodian_id).sort();
    const legacyRows = await db.selectFrom('contact_key_seals').select(['recipient_id', 'sealed_key']).where('report_id', '=', id).where('recipient_type', '=', 'user').execute();
    if (legacyRows.length === 0 && (holders.length === 0 || holders.join(' ') === current)) continue;
    const handoffs = await db.selectFrom('custody_handoffs').select(['from_custodian', 'to_custodian', 'sealed_share']).where('report_id', '=', id).execute();
    const mine = legacyRows.find((r) => r.recipient_id === me.id);
    out.push({
      reportId: id,
      holders,
      legacy: legacyRows.length > 0,
      legacyMine: mine ? Buffer.from(mine.sealed_key) : null,
      handoffsToMe: handoffs.filter((h) => h.to_custodian === me.id).map((h) => ({ from: h.from_custodian, sealed: Buffer.from(h.sealed_share) })),
      handedBy: handoffs.filter((h) => h.from_custodian === me.id).map((h) => h.to_custodian),
    });
  }
  return out;
}

/** What the custodians' page shows about custody: how many custodians, and what waits for a renewal. */
export async function custodyStatus(db: Db, me: StaffUser): Promise<CustodyStatus> {
  const custodians = await custodiansOf(db, me.organisationId);
  const all = await plans(db, me, custodians);
  const actionable = all.filter(
    (p) => p.legacyMine || p.handoffsToMe.length > 0 || (p.holders.includes(me.id) && p.holders.some((h) => h !== me.id && custodians.some((c) => c.id === h) && !p.handedBy.includes(h))),
  ).length;
  return { custodians: custodians.length, needRenewal: all.length, actionable };
}

export type RenewResult = { kind: 'too-few' } | { kind: 'done'; renewed: number; handedOver: number };

/**
 * Renews custody with what this custodian can do now: re-splits among the
 * current custodians every key they can rebuild (a whole seal of their own
 * from before the split, or their share plus a share handed to them), and
 * hands their share to each other current holder of a key they cannot
 * rebuild alone. Needs two custodians or more. Every step is audit-logged.
 */
export async function renewCustody(deps: CoreDeps, me: StaffUser, keyPair: KeyPair): Promise<RenewResult> {
  if (me.role !== 'custodian') return { kind: 'too-few' };
  const custodians = await custodiansOf(deps.db, me.organisationId);
  if (custodians.length < 2 || !custodians.some((c) => c.id === me.id)) return { kind: 'too-few' };
  let renewed = 0;
  let handedOver = 0;
  for (const plan of await plans(deps.db, me, custodians)) {
    let key: ContentKey | null = null;
    if (plan.legacyMine) {
      try {
        key = openSealedKey(plan.legacyMine, keyPair);
      } catch {
        key = null;
      }
    }
    const own = plan.holders.includes(me.id) ? await ownShare(deps.db, plan.reportId, me.id, keyPair) : null;
    if (!key && own) {
      for (const h of plan.handoffsToMe) {
        try {
          const theirs = openShare(h.sealed, keyPair, handoffContext(plan.reportId, h.from, me.id));
          key = await combineShares([own, theirs]);
          wipe(theirs);
        } catch {
          key = null;
        }
        if (key && (await keyOpensContact(deps, plan.reportId, key))) break;
        key = null;
      }
    }
    if (key && (await keyOpensContact(deps, plan.reportId, key))) {
      const k = key;
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('contact_key_shares').where('report_id', '=', plan.reportId).execute();
        await trx.deleteFrom('custody_handoffs').where('report_id', '=', plan.reportId).execute();
        // The old whole-key seals to single custodians are destroyed once the shares exist.
        await trx.deleteFrom('contact_key_seals').where('report_id', '=', plan.reportId).where('recipient_type', '=', 'user').execute();
        await storeContactShares(trx, plan.reportId, k, custodians);
        await appendAudit(trx, deps.secrets, deps.clock, {
          organisationId: me.organisationId,
          actorUserId: me.id,
          action: 'custody_renewed',
          subjectType: 'report',
          subjectId: plan.reportId,
          detail: { custodians: custodians.length, fromWholeSeal: plan.legacyMine !== null },
        });
      });
      wipe(k);
      renewed++;
    } else if (own) {
      const to = custodians.filter((c) => c.id !== me.id && plan.holders.includes(c.id) && !plan.handedBy.includes(c.id));
      if (to.length) {
        await deps.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('custody_handoffs')
            .values(to.map((c) => ({ report_id: plan.reportId, from_custodian: me.id, to_custodian: c.id, sealed_share: sealShare(own, c.publicKey, handoffContext(plan.reportId, me.id, c.id)) })))
            .execute();
          await appendAudit(trx, deps.secrets, deps.clock, {
            organisationId: me.organisationId,
            actorUserId: me.id,
            action: 'custody_handed_over',
            subjectType: 'report',
            subjectId: plan.reportId,
            detail: { to: to.map((c) => c.id).join(' ') },
          });
        });
        handedOver++;
      }
    }
    if (own) wipe(own);
  }
  return { kind: 'done', renewed, handedOver };
}

/** A custodian who leaves: shares handed to them are destroyed (their own share stays, useless alone, until the next renewal). */
export { dropHandoffsTo } from './custody-shares.js';
