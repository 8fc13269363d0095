/**
 * The audit log (guarantee 7): every read of case content, message, note,
 * status change, assignment, access grant, export, login and key change is
 * appended to a hash chain. Entries name ids and actions, never content or
 * identifiers in clear.
 */
import { SUBKEY_CONTEXTS, chainHash, deriveSubkey, GENESIS_HASH } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';
import { AuditAnchorError, checkAgainst, readCheckpoint, type Checkpoint } from './anchor.js';
import { dayOf, type Clock, type Db } from '../shared/deps.js';
import type { OrganisationId, UserId } from '../shared/ids.js';

export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'account_created',
  'password_changed',
  'key_recovered',
  'key_rotated',
  'report_read',
  'contact_read',
  'message_sent',
  'note_added',
  'status_changed',
  'assigned',
  'tags_changed',
  'access_granted',
  'merged',
  'marked_spam',
  'member_invited',
  'network_editor_named',
  'network_editor_removed',
  'profile_change_proposed',
  'profile_change_decided',
  'service_change_proposed',
  'service_change_decided',
  'member_deactivated',
  'member_role_changed',
  'coverage_changed',
  'export',
  'report_deleted',
  'consent_changed',
  'disclosure_made',
  'identity_release_requested',
  'identity_release_decided',
  'retention_changed',
  'audit_read',
  'warning_drafted',
  'warning_edited',
  'warning_submitted',
  'warning_returned',
  'warning_approved',
  'warning_amended',
  'warning_withdrawn',
  'warning_renewed',
  'correction_resolved',
  'match_dismissed',
  'identifier_check',
  'community_member_approved',
  'community_member_refused',
  'community_member_disabled',
  'member_invite_created',
  'member_invite_revoked',
  'safety_settings_changed',
  'operation_created',
  'operation_updated',
  'operation_deleted',
  'operation_read',
  'operations_imported',
  'operations_exported',
  'survey_wave_changed',
  'statistics_published',
  'custody_renewed',
  'custody_handed_over',
  'custodian_proposed',
  'custodian_proposal_decided',
  'attachment_read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  readonly organisationId: OrganisationId | null;
  readonly actorUserId: UserId | null;
  readonly action: AuditAction;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  /** Non-sensitive details only: ids, codes, counts. */
  readonly detail?: Record<string, string | number | boolean | null>;
  /**
   * The event was caused by a reporter or a member: its time is kept as the
   * day only ('YYYY-MM-DD'), never finer (guarantee 3).
   */
  readonly dayOnly?: boolean;
}

/** The chain key: a subkey of the pepper, so it lives only in the secrets file. */
export function auditKey(secrets: Secrets): Buffer {
  return deriveSubkey(secrets.pepper, SUBKEY_CONTEXTS.auditLog, 1);
}

function entryOf(row: {
  seq: number;
  at: string;
  organisation_id: string | null;
  actor_user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: string;
}) {
  return {
    seq: Number(row.seq),
    at: row.at,
    organisation_id: row.organisation_id,
    actor_user_id: row.actor_user_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    detail: row.detail,
  };
}

/**
 * Appends an event. Inside the caller's transaction when given one, so the
 * event and the act it records commit together. Bumping the head row first
 * serialises concurrent appends on both dialects.
 */
export async function appendAudit(db: Db, secrets: Secrets, clock: Clock, event: AuditEvent): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAudit(trx, secrets, clock, event));
    return;
  }
  const head = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const row = {
    seq: Number(head.seq),
    at: event.dayOnly ? dayOf(clock) : clock.now().toISOString(),
    organisation_id: event.organisationId,
    actor_user_id: event.actorUserId,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    detail: JSON.stringify(event.detail ?? {}),
  };
  const hash = chainHash(auditKey(secrets), head.hash, entryOf(row));
  await db
    .insertInto('audit_log')
    .values({ ...row, prev_hash: head.hash, hash })
    .execute();
  await db.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

export type VerifyResult = { ok: true; entries: number; head: string; checkpoint: 'held' | 'none' | 'not-checked' } | { ok: false; entries: number; brokenAt: number; reason: string };

export interface VerifyOptions {
  /** This instance's checkpoint: the log must hold at least what it recorded. */
  readonly checkpointFile?: string;
  /** A head hash the operator recorded earlier (`parasol audit head`): it must be in the log. */
  readonly expect?: string;
}

/**
 * Walks the whole chain; names the first entry whose sequence, link or hash
 * is wrong. Then holds it against what lives outside the database: the
 * checkpoint and a head the operator recorded, which show a log cut from its end.
 */
export async function verifyAudit(db: Db, secrets: Secrets, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const key = auditKey(secrets);
  const expect = opts.expect?.trim().toLowerCase();
  let expectSeen = expect === GENESIS_HASH;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const pageSize = 5000;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      count++;
      if (seq !== expectedSeq) return { ok: false, entries: count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing (next is ${seq})` };
      if (row.prev_hash !== prev) return { ok: false, entries: count, brokenAt: seq, reason: `entry ${seq} does not link to entry ${seq - 1}` };
      if (chainHash(key, prev, entryOf(row)) !== row.hash) return { ok: false, entries: count, brokenAt: seq, reason: `entry ${seq} was altered or forged` };
      if (row.hash === expect) expectSeen = true;
      prev = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && Number(head.seq) !== expectedSeq - 1) {
    return { ok: false, entries: count, brokenAt: Number(head.seq), reason: `the log was cut: entry ${Number(head.seq)} is missing (the chain ends at ${expectedSeq - 1})` };
  }
  if (head && head.hash !== prev) return { ok: false, entries: count, brokenAt: expectedSeq - 1, reason: `entry ${expectedSeq - 1} does not match the chain head` };
  // Rows with a sequence below 1 would be skipped by the walk above: count them as tampering.
  const stray = await db.selectFrom('audit_log').select('seq').where('seq', '<', 1).orderBy('seq').limit(1).executeTakeFirst();
  if (stray) return { ok: false, entries: count, brokenAt: Number(stray.seq), reason: `entry ${stray.seq} is outside the chain` };
  if (expect !== undefined && !expectSeen) {
    return { ok: false, entries: count, brokenAt: count, reason: `the head you recorded (${expect}) is not in the log: the log was cut, or replaced by another` };
  }
  let checkpoint: 'held' | 'none' | 'not-checked' = 'not-checked';
  if (opts.checkpointFile) {
    let cp: Checkpoint | null;
    try {
      cp = readCheckpoint(opts.checkpointFile, secrets);
    } catch (err) {
      if (!(err instanceof AuditAnchorError)) throw err;
      return { ok: false, entries: count, brokenAt: count, reason: err.message };
    }
    if (cp) {
      const problem = await checkAgainst(db, cp, opts.checkpointFile);
      if (problem) return { ok: false, entries: count, brokenAt: cp.seq, reason: problem };
    }
    checkpoint = cp ? 'held' : 'none';
  }
  return { ok: true, entries: count, head: prev, checkpoint };
}

export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actorUserId: UserId | null;
  readonly action: string;
  readonly subjectType: string | null;
  readonly subjectId: string | null;
  readonly detail: string;
}

/** The newest entries of an organisation, for admins. */
export async function listAudit(db: Db, organisationId: OrganisationId, limit: number, beforeSeq?: number): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll().where('organisation_id', '=', organisationId);
  if (beforeSeq) q = q.where('seq', '<', beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), at: r.at, actorUserId: r.actor_user_id, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id, detail: r.detail }));
}
