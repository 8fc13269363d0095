/** Staff users as the staff pages list and change them. */
import type { Db } from '../shared/deps.js';
import type { OrganisationId, UserId } from '../shared/ids.js';

/** The id of the account with this username (as typed at login: trimmed, NFC), if any. */
export async function userIdByUsername(db: Db, username: string): Promise<UserId | undefined> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username.trim().normalize('NFC')).executeTakeFirst();
  return row?.id;
}

/** Where and whether the user gets notices by email. */
export async function noticeSettings(db: Db, userId: UserId) {
  return db.selectFrom('users').select(['email', 'notify']).where('id', '=', userId).executeTakeFirstOrThrow();
}

export async function setNoticeSettings(db: Db, userId: UserId, email: string | null, notify: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ email, notify: notify ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

/** Everyone in the organisation, active or not, by name. */
export async function organisationMembers(db: Db, organisationId: OrganisationId) {
  return db.selectFrom('users').select(['id', 'display_name', 'username', 'role', 'active']).where('organisation_id', '=', organisationId).orderBy('display_name').execute();
}

/** Whether the user belongs to the organisation. */
export async function isMemberOf(db: Db, organisationId: OrganisationId, userId: UserId): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('id', '=', userId).where('organisation_id', '=', organisationId).executeTakeFirst());
}

/** The names of everyone in the organisation, to show who did what. */
export async function staffNames(db: Db, organisationId: OrganisationId): Promise<{ id: UserId; display_name: string }[]> {
  return db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).execute();
}

/** The active members of the organisation, by name. */
export async function activeStaffNames(db: Db, organisationId: OrganisationId): Promise<{ id: UserId; display_name: string }[]> {
  return db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).where('active', '=', 1).orderBy('display_name').execute();
}

export async function setRole(db: Db, userId: UserId, role: string): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}
