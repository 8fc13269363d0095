/**
 * Rotation of a staff member's X25519 key pair. Every key sealed to the old
 * public key (report content keys, contact keys, correction keys, the
 * organisation's monitoring key, contact keys a custodian released to them,
 * and the custodian's shares of contact keys: their own, those handed to them
 * for re-splitting, and those released to them as a requester)
 * is opened with the old secret key and sealed (X25519 sealed box) to the new
 * public key, in place: the old sealed copy is overwritten, so an old secret
 * key that leaked (a cookie from before the split session, a memory dump)
 * opens nothing in the database from then on.
 *
 * On deactivation nobody holds the person's secret key, so nothing can be
 * re-sealed: their seals are destroyed wherever another active member still
 * holds a seal of the same key (nothing becomes unreadable), and their public
 * key is replaced by one whose secret key is thrown away.
 */
import { generateKeyPair, openSealedKey, openShare, sealKey, sealShare, wipe, type KeyPair } from '../../crypto/index.js';
import { custodyContext, handoffContext, releaseShareContext } from '../consent/custody-shares.js';
import type { Db } from '../shared/deps.js';
import type { UserId } from '../shared/ids.js';

/** Re-seals one sealed key from the old to the new key pair; null when it is already sealed to the new one or opens with neither. */
function reseal(sealed: Buffer, from: KeyPair, to: KeyPair): Buffer | null {
  try {
    return sealKey(openSealedKey(sealed, from), to.publicKey);
  } catch {
    return null;
  }
}

/** Re-seals one sealed share (bound to its context) from the old to the new key pair; null as for reseal(). */
function reshare(sealed: Buffer, context: string, from: KeyPair, to: KeyPair): Buffer | null {
  let share;
  try {
    share = openShare(sealed, from, context);
  } catch {
    return null;
  }
  try {
    return sealShare(share, to.publicKey, context);
  } finally {
    wipe(share);
  }
}

/**
 * Re-seals every key sealed to the user from `from` to `to`; returns how many
 * it re-sealed. Idempotent: seals already made to `to` are left as they are,
 * so a second pass after the transaction catches a seal written meanwhile to
 * the old public key (a report submitted while the rotation ran).
 */
export async function resealUserKeys(db: Db, userId: UserId, from: KeyPair, to: KeyPair): Promise<number> {
  let count = 0;
  for (const table of ['report_key_seals', 'contact_key_seals'] as const) {
    const rows = await db.selectFrom(table).select(['report_id', 'sealed_key']).where('recipient_type', '=', 'user').where('recipient_id', '=', userId).execute();
    for (const r of rows) {
      const next = reseal(Buffer.from(r.sealed_key), from, to);
      if (!next) continue;
      await db.updateTable(table).set({ sealed_key: next }).where('report_id', '=', r.report_id).where('recipient_type', '=', 'user').where('recipient_id', '=', userId).execute();
      count++;
    }
  }
  for (const r of await db.selectFrom('correction_key_seals').select(['correction_id', 'sealed_key']).where('user_id', '=', userId).execute()) {
    const next = reseal(Buffer.from(r.sealed_key), from, to);
    if (!next) continue;
    await db.updateTable('correction_key_seals').set({ sealed_key: next }).where('correction_id', '=', r.correction_id).where('user_id', '=', userId).execute();
    count++;
  }
  for (const r of await db.selectFrom('monitoring_key_seals').select(['key_id', 'sealed_key']).where('user_id', '=', userId).execute()) {
    const next = reseal(Buffer.from(r.sealed_key), from, to);
    if (!next) continue;
    await db.updateTable('monitoring_key_seals').set({ sealed_key: next }).where('key_id', '=', r.key_id).where('user_id', '=', userId).execute();
    count++;
  }
  for (const r of await db.selectFrom('identity_releases').select(['id', 'sealed_contact_key']).where('requested_by', '=', userId).where('sealed_contact_key', 'is not', null).execute()) {
    const next = reseal(Buffer.from(r.sealed_contact_key!), from, to);
    if (!next) continue;
    await db.updateTable('identity_releases').set({ sealed_contact_key: next }).where('id', '=', r.id).execute();
    count++;
  }
  for (const r of await db.selectFrom('contact_key_shares').select(['report_id', 'sealed_share']).where('custodian_id', '=', userId).execute()) {
    const next = reshare(Buffer.from(r.sealed_share), custodyContext(r.report_id, userId), from, to);
    if (!next) continue;
    await db.updateTable('contact_key_shares').set({ sealed_share: next }).where('report_id', '=', r.report_id).where('custodian_id', '=', userId).execute();
    count++;
  }
  for (const r of await db.selectFrom('custody_handoffs').select(['report_id', 'from_custodian', 'sealed_share']).where('to_custodian', '=', userId).execute()) {
    const next = reshare(Buffer.from(r.sealed_share), handoffContext(r.report_id, r.from_custodian, userId), from, to);
    if (!next) continue;
    await db
      .updateTable('custody_handoffs')
      .set({ sealed_share: next })
      .where('report_id', '=', r.report_id)
      .where('from_custodian', '=', r.from_custodian)
      .where('to_custodian', '=', userId)
      .execute();
    count++;
  }
  const released = await db
    .selectFrom('identity_release_shares')
    .innerJoin('identity_releases', 'identity_releases.id', 'identity_release_shares.release_id')
    .select(['identity_release_shares.release_id', 'identity_release_shares.custodian_id', 'identity_release_shares.sealed_share'])
    .where('identity_releases.requested_by', '=', userId)
    .execute();
  for (const r of released) {
    const next = reshare(Buffer.from(r.sealed_share), releaseShareContext(r.release_id, r.custodian_id), from, to);
    if (!next) continue;
    await db.updateTable('identity_release_shares').set({ sealed_share: next }).where('release_id', '=', r.release_id).where('custodian_id', '=', r.custodian_id).execute();
    count++;
  }
  return count;
}

/**
 * For a deactivated member: destroys every seal to them that another active
 * member also holds, and gives the account a public key whose secret key
 * nobody has. Returns how many seals were destroyed and how many were kept
 * because they are the only staff copy (the organisation decides about those).
 */
export async function destroyUserKeys(db: Db, userId: UserId): Promise<{ destroyed: number; kept: number }> {
  let destroyed = 0;
  let kept = 0;
  const activeOthers = db.selectFrom('users').select('id').where('active', '=', 1).where('id', '!=', userId);
  for (const table of ['report_key_seals', 'contact_key_seals'] as const) {
    const mine = await db.selectFrom(table).select('report_id').where('recipient_type', '=', 'user').where('recipient_id', '=', userId).execute();
    for (const r of mine) {
      const other = await db
        .selectFrom(table)
        .select('report_id')
        .where('report_id', '=', r.report_id)
        .where('recipient_type', '=', 'user')
        .where('recipient_id', 'in', activeOthers)
        .limit(1)
        .executeTakeFirst();
      if (!other) {
        kept++;
        continue;
      }
      await db.deleteFrom(table).where('report_id', '=', r.report_id).where('recipient_type', '=', 'user').where('recipient_id', '=', userId).execute();
      destroyed++;
    }
  }
  for (const r of await db.selectFrom('correction_key_seals').select('correction_id').where('user_id', '=', userId).execute()) {
    const other = await db.selectFrom('correction_key_seals').select('correction_id').where('correction_id', '=', r.correction_id).where('user_id', 'in', activeOthers).limit(1).executeTakeFirst();
    if (!other) {
      kept++;
      continue;
    }
    await db.deleteFrom('correction_key_seals').where('correction_id', '=', r.correction_id).where('user_id', '=', userId).execute();
    destroyed++;
  }
  for (const r of await db.selectFrom('monitoring_key_seals').select('key_id').where('user_id', '=', userId).execute()) {
    const other = await db.selectFrom('monitoring_key_seals').select('key_id').where('key_id', '=', r.key_id).where('user_id', 'in', activeOthers).limit(1).executeTakeFirst();
    if (!other) {
      kept++;
      continue;
    }
    await db.deleteFrom('monitoring_key_seals').where('key_id', '=', r.key_id).where('user_id', '=', userId).execute();
    destroyed++;
  }
  // A contact key a custodian released to them is a copy: the custodians keep their own.
  const released = await db.updateTable('identity_releases').set({ sealed_contact_key: null }).where('requested_by', '=', userId).where('sealed_contact_key', 'is not', null).executeTakeFirst();
  destroyed += Number(released.numUpdatedRows);
  const fresh = generateKeyPair();
  await db.updateTable('users').set({ public_key: fresh.publicKey, wrapped_key_password: null, wrapped_key_recovery: null }).where('id', '=', userId).execute();
  fresh.secretKey.fill(0);
  return { destroyed, kept };
}
