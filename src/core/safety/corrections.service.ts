/**
 * Corrections and disputes: anyone shown a warning can send one. The text is
 * encrypted to the caseworkers of the organisation that published the
 * warning (a random key sealed to each of them, as for reports), so neither
 * the server nor a copy of its database can read it. Nothing about the
 * sender is kept beyond whether they were logged in as a member.
 */
import { ciphertextFromBytes, decryptJson, encryptJson, newContentKey, openSealedKey, randomId, sealKey, type KeyPair } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { recipientsOf } from '../organisations/organisations.repository.js';
import { dayOf, type CoreDeps } from '../shared/deps.js';
import { readWarning, type Viewer } from './reading.service.js';
import type { OrganisationId, WarningId } from '../shared/ids.js';

export const CORRECTION_KINDS = ['correction', 'dispute'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];
export const CORRECTION_OUTCOMES = ['amended', 'withdrawn', 'unchanged'] as const;
export type CorrectionOutcome = (typeof CORRECTION_OUTCOMES)[number];
export const CORRECTION_MAX = 5000;

const context = (id: string) => `correction:${id}:body`;

/** Stores a correction or dispute about a warning the sender can see; false when they cannot see it. */
export async function submitCorrection(deps: CoreDeps, viewer: Viewer | null, warningId: WarningId, kind: CorrectionKind, text: string): Promise<boolean> {
  const warning = await readWarning(deps, viewer, warningId);
  if (!warning) return false;
  const recipients = await recipientsOf(deps.db, warning.organisationId);
  const key = newContentKey();
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('warning_corrections')
      .values({
        id,
        warning_id: warningId,
        kind,
        status: 'open',
        from_member: viewer ? 1 : 0,
        created_day: dayOf(deps.clock),
        body: encryptJson(key, { text }, context(id)),
        resolved_by: null,
        resolved_day: null,
        outcome: null,
      })
      .execute();
    if (recipients.length)
      await trx
        .insertInto('correction_key_seals')
        .values(recipients.map((r) => ({ correction_id: id, user_id: r.id, sealed_key: sealKey(key, r.publicKey) })))
        .execute();
  });
  return true;
}

export interface CorrectionView {
  readonly id: string;
  readonly warningId: WarningId;
  readonly kind: CorrectionKind;
  readonly fromMember: boolean;
  readonly createdDay: string;
  /** Null when it was not sealed to this caseworker (they joined later). */
  readonly text: string | null;
}

/** Open corrections and disputes about the organisation's warnings, decrypted with the caseworker's key. */
export async function openCorrections(deps: CoreDeps, user: StaffUser, keyPair: KeyPair, warningId?: WarningId): Promise<CorrectionView[]> {
  let q = deps.db
    .selectFrom('warning_corrections')
    .innerJoin('warnings', 'warnings.id', 'warning_corrections.warning_id')
    .leftJoin('correction_key_seals', (j) => j.onRef('correction_key_seals.correction_id', '=', 'warning_corrections.id').on('correction_key_seals.user_id', '=', user.id))
    .select([
      'warning_corrections.id',
      'warning_corrections.warning_id',
      'warning_corrections.kind',
      'warning_corrections.from_member',
      'warning_corrections.created_day',
      'warning_corrections.body',
      'correction_key_seals.sealed_key',
    ])
    .where('warnings.organisation_id', '=', user.organisationId)
    .where('warning_corrections.status', '=', 'open');
  if (warningId) q = q.where('warning_corrections.warning_id', '=', warningId);
  const rows = await q.orderBy('warning_corrections.created_day').orderBy('warning_corrections.id').limit(200).execute();
  return rows.map((r) => {
    let text: string | null = null;
    if (r.sealed_key) {
      const key = openSealedKey(Buffer.from(r.sealed_key), keyPair);
      text = decryptJson<{ text: string }>(key, ciphertextFromBytes(Buffer.from(r.body)), context(r.id)).text;
    }
    return { id: r.id, warningId: r.warning_id, kind: r.kind === 'dispute' ? 'dispute' : 'correction', fromMember: Number(r.from_member) === 1, createdDay: r.created_day, text };
  });
}

export async function countOpenCorrections(deps: Pick<CoreDeps, 'db'>, organisationId: OrganisationId): Promise<number> {
  const row = await deps.db
    .selectFrom('warning_corrections')
    .innerJoin('warnings', 'warnings.id', 'warning_corrections.warning_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('warnings.organisation_id', '=', organisationId)
    .where('warning_corrections.status', '=', 'open')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Closes a correction with what was done about it (logged). */
export async function resolveCorrection(deps: CoreDeps, user: StaffUser, id: string, outcome: CorrectionOutcome): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const own = await trx
      .selectFrom('warning_corrections')
      .innerJoin('warnings', 'warnings.id', 'warning_corrections.warning_id')
      .select(['warning_corrections.warning_id'])
      .where('warning_corrections.id', '=', id)
      .where('warnings.organisation_id', '=', user.organisationId)
      .executeTakeFirst();
    if (!own) return false;
    const r = await trx
      .updateTable('warning_corrections')
      .set({ status: 'resolved', resolved_by: user.id, resolved_day: dayOf(deps.clock), outcome })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'correction_resolved',
      subjectType: 'warning',
      subjectId: own.warning_id,
      detail: { correction: id, outcome },
    });
    return true;
  });
}
