/** `parasol migrate`: brings the database schema to the latest version. */
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrations.js';
import type { Io } from './io.js';

export async function migrateCommand(config: Config, io: Io): Promise<number> {
  const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    const applied = await migrateToLatest(handle.db);
    io.out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The schema is up to date.');
    return 0;
  } finally {
    await handle.close();
  }
}
