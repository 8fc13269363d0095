/** Queries of the staff's community-safety pages that no other warning function needs. */
import type { Db } from '../shared/deps.js';

/** How many of the organisation's warnings wait for a second person's approval. */
export async function countPendingWarnings(db: Db, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('warnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ids of the organisation's reports that start with the prefix (at most limit of them): a warning is drafted from one. */
export async function reportIdsByPrefix(db: Db, organisationId: string, prefix: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('reports').select('id').where('organisation_id', '=', organisationId).where('id', 'like', `${prefix}%`).limit(limit).execute();
  return rows.map((r) => r.id);
}
