/** Queries over community members: the members' own pages and the staff pages. */
import type { Db } from '../shared/deps.js';
import type { MemberId, OrganisationId } from '../shared/ids.js';

/** The countries of a member's areas, each once, in order. */
export async function memberCountries(db: Db, memberId: MemberId): Promise<string[]> {
  const rows = await db
    .selectFrom('member_areas')
    .innerJoin('areas', 'areas.id', 'member_areas.area_id')
    .select('areas.country_code')
    .where('member_areas.member_id', '=', memberId)
    .orderBy('areas.country_code')
    .execute();
  return [...new Set(rows.map((r) => r.country_code))];
}

/** Remembers the language a member last used, for notices sent to them. */
export async function setMemberLanguage(db: Db, memberId: MemberId, lang: string): Promise<void> {
  await db.updateTable('members').set({ lang }).where('id', '=', memberId).execute();
}

/** How many people asked to join the organisation as members and wait for a decision. */
export async function countPendingMembers(db: Db, organisationId: OrganisationId): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
