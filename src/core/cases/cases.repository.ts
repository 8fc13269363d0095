/** Reports as the case pages look them up. */
import type { Db } from '../shared/deps.js';

/** Up to `limit` ids of the organisation's reports that begin with the prefix (lowercase hex, as typed). */
export async function reportIdsByPrefix(db: Db, organisationId: string, prefix: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('reports').select('id').where('organisation_id', '=', organisationId).where('id', 'like', `${prefix}%`).limit(limit).execute();
  return rows.map((r) => r.id);
}
