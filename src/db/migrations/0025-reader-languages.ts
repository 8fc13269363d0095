/**
 * Readers in their own language, and a reporter changing their mind about
 * warnings. Services may carry descriptions in several languages (one row per
 * language; the entry's own description keeps its language beside it). A
 * report whose reporter later asked that no one be warned from it keeps the
 * day of that request (day precision, like every reporter action), so its
 * caseworkers see it and prepare the amendment of any warning it counts in.
 *
 * A warning's structured parts (kind of person, how to recognise them, modus
 * operandi, the language of its free text) need no column: they travel inside
 * the warning's sealed body, so a copy of the database learns no more than
 * before.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('reports').addColumn('warn_withdrawn_day', 'text').execute();
    await db.schema.alterTable('services').addColumn('description_lang', 'text').execute();
    await db.schema
      .createTable('service_descriptions')
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('updated_day', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_descriptions_pk', ['service_id', 'lang'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('service_descriptions').execute();
    await db.schema.alterTable('services').dropColumn('description_lang').execute();
    await db.schema.alterTable('reports').dropColumn('warn_withdrawn_day').execute();
  },
};
