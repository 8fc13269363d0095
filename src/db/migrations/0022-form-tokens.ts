/**
 * One-time form tokens: a sent report or message is marked here, so that a
 * reload or Back that sends the same form again makes no second one. A row
 * holds a value derived from the form's token (not the token), the day it
 * was used (never a finer time) and, for a report, its receipt page
 * encrypted under a key that only the form and the reporter's cookie hold.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('form_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('used_day', 'text', (c) => c.notNull())
      .addColumn('sealed', 'bytea')
      .execute();
    await db.schema.createIndex('form_tokens_day').on('form_tokens').column('used_day').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('form_tokens').execute();
  },
};
