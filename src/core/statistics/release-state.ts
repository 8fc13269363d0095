/** Marks the current statistics release as out of date (operations or survey waves changed). */
import type { Db } from '../shared/deps.js';

export async function markStatisticsStale(db: Db): Promise<void> {
  await db.updateTable('stats_releases').set({ stale: 1 }).where('stale', '=', 0).execute();
}
