/**
 * Staff accounts: set-up from a one-time invitation, login with password and
 * a second factor, password change, recovery, key rotation and deactivation.
 * The caseworker's X25519 secret key is unwrapped only at login and handed to
 * the caller, which splits it between the session cookie and the server's
 * memory (or Redis), never the database.
 */
import {
  deriveLoginSecrets,
  generateKeyPair,
  generateRecoveryKey,
  keyedHash,
  randomBytes,
  randomId,
  recoveryKek,
  SALT_BYTES,
  unwrapSecretKey,
  verifierMatches,
  wrapSecretKey,
  type KeyPair,
} from '../../crypto/index.js';
import { sql } from 'kysely';
import type { UserRow } from '../../db/schema.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { checkNewPassword, type PasswordProblem } from './passwords.js';
import { clearFailures, takeAttempt, THROTTLE, throttleKey as keyOf } from './throttle.js';
import { checkTotp, openTotpSecret, sealTotpSecret } from './totp.js';
import { destroyUserKeys, resealUserKeys } from './key-rotation.service.js';
import { dropHandoffsTo } from '../consent/custody-shares.js';
import { errorCode } from '../shared/error-codes.js';
import { asUserId, type OrganisationId, type UserId } from '../shared/ids.js';

export const ROLES = ['admin', 'caseworker', 'custodian', 'monitor'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that handle cases: they read reports and may be given access to one. A monitor never is (statistics and operations only). */
export const CASE_ROLES = ['admin', 'caseworker', 'custodian'] as const satisfies readonly Role[];
export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

const wrapContext = {
  password: (userId: UserId) => `user:${userId}:sk:password`,
  recovery: (userId: UserId) => `user:${userId}:sk:recovery`,
} as const;

export interface Invitation {
  readonly id: string;
  readonly organisationId: OrganisationId;
  readonly role: Role;
}

/** A valid, unused, unexpired invitation for the token, or null. */
export async function findInvitation(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, token: string): Promise<Invitation | null> {
  if (!token || token.length > 100) return null;
  const row = await deps.db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', keyedHash(deps.secrets.pepper, 'invitation', token))
    .executeTakeFirst();
  if (!row || row.used_at || new Date(row.expires_at) <= deps.clock.now() || !isRole(row.role)) return null;
  return { id: row.id, organisationId: row.organisation_id, role: row.role };
}

/** Two set-up forms raced for one invitation; the second is refused. */
export class InvitationUsedError extends Error {
  readonly code = errorCode('PSL_ERR_INVITATION_USED');
  constructor() {
    super('invitation already used');
  }
}

export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{3,40}$/u;

export interface SetupInput {
  readonly token: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly password: string;
  readonly passwordAgain: string;
  readonly totpSecret: string;
  readonly totpCode: string;
}

export type SetupProblem = 'invitation' | 'usernameFormat' | 'usernameTaken' | 'displayName' | 'email' | PasswordProblem | 'passwordMismatch' | 'totp';

export type SetupResult =
  | { readonly ok: true; readonly userId: UserId; readonly recoveryKey: string; readonly keyPair: KeyPair; readonly organisationId: OrganisationId }
  | { readonly ok: false; readonly problems: Partial<Record<keyof SetupInput, SetupProblem>> };

/** Creates the account an invitation was for: key pair, wrapped keys, second factor. */
export async function acceptInvitation(deps: CoreDeps, input: SetupInput): Promise<SetupResult> {
  const invitation = await findInvitation(deps, input.token);
  if (!invitation) return { ok: false, problems: { token: 'invitation' } };
  const problems: Partial<Record<keyof SetupInput, SetupProblem>> = {};
  const username = input.username.trim().normalize('NFC');
  if (!USERNAME_PATTERN.test(username)) problems.username = 'usernameFormat';
  else if (await deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) problems.username = 'usernameTaken';
  const displayName = input.displayName.trim();
  if (!displayName || [...displayName].length > 80) problems.displayName = 'displayName';
  const email = input.email.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) problems.email = 'email';
  const pw = checkNewPassword(input.password, username);
  if (pw) problems.password = pw;
  else if (input.password !== input.passwordAgain) problems.passwordAgain = 'passwordMismatch';
  const totp = await checkTotp(input.totpSecret, input.totpCode, deps.clock.now(), null);
  if (!totp.valid) problems.totpCode = 'totp';
  if (Object.keys(problems).length) return { ok: false, problems };

  const userId = asUserId(randomId());
  const keyPair = generateKeyPair();
  const salt = randomBytes(SALT_BYTES);
  const login = await deriveLoginSecrets(input.password, salt, deps.receiptKdf, deps.kdf);
  const recoveryKey = generateRecoveryKey();
  await deps.db.transaction().execute(async (trx) => {
    // Claim the invitation first: a second use of the same link loses here.
    const claimed = await trx.updateTable('invitations').set({ used_at: deps.clock.now().toISOString() }).where('id', '=', invitation.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new InvitationUsedError();
    await trx
      .insertInto('users')
      .values({
        id: userId,
        organisation_id: invitation.organisationId,
        role: invitation.role,
        display_name: displayName,
        public_key: keyPair.publicKey,
        active: 1,
        created_day: dayOf(deps.clock),
        username,
        email: email || null,
        password_salt: salt,
        password_verifier: login.verifier,
        kdf_opslimit: deps.receiptKdf.opslimit,
        kdf_memlimit: deps.receiptKdf.memlimit,
        wrapped_key_password: wrapSecretKey(login.kek, keyPair, wrapContext.password(userId)),
        wrapped_key_recovery: wrapSecretKey(recoveryKek(recoveryKey), keyPair, wrapContext.recovery(userId)),
        totp_secret: sealTotpSecret(deps.secrets, userId, input.totpSecret),
        totp_last_step: totp.step,
        notify: email ? 1 : 0,
      })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: invitation.organisationId,
      actorUserId: userId,
      action: 'account_created',
      subjectType: 'user',
      subjectId: userId,
      detail: { role: invitation.role },
    });
  });
  return { ok: true, userId, recoveryKey, keyPair, organisationId: invitation.organisationId };
}

export interface StaffUser {
  readonly id: UserId;
  readonly organisationId: OrganisationId;
  readonly role: Role;
  readonly displayName: string;
  readonly username: string;
}

export function toStaffUser(row: UserRow): StaffUser {
  return { id: row.id, organisationId: row.organisation_id, role: isRole(row.role) ? row.role : 'caseworker', displayName: row.display_name, username: row.username ?? '' };
}

export interface LoginInput {
  readonly username: string;
  readonly password: string;
  readonly totpCode: string;
  /** The device id from a verified device token, when the browser has one for this account. */
  readonly deviceId: string | null;
}

export type LoginResult =
  { readonly ok: true; readonly user: StaffUser; readonly keyPair: KeyPair; readonly epoch: number } | { readonly ok: false; readonly reason: 'invalid' | 'locked'; readonly retryAt?: Date };

const DUMMY_SALT = Buffer.alloc(SALT_BYTES, 7);

/**
 * Checks password and second factor and unwraps the secret key. Locked keys
 * are refused before any Argon2id work, so a flood costs the server little.
 * An unknown username costs the same Argon2id run as a known one.
 */
export async function login(deps: CoreDeps, input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().normalize('NFC').slice(0, 100);
  const user = username ? await deps.db.selectFrom('users').selectAll().where('username', '=', username).where('active', '=', 1).executeTakeFirst() : undefined;
  const throttleKey = keyOf(deps.secrets, input.deviceId && user ? `device:${user.id}:${input.deviceId}` : `account:${user?.id ?? `name:${username.toLowerCase()}`}`);
  const maxFailures = input.deviceId && user ? THROTTLE.maxDeviceFailures : THROTTLE.maxFailures;
  const attempt = await takeAttempt(deps, throttleKey, maxFailures);
  if (!attempt.allowed) return { ok: false, reason: 'locked', retryAt: attempt.retryAt };

  // The attempt is already counted; a failure only needs logging.
  const fail = async (): Promise<LoginResult> => {
    if (user)
      await appendAudit(deps.db, deps.secrets, deps.clock, {
        organisationId: user.organisation_id,
        actorUserId: null,
        action: 'login_failed',
        subjectType: 'user',
        subjectId: user.id,
        detail: { device: Boolean(input.deviceId) },
      });
    return { ok: false, reason: 'invalid' };
  };

  if (!user || !user.password_salt || !user.password_verifier || !user.wrapped_key_password || !user.totp_secret) {
    await deriveLoginSecrets(input.password, DUMMY_SALT, deps.receiptKdf, deps.kdf);
    return fail();
  }
  const params = { opslimit: Number(user.kdf_opslimit), memlimit: Number(user.kdf_memlimit) };
  const secrets = await deriveLoginSecrets(input.password, Buffer.from(user.password_salt), params, deps.kdf);
  if (!verifierMatches(secrets.verifier, user.password_verifier)) return fail();
  const totp = await checkTotp(
    openTotpSecret(deps.secrets, user.id, Buffer.from(user.totp_secret)),
    input.totpCode,
    deps.clock.now(),
    user.totp_last_step === null ? null : Number(user.totp_last_step),
  );
  if (!totp.valid) return fail();
  const keyPair = unwrapSecretKey(secrets.kek, Buffer.from(user.wrapped_key_password), wrapContext.password(user.id));
  const claimed = await deps.db.transaction().execute(async (trx) => {
    if (!(await claimTotpStep(trx, user.id, totp.step))) return false;
    await clearFailures({ db: trx, attempts: deps.attempts }, throttleKey);
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisation_id,
      actorUserId: user.id,
      action: 'login',
      subjectType: 'user',
      subjectId: user.id,
      detail: { device: Boolean(input.deviceId) },
    });
    return true;
  });
  // Another login with the same code got there first (parallel requests all read the old step).
  if (!claimed) return fail();
  return { ok: true, user: toStaffUser(user), keyPair, epoch: Number(user.session_epoch) };
}

/**
 * Records a used TOTP step only if it is later than the stored one: a
 * conditional update, so that of several requests carrying the same code
 * (each of which read the old step before any wrote) exactly one wins.
 */
async function claimTotpStep(trx: Db, userId: UserId, step: number | null): Promise<boolean> {
  if (step === null) return false;
  const result = await trx
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The outcome of a password change or key rotation: the session epoch and key pair the caller's session carries on with. */
export interface Rekeyed {
  readonly epoch: number;
  readonly keyPair: KeyPair;
  /** A new recovery key to show once, when the key pair was replaced (the old recovery key opens only the old key). */
  readonly recoveryKey: string | null;
}

/**
 * Re-wraps the secret key under a new password (the old one must be right);
 * with `rotateKey`, replaces the key pair too and re-seals everything the
 * person could read. On success every other session of the user has ended;
 * the caller's carries on with the returned epoch and key pair.
 */
export async function changePassword(
  deps: CoreDeps,
  userId: UserId,
  current: string,
  next: string,
  opts: { rotateKey?: boolean } = {},
): Promise<({ ok: true } & Rekeyed) | { ok: false; problem: PasswordProblem | 'wrongPassword' | 'locked' }> {
  const user = await deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const problem = checkNewPassword(next, user.username ?? '');
  if (problem) return { ok: false, problem };
  const keyPair = await checkCurrentPassword(deps, user, current);
  if (!('secretKey' in keyPair)) return { ok: false, problem: keyPair.problem };
  return { ok: true, ...(await rewrap(deps, user, keyPair, next, 'password_changed', opts.rotateKey === true))! };
}

/** The user's key pair when `password` is theirs; throttled, so an open session cannot guess at leisure. */
async function checkCurrentPassword(deps: CoreDeps, user: UserRow, password: string): Promise<KeyPair | { problem: 'wrongPassword' | 'locked' }> {
  // Someone holding an open session must not be able to guess the password behind it at leisure.
  const throttleKey = keyOf(deps.secrets, `password:${user.id}`);
  if (!(await takeAttempt(deps, throttleKey, THROTTLE.maxFailures)).allowed) return { problem: 'locked' };
  if (!user.password_salt || !user.password_verifier || !user.wrapped_key_password) return { problem: 'wrongPassword' };
  const old = await deriveLoginSecrets(password, Buffer.from(user.password_salt), { opslimit: Number(user.kdf_opslimit), memlimit: Number(user.kdf_memlimit) }, deps.kdf);
  if (!verifierMatches(old.verifier, user.password_verifier)) return { problem: 'wrongPassword' };
  await clearFailures(deps, throttleKey);
  return unwrapSecretKey(old.kek, Buffer.from(user.wrapped_key_password), wrapContext.password(user.id));
}

/**
 * "Log out everywhere": ends every session of the user (the caller destroys
 * the server's halves). With `rotateKey`, the password must be given (the new
 * key pair is wrapped under it) and the key pair is replaced; returns the new
 * recovery key to show once.
 */
export async function logOutEverywhere(
  deps: CoreDeps,
  userId: UserId,
  opts: { rotateKey: false } | { rotateKey: true; password: string },
): Promise<{ ok: true; recoveryKey: string | null } | { ok: false; problem: 'wrongPassword' | 'locked' }> {
  const user = await deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!opts.rotateKey) {
    await deps.db.transaction().execute(async (trx) => {
      await endStaffSessions(trx, userId);
      await appendAudit(trx, deps.secrets, deps.clock, {
        organisationId: user.organisation_id,
        actorUserId: userId,
        action: 'logout',
        subjectType: 'user',
        subjectId: userId,
        detail: { everywhere: true },
      });
    });
    return { ok: true, recoveryKey: null };
  }
  const keyPair = await checkCurrentPassword(deps, user, opts.password);
  if (!('secretKey' in keyPair)) return { ok: false, problem: keyPair.problem };
  const done = (await rewrap(deps, user, keyPair, opts.password, 'logout', true))!;
  return { ok: true, recoveryKey: done.recoveryKey };
}

/**
 * Re-wraps the key under a password and ends the user's sessions; with
 * `rotate`, under a fresh key pair (and a fresh recovery key), everything
 * sealed to the old one re-sealed in the same transaction, audit-logged.
 */
async function rewrap(
  deps: CoreDeps,
  user: UserRow,
  current: KeyPair,
  password: string,
  action: 'password_changed' | 'key_recovered' | 'logout',
  rotate = false,
  totpStep?: number | null,
): Promise<Rekeyed | null> {
  const salt = randomBytes(SALT_BYTES);
  const secrets = await deriveLoginSecrets(password, salt, deps.receiptKdf, deps.kdf);
  const keyPair = rotate ? generateKeyPair() : current;
  const recoveryKey = rotate ? generateRecoveryKey() : null;
  const epoch = await deps.db.transaction().execute(async (trx) => {
    // Recovery: the second factor's step is claimed in the same transaction, or nothing changes.
    if (totpStep !== undefined && !(await claimTotpStep(trx, user.id, totpStep))) return null;
    await trx
      .updateTable('users')
      .set({
        password_salt: salt,
        password_verifier: secrets.verifier,
        kdf_opslimit: deps.receiptKdf.opslimit,
        kdf_memlimit: deps.receiptKdf.memlimit,
        wrapped_key_password: wrapSecretKey(secrets.kek, keyPair, wrapContext.password(user.id)),
        session_epoch: sql<number>`session_epoch + 1`,
        ...(recoveryKey ? { public_key: keyPair.publicKey, wrapped_key_recovery: wrapSecretKey(recoveryKek(recoveryKey), keyPair, wrapContext.recovery(user.id)) } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisation_id,
      actorUserId: user.id,
      action,
      subjectType: 'user',
      subjectId: user.id,
      ...(action === 'logout' ? { detail: { everywhere: true } } : {}),
    });
    if (rotate) {
      const resealed = await resealUserKeys(trx, user.id, current, keyPair);
      await appendAudit(trx, deps.secrets, deps.clock, {
        organisationId: user.organisation_id,
        actorUserId: user.id,
        action: 'key_rotated',
        subjectType: 'user',
        subjectId: user.id,
        detail: { resealed },
      });
    }
    const row = await trx.selectFrom('users').select('session_epoch').where('id', '=', user.id).executeTakeFirstOrThrow();
    return Number(row.session_epoch);
  });
  if (epoch === null) return null;
  // A key sealed to the old public key while the transaction ran (a report submitted meanwhile) is re-sealed too.
  if (rotate) await resealUserKeys(deps.db, user.id, current, keyPair);
  return { epoch, keyPair, recoveryKey };
}

/**
 * Deactivates a member: their sessions end at once and, with `destroyKey`,
 * every seal to them that a colleague also holds is destroyed and their key
 * pair replaced by one nobody holds (see destroyUserKeys). Audit-logged.
 */
export async function deactivateMember(deps: CoreDeps, actor: StaffUser, targetId: UserId, opts: { destroyKey: boolean }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ active: 0, session_epoch: sql<number>`session_epoch + 1` })
      .where('id', '=', targetId)
      .where('organisation_id', '=', actor.organisationId)
      .execute();
    await dropHandoffsTo(trx, targetId);
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: actor.organisationId, actorUserId: actor.id, action: 'member_deactivated', subjectType: 'user', subjectId: targetId });
    if (opts.destroyKey) {
      const outcome = await destroyUserKeys(trx, targetId);
      await appendAudit(trx, deps.secrets, deps.clock, {
        organisationId: actor.organisationId,
        actorUserId: actor.id,
        action: 'key_rotated',
        subjectType: 'user',
        subjectId: targetId,
        detail: outcome,
      });
    }
  });
}

/** Sets a new password with the recovery key and a valid second factor. */
export async function recoverAccount(
  deps: CoreDeps,
  input: { username: string; recoveryKey: string; totpCode: string; password: string },
): Promise<{ ok: true; userId: UserId } | { ok: false; problem: PasswordProblem | 'invalid' | 'locked' }> {
  const user = await deps.db.selectFrom('users').selectAll().where('username', '=', input.username.trim().normalize('NFC')).where('active', '=', 1).executeTakeFirst();
  const throttleKey = keyOf(deps.secrets, `recovery:${user?.id ?? input.username.trim().toLowerCase()}`);
  const problem = checkNewPassword(input.password, input.username);
  if (problem) return { ok: false, problem };
  if (!(await takeAttempt(deps, throttleKey, THROTTLE.maxFailures)).allowed) return { ok: false, problem: 'locked' };
  let keyPair: KeyPair | null;
  if (user?.wrapped_key_recovery && user.totp_secret) {
    try {
      keyPair = unwrapSecretKey(recoveryKek(input.recoveryKey), Buffer.from(user.wrapped_key_recovery), wrapContext.recovery(user.id));
    } catch {
      keyPair = null;
    }
    const totp = keyPair
      ? await checkTotp(openTotpSecret(deps.secrets, user.id, Buffer.from(user.totp_secret)), input.totpCode, deps.clock.now(), user.totp_last_step === null ? null : Number(user.totp_last_step))
      : null;
    if (keyPair && totp?.valid) {
      if ((await rewrap(deps, user, keyPair, input.password, 'key_recovered', false, totp.step)) !== null) {
        await clearFailures(deps, throttleKey);
        return { ok: true, userId: user.id };
      }
    }
  }
  return { ok: false, problem: 'invalid' };
}

/** An active staff user and the session epoch their session cookies must carry. */
export async function findStaffSessionUser(db: Db, id: UserId): Promise<{ user: StaffUser; epoch: number } | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).where('active', '=', 1).executeTakeFirst();
  return row && row.username ? { user: toStaffUser(row), epoch: Number(row.session_epoch) } : null;
}

/** Ends every session of the user, on every device (logout): their cookies carry an epoch that no longer matches. */
export async function endStaffSessions(db: Db, userId: UserId): Promise<void> {
  await db
    .updateTable('users')
    .set({ session_epoch: sql<number>`session_epoch + 1` })
    .where('id', '=', userId)
    .execute();
}

/** Loads an active staff user. */
export async function findStaffUser(db: Db, id: UserId): Promise<StaffUser | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).where('active', '=', 1).executeTakeFirst();
  return row && row.username ? toStaffUser(row) : null;
}
