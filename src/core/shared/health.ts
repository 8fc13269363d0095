/** The health check: the database answers a trivial query. */
import { ping } from '../../db/migrations.js';
import type { Db } from './deps.js';

/** Resolves when the database answers; throws when it does not. */
export async function databaseAnswers(db: Db): Promise<void> {
  await ping(db);
}
