/**
 * A one-row table that readiness checks write to: the only sure way to know
 * the database (and, on SQLite, the data folder) takes writes is to make one.
 * It holds a counter and nothing else: no time, no instance name.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('heartbeat')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('beats', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('heartbeat').values({ id: 'ready', beats: 0 }).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('heartbeat').execute();
  },
};
