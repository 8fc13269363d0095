/**
 * Receipt pages leave the database: a used form token keeps only its id and
 * day. Pages of reports just sent now live in memory only (Redis without
 * persistence, or the process), so a seized database, its WAL or a backup
 * holds none. The pages still in the column are cleared before it goes
 * (PostgreSQL drops a column without rewriting its rows).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`update form_tokens set sealed = null where sealed is not null`.execute(db);
    await db.schema.alterTable('form_tokens').dropColumn('sealed').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('form_tokens').addColumn('sealed', 'bytea').execute();
  },
};
