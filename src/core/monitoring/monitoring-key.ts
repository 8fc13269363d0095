/**
 * The organisation's monitoring key: one random 32-byte XChaCha20-Poly1305
 * key per organisation that encrypts the notes of its operations, sealed
 * (libsodium sealed box: X25519 + XSalsa20-Poly1305) to the public key of
 * each active monitor and coordinator. The server alone cannot open it.
 *
 * Why one key per organisation rather than one per operation (as reports
 * have): operations are the organisation's shared advocacy record, edited by
 * several monitors over years; imports create hundreds at once and exports
 * read them all. One sealed key per staff member (rather than per operation
 * and staff member) keeps that cheap, and a new monitor gets access as soon
 * as any colleague who holds the key opens the monitoring pages, because
 * the key is then sealed to every active monitor and coordinator who lacks
 * it. Seals of members who are no longer active are removed at the same
 * moment (they cannot log in anyway; the key itself is not rotated).
 */
import { newContentKey, openSealedKey, publicKeyFromBytes, randomId, sealKey, type ContentKey, type KeyPair } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { dayOf, type Clock, type Db } from '../shared/deps.js';
import type { OrganisationId } from '../shared/ids.js';

/** Roles that work with the operations log and hold the monitoring key. */
export const MONITORING_ROLES = ['monitor', 'admin'] as const;

export type MonitoringKey = { readonly kind: 'ok'; readonly id: string; readonly key: ContentKey } | { readonly kind: 'no-access' };

/**
 * Opens the organisation's monitoring key with the staff member's key pair,
 * creating it on first use, and seals it to colleagues who lack it.
 */
export async function openMonitoringKey(db: Db, clock: Clock, user: StaffUser, keyPair: KeyPair): Promise<MonitoringKey> {
  const run = async (trx: Db): Promise<MonitoringKey> => {
    let row = await trx.selectFrom('monitoring_keys').select('id').where('organisation_id', '=', user.organisationId).executeTakeFirst();
    let key: ContentKey;
    if (!row) {
      key = newContentKey();
      row = { id: randomId() };
      await trx
        .insertInto('monitoring_keys')
        .values({ id: row.id, organisation_id: user.organisationId, created_day: dayOf(clock) })
        .onConflict((oc) => oc.column('organisation_id').doNothing())
        .execute();
      const winner = await trx.selectFrom('monitoring_keys').select('id').where('organisation_id', '=', user.organisationId).executeTakeFirstOrThrow();
      if (winner.id !== row.id) return run(trx);
      await trx
        .insertInto('monitoring_key_seals')
        .values({ key_id: row.id, user_id: user.id, sealed_key: sealKey(key, keyPair.publicKey) })
        .execute();
    } else {
      const seal = await trx.selectFrom('monitoring_key_seals').select('sealed_key').where('key_id', '=', row.id).where('user_id', '=', user.id).executeTakeFirst();
      if (!seal) return { kind: 'no-access' };
      key = openSealedKey(Buffer.from(seal.sealed_key), keyPair);
    }
    await shareWithColleagues(trx, user.organisationId, row.id, key);
    return { kind: 'ok', id: row.id, key };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function shareWithColleagues(db: Db, organisationId: OrganisationId, keyId: string, key: ContentKey): Promise<void> {
  const staff = await db.selectFrom('users').select(['id', 'public_key', 'active', 'role']).where('organisation_id', '=', organisationId).execute();
  const sealed = new Set((await db.selectFrom('monitoring_key_seals').select('user_id').where('key_id', '=', keyId).execute()).map((s) => s.user_id));
  const holders = staff.filter((s) => s.active === 1 && (MONITORING_ROLES as readonly string[]).includes(s.role));
  const missing = holders.filter((s) => !sealed.has(s.id));
  if (missing.length) {
    await db
      .insertInto('monitoring_key_seals')
      .values(missing.map((s) => ({ key_id: keyId, user_id: s.id, sealed_key: sealKey(key, publicKeyFromBytes(Buffer.from(s.public_key))) })))
      .execute();
  }
  const former = [...sealed].filter((id) => !holders.some((h) => h.id === id));
  if (former.length) await db.deleteFrom('monitoring_key_seals').where('key_id', '=', keyId).where('user_id', 'in', former).execute();
}

/** Whether the staff member holds the key (without opening it). */
export async function holdsMonitoringKey(db: Db, user: StaffUser): Promise<boolean> {
  const row = await db
    .selectFrom('monitoring_keys')
    .innerJoin('monitoring_key_seals', 'monitoring_key_seals.key_id', 'monitoring_keys.id')
    .select('monitoring_keys.id')
    .where('monitoring_keys.organisation_id', '=', user.organisationId)
    .where('monitoring_key_seals.user_id', '=', user.id)
    .executeTakeFirst();
  return row !== undefined;
}
