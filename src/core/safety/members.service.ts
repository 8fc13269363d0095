/**
 * Community members: pseudonymous accounts (a username and a password, no
 * e-mail needed), let in by an organisation's invite code or by one of its
 * caseworkers. A member follows areas and chooses how to be told of new
 * warnings. Passwords are checked with Argon2id (the same parameters as
 * receipts); failed logins are throttled per account.
 */
import { deriveLoginSecrets, keyedHash, randomBytes, randomId, randomInt, randomToken, SALT_BYTES, verifierMatches } from '../../crypto/index.js';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { checkNewPassword, type PasswordProblem } from '../accounts/passwords.js';
import { clearFailures, takeAttempt, THROTTLE, throttleKey as keyOf } from '../accounts/throttle.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { openServer, sealServer } from './server-keys.js';
import { asMemberId, type MemberId, type OrganisationId } from '../shared/ids.js';

export const MEMBER_STATUSES = ['active', 'pending', 'refused', 'disabled'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEMBER_USERNAME = /^[\p{L}\p{N}._-]{3,40}$/u;
export const MAX_AREAS = 50;

/** A member as the rest of the code sees them. */
export interface Member {
  readonly id: MemberId;
  readonly organisationId: OrganisationId;
  readonly username: string;
  readonly status: MemberStatus;
  readonly lang: string;
  readonly sessionEpoch: number;
  readonly notifyEmail: boolean;
  readonly hasEmail: boolean;
  readonly hasFeed: boolean;
}

type MemberRow = Pick<Selectable<Database['members']>, 'id' | 'organisation_id' | 'username' | 'status' | 'lang' | 'session_epoch' | 'notify_email' | 'email' | 'feed_token_hash'>;

function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    username: r.username,
    status: (MEMBER_STATUSES as readonly string[]).includes(r.status) ? (r.status as MemberStatus) : 'disabled',
    lang: r.lang,
    sessionEpoch: Number(r.session_epoch),
    notifyEmail: Number(r.notify_email) === 1,
    hasEmail: r.email !== null,
    hasFeed: r.feed_token_hash !== null,
  };
}

const MEMBER_COLUMNS = ['id', 'organisation_id', 'username', 'status', 'lang', 'session_epoch', 'notify_email', 'email', 'feed_token_hash'] as const;

export function normaliseUsername(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

/** An active member whose session epoch still matches; null otherwise (the session is over). */
export async function findActiveMember(db: Db, id: MemberId, epoch: number): Promise<Member | null> {
  const row = await db.selectFrom('members').select(MEMBER_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row || row.status !== 'active' || Number(row.session_epoch) !== epoch) return null;
  return toMember(row);
}

export async function findMember(db: Db, id: MemberId): Promise<Member | null> {
  const row = await db.selectFrom('members').select(MEMBER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toMember(row) : null;
}

// ---------------------------------------------------------------- invite codes

/** Invite codes: 12 characters from an alphabet without look-alikes (60 bits), shown grouped by four. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function normaliseInviteCode(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

function inviteHash(deps: Pick<CoreDeps, 'secrets'>, code: string): string {
  return keyedHash(deps.secrets.pepper, 'member-invite', normaliseInviteCode(code));
}

export interface NewInvite {
  readonly code: string;
  readonly id: string;
  readonly expiresAt: string;
}

/** Makes an invite code for the caseworker's organisation (shown once; only its keyed hash is stored). */
export async function createInvite(deps: CoreDeps, user: StaffUser, uses: number, days: number): Promise<NewInvite> {
  let code = '';
  for (let i = 0; i < 12; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  const shown = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
  const id = randomId();
  const expiresAt = new Date(deps.clock.now().getTime() + days * 86_400_000).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('member_invites')
      .values({ id, organisation_id: user.organisationId, code_hash: inviteHash(deps, code), uses_left: uses, expires_at: expiresAt, created_by: user.id, created_day: dayOf(deps.clock), revoked: 0 })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'member_invite_created',
      subjectType: 'member_invite',
      subjectId: id,
      detail: { uses, days },
    });
  });
  return { code: shown, id, expiresAt };
}

export interface InviteRow {
  readonly id: string;
  readonly usesLeft: number;
  readonly expiresAt: string;
  readonly createdDay: string;
  readonly usable: boolean;
}

export async function listInvites(deps: Pick<CoreDeps, 'db' | 'clock'>, organisationId: OrganisationId): Promise<InviteRow[]> {
  const rows = await deps.db
    .selectFrom('member_invites')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('revoked', '=', 0)
    .orderBy('created_day', 'desc')
    .orderBy('id')
    .limit(50)
    .execute();
  const now = deps.clock.now();
  return rows.map((r) => ({ id: r.id, usesLeft: Number(r.uses_left), expiresAt: r.expires_at, createdDay: r.created_day, usable: Number(r.uses_left) > 0 && new Date(r.expires_at) > now }));
}

export async function revokeInvite(deps: CoreDeps, user: StaffUser, id: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('member_invites').set({ revoked: 1 }).where('id', '=', id).where('organisation_id', '=', user.organisationId).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'member_invite_revoked', subjectType: 'member_invite', subjectId: id });
    return true;
  });
}

// ---------------------------------------------------------------- sign-up and login

export interface SignupInput {
  readonly username: string;
  readonly password: string;
  readonly passwordAgain: string;
  /** An invite code, or '' to ask an organisation's caseworkers instead. */
  readonly code: string;
  /** The organisation to ask, when there is no code (null when none was chosen, or the choice was not an organisation id). */
  readonly organisationId: OrganisationId | null;
  readonly areas: readonly string[];
  readonly lang: string;
}

export type SignupProblem = 'usernameFormat' | 'usernameTaken' | PasswordProblem | 'passwordMismatch' | 'inviteInvalid' | 'chooseOrganisation' | 'notTakingSignups' | 'chooseArea' | 'tooManyAreas';

/** Sign-ups waiting for approval an organisation may have at once; past it, open sign-ups are refused until caseworkers catch up. */
export const PENDING_SIGNUPS_MAX = 50;
export type SignupField = 'username' | 'password' | 'passwordAgain' | 'code' | 'organisation' | 'areas';

/**
 * A sign-up that passed validation. `member` is null when the username was
 * already in use: nothing was created, and the person is told exactly what a
 * new member is told, so the form never says who exists.
 */
export type SignupResult =
  { readonly ok: true; readonly member: Member | null; readonly via: 'invite' | 'approval' } | { readonly ok: false; readonly problems: Partial<Record<SignupField, SignupProblem>> };

class InviteUsedUp extends Error {}
class UsernameTaken extends Error {}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

async function usableInvite(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, code: string) {
  const normal = normaliseInviteCode(code);
  if (normal.length !== 12) return undefined;
  const row = await deps.db.selectFrom('member_invites').selectAll().where('code_hash', '=', inviteHash(deps, normal)).executeTakeFirst();
  if (!row || Number(row.revoked) === 1 || Number(row.uses_left) < 1 || new Date(row.expires_at) <= deps.clock.now()) return undefined;
  return row;
}

/** The areas a member may follow: those some organisation covers. */
async function knownAreas(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('areas')
    .select('id')
    .where('id', 'in', [...ids])
    .where('id', 'in', db.selectFrom('organisation_areas').select('area_id'))
    .execute();
  return rows.map((r) => r.id);
}

/** Creates a member: active with a valid invite code, otherwise pending until a caseworker of the chosen organisation approves. */
export async function signUp(deps: CoreDeps, input: SignupInput): Promise<SignupResult> {
  const problems: Partial<Record<SignupField, SignupProblem>> = {};
  const username = normaliseUsername(input.username);
  if (!MEMBER_USERNAME.test(username)) problems.username = 'usernameFormat';
  const pw = checkNewPassword(input.password, username);
  if (pw) problems.password = pw;
  else if (input.password !== input.passwordAgain) problems.passwordAgain = 'passwordMismatch';
  let organisationId: OrganisationId | null = null;
  let inviteId: string | null = null;
  if (input.code.trim()) {
    const invite = await usableInvite(deps, input.code);
    if (!invite) problems.code = 'inviteInvalid';
    else {
      organisationId = invite.organisation_id;
      inviteId = invite.id;
    }
  } else {
    const org = input.organisationId ? await deps.db.selectFrom('organisations').select('id').where('id', '=', input.organisationId).executeTakeFirst() : undefined;
    if (!org) problems.organisation = 'chooseOrganisation';
    else if (!(await takingOpenSignups(deps.db, org.id))) problems.organisation = 'notTakingSignups';
    else organisationId = org.id;
  }
  const wanted = [...new Set(input.areas)];
  const areas = await knownAreas(deps.db, wanted.slice(0, MAX_AREAS + 1));
  if (wanted.length > MAX_AREAS) problems.areas = 'tooManyAreas';
  else if (areas.length === 0 || areas.length !== wanted.length) problems.areas = 'chooseArea';
  // Without a problem there is an organisation (the invite's or the one chosen); the second test only tells the compiler so.
  if (Object.keys(problems).length || !organisationId) return { ok: false, problems };
  // The password work comes before the name is looked up, so a taken name costs the same time as a free one.
  const salt = randomBytes(SALT_BYTES);
  const login = await deriveLoginSecrets(input.password, salt, deps.receiptKdf, deps.kdf);
  const via = inviteId ? 'invite' : 'approval';
  if (await deps.db.selectFrom('members').select('id').where('username', '=', username).executeTakeFirst()) return { ok: true, member: null, via };
  const id = asMemberId(randomId());
  const status: MemberStatus = inviteId ? 'active' : 'pending';
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (inviteId) {
        // Claim a use first: two sign-ups racing for the last use cannot both win.
        const claimed = await trx
          .updateTable('member_invites')
          .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
          .where('id', '=', inviteId)
          .where('uses_left', '>', 0)
          .where('revoked', '=', 0)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) throw new InviteUsedUp();
      }
      try {
        await trx
          .insertInto('members')
          .values({
            id,
            organisation_id: organisationId,
            username,
            password_salt: salt,
            password_verifier: login.verifier,
            kdf_opslimit: deps.receiptKdf.opslimit,
            kdf_memlimit: deps.receiptKdf.memlimit,
            status,
            lang: input.lang,
            email: null,
            notify_email: 0,
            feed_token_hash: null,
            session_epoch: 1,
            created_day: dayOf(deps.clock),
            decided_by: null,
            decided_day: inviteId ? dayOf(deps.clock) : null,
          })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new UsernameTaken();
        throw err;
      }
      await trx
        .insertInto('member_areas')
        .values(areas.map((a) => ({ member_id: id, area_id: a })))
        .execute();
    });
  } catch (err) {
    if (err instanceof InviteUsedUp) return { ok: false, problems: { code: 'inviteInvalid' } };
    if (err instanceof UsernameTaken) return { ok: true, member: null, via };
    throw err;
  }
  return { ok: true, member: (await findMember(deps.db, id))!, via };
}

/** Whether an organisation takes sign-ups without an invite code: not in invite-only mode, and its approval queue not full. */
async function takingOpenSignups(db: Db, organisationId: OrganisationId): Promise<boolean> {
  const settings = await db.selectFrom('safety_settings').select('signups_invite_only').where('organisation_id', '=', organisationId).executeTakeFirst();
  if (settings && Number(settings.signups_invite_only) === 1) return false;
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0) < PENDING_SIGNUPS_MAX;
}

export type MemberLoginResult = { readonly ok: true; readonly member: Member } | { readonly ok: false; readonly reason: 'invalid' | 'locked' | 'pending' | 'refused' };

const DUMMY_SALT = Buffer.alloc(SALT_BYTES, 9);

/** Checks a member's password. An unknown username costs the same Argon2id run; a locked account costs none. */
export async function memberLogin(deps: CoreDeps, input: { username: string; password: string }): Promise<MemberLoginResult> {
  const username = normaliseUsername(input.username).slice(0, 100);
  const row = username ? await deps.db.selectFrom('members').selectAll().where('username', '=', username).executeTakeFirst() : undefined;
  const throttleKey = keyOf(deps.secrets, `member:${row?.id ?? `name:${username}`}`);
  if (!(await takeAttempt(deps, throttleKey, THROTTLE.maxFailures)).allowed) return { ok: false, reason: 'locked' };
  if (!row) {
    await deriveLoginSecrets(input.password, DUMMY_SALT, deps.receiptKdf, deps.kdf);
    return { ok: false, reason: 'invalid' };
  }
  const secrets = await deriveLoginSecrets(input.password, Buffer.from(row.password_salt), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, deps.kdf);
  if (!verifierMatches(secrets.verifier, row.password_verifier)) return { ok: false, reason: 'invalid' };
  await clearFailures(deps, throttleKey);
  if (row.status === 'pending') return { ok: false, reason: 'pending' };
  if (row.status !== 'active') return { ok: false, reason: 'refused' };
  return { ok: true, member: toMember(row) };
}

/** Ends every session of the member, on every device (logout): their cookies carry an epoch that no longer matches. */
export async function endMemberSessions(db: Db, memberId: MemberId): Promise<void> {
  await db
    .updateTable('members')
    .set((eb) => ({ session_epoch: eb('session_epoch', '+', 1) }))
    .where('id', '=', memberId)
    .execute();
}

/** Sets a new password (the current one must be right) and ends every other session. */
export async function changeMemberPassword(
  deps: CoreDeps,
  member: Member,
  current: string,
  next: string,
): Promise<{ ok: true; epoch: number } | { ok: false; problem: PasswordProblem | 'wrongPassword' | 'locked' }> {
  const row = await deps.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow();
  const problem = checkNewPassword(next, row.username);
  if (problem) return { ok: false, problem };
  // An open session must not become a way to guess the password behind it.
  const throttleKey = keyOf(deps.secrets, `member-password:${member.id}`);
  if (!(await takeAttempt(deps, throttleKey, THROTTLE.maxFailures)).allowed) return { ok: false, problem: 'locked' };
  const old = await deriveLoginSecrets(current, Buffer.from(row.password_salt), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, deps.kdf);
  if (!verifierMatches(old.verifier, row.password_verifier)) return { ok: false, problem: 'wrongPassword' };
  await clearFailures(deps, throttleKey);
  const salt = randomBytes(SALT_BYTES);
  const fresh = await deriveLoginSecrets(next, salt, deps.receiptKdf, deps.kdf);
  const epoch = Number(row.session_epoch) + 1;
  await deps.db
    .updateTable('members')
    .set({ password_salt: salt, password_verifier: fresh.verifier, kdf_opslimit: deps.receiptKdf.opslimit, kdf_memlimit: deps.receiptKdf.memlimit, session_epoch: epoch })
    .where('id', '=', member.id)
    .execute();
  return { ok: true, epoch };
}

/** Deletes the member and everything of theirs (areas, feed, push subscriptions, queued deliveries). */
export async function deleteMember(db: Db, memberId: MemberId): Promise<void> {
  await db.deleteFrom('members').where('id', '=', memberId).execute();
}

// ---------------------------------------------------------------- areas and notifications

export async function memberAreaIds(db: Db, memberId: MemberId): Promise<string[]> {
  const rows = await db.selectFrom('member_areas').select('area_id').where('member_id', '=', memberId).orderBy('area_id').execute();
  return rows.map((r) => r.area_id);
}

/** Replaces the areas a member follows; false when none is left or one is unknown. */
export async function setMemberAreas(db: Db, memberId: MemberId, areaIds: readonly string[]): Promise<boolean> {
  const wanted = [...new Set(areaIds)];
  if (wanted.length === 0 || wanted.length > MAX_AREAS) return false;
  const known = await knownAreas(db, wanted);
  if (known.length !== wanted.length) return false;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('member_areas').where('member_id', '=', memberId).execute();
    await trx
      .insertInto('member_areas')
      .values(known.map((a) => ({ member_id: memberId, area_id: a })))
      .execute();
  });
  return true;
}

export async function setMemberLanguage(db: Db, memberId: MemberId, lang: string): Promise<void> {
  await db.updateTable('members').set({ lang }).where('id', '=', memberId).execute();
}

const emailContext = (memberId: MemberId) => `member:${memberId}:email`;

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** Sets (or, with '', removes) the address for warnings by e-mail; stored encrypted. */
export async function setMemberEmail(deps: Pick<CoreDeps, 'db' | 'secrets'>, memberId: MemberId, email: string, notify: boolean): Promise<'ok' | 'invalid'> {
  const address = email.trim();
  if (address && (!EMAIL_PATTERN.test(address) || address.length > 254)) return 'invalid';
  await deps.db
    .updateTable('members')
    .set({ email: address ? sealServer(deps.secrets, 'member', { address }, emailContext(memberId)) : null, notify_email: address && notify ? 1 : 0 })
    .where('id', '=', memberId)
    .execute();
  // Turned off: what was still queued for this address is not sent.
  if (!(address && notify)) await deps.db.deleteFrom('warning_deliveries').where('member_id', '=', memberId).where('channel', '=', 'email').where('status', '=', 'pending').execute();
  return 'ok';
}

/** The member's address for warnings, decrypted; null when they gave none. */
export async function memberEmail(deps: Pick<CoreDeps, 'db' | 'secrets'>, memberId: MemberId): Promise<string | null> {
  const row = await deps.db.selectFrom('members').select('email').where('id', '=', memberId).executeTakeFirst();
  if (!row?.email) return null;
  return openServer<{ address: string }>(deps.secrets, 'member', row.email, emailContext(memberId)).address;
}

// ---------------------------------------------------------------- the private feed

function feedHash(deps: Pick<CoreDeps, 'secrets'>, token: string): string {
  return keyedHash(deps.secrets.pepper, 'member-feed', token);
}

/** Makes a new secret feed address (the old one stops working) and returns its token, shown once per page view. */
export async function newFeedToken(deps: Pick<CoreDeps, 'db' | 'secrets'>, memberId: MemberId): Promise<string> {
  const token = randomToken(32);
  await deps.db
    .updateTable('members')
    .set({ feed_token_hash: feedHash(deps, token) })
    .where('id', '=', memberId)
    .execute();
  return token;
}

export async function revokeFeed(db: Db, memberId: MemberId): Promise<void> {
  await db.updateTable('members').set({ feed_token_hash: null }).where('id', '=', memberId).execute();
}

/** The active member a feed token belongs to, or null (revoked, replaced, unknown, or not active). */
export async function memberByFeedToken(deps: Pick<CoreDeps, 'db' | 'secrets'>, token: string): Promise<Member | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await deps.db.selectFrom('members').select(MEMBER_COLUMNS).where('feed_token_hash', '=', feedHash(deps, token)).executeTakeFirst();
  return row && row.status === 'active' ? toMember(row) : null;
}

// ---------------------------------------------------------------- staff: approval and disabling

export interface MemberListRow {
  readonly id: MemberId;
  readonly username: string;
  readonly status: MemberStatus;
  readonly createdDay: string;
  readonly areas: readonly string[];
}

/** The organisation's members, pending ones first. */
export async function listMembers(db: Db, organisationId: OrganisationId): Promise<MemberListRow[]> {
  const rows = await db
    .selectFrom('members')
    .select(['id', 'username', 'status', 'created_day'])
    .where('organisation_id', '=', organisationId)
    .orderBy('created_day', 'desc')
    .orderBy('username')
    .limit(500)
    .execute();
  const areas = rows.length
    ? await db
        .selectFrom('member_areas')
        .select(['member_id', 'area_id'])
        .where(
          'member_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const order: Record<string, number> = { pending: 0, active: 1, disabled: 2, refused: 3 };
  return rows
    .map((r) => ({ id: r.id, username: r.username, status: r.status as MemberStatus, createdDay: r.created_day, areas: areas.filter((a) => a.member_id === r.id).map((a) => a.area_id) }))
    .sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
}

export type MemberDecision = 'approve' | 'refuse' | 'disable';

/** Approves or refuses a pending member, or disables an active one (logged). */
export async function decideMember(deps: CoreDeps, user: StaffUser, memberId: MemberId, decision: MemberDecision): Promise<boolean> {
  const from = decision === 'disable' ? ['active', 'pending'] : ['pending'];
  const to: MemberStatus = decision === 'approve' ? 'active' : decision === 'refuse' ? 'refused' : 'disabled';
  const action = decision === 'approve' ? 'community_member_approved' : decision === 'refuse' ? 'community_member_refused' : 'community_member_disabled';
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('members')
      .set((eb) => ({ status: to, decided_by: user.id, decided_day: dayOf(deps.clock), session_epoch: eb('session_epoch', '+', 1) }))
      .where('id', '=', memberId)
      .where('organisation_id', '=', user.organisationId)
      .where('status', 'in', from)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    if (to !== 'active') await trx.deleteFrom('warning_deliveries').where('member_id', '=', memberId).where('status', '=', 'pending').execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action, subjectType: 'member', subjectId: memberId });
    return true;
  });
}
