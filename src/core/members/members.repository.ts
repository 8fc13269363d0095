/** Queries over community members that the staff pages need. */
import type { Db } from '../shared/deps.js';

/** How many people asked to join the organisation as members and wait for a decision. */
export async function countPendingMembers(db: Db, organisationId: string): Promise<number> {
  const row = await db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', organisationId).where('status', '=', 'pending').executeTakeFirst();
  return Number(row?.n ?? 0);
}
