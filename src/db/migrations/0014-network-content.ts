/**
 * Network content and demo data: organisations marked as demo (so that a
 * production server refuses them), network editors (the only people who
 * change country profiles), proposed profile changes awaiting a second
 * editor, and who (organisation) changed a profile last and when (day).
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('organisations')
      .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('country_profiles').addColumn('changed_by_organisation', 'text').execute();
    await db.schema.alterTable('country_profiles').addColumn('changed_day', 'text').execute();
    await db.schema
      .createTable('network_editors')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('named_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('profile_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('profile_code', 'text', (c) => c.notNull().references('country_profiles.code'))
      .addColumn('base', 'text', (c) => c.notNull())
      .addColumn('proposed', 'text', (c) => c.notNull())
      .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('proposed_organisation', 'text', (c) => c.notNull())
      .addColumn('proposed_day', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.references('users.id'))
      .addColumn('decided_day', 'text')
      .execute();
    await db.schema.createIndex('profile_changes_status').on('profile_changes').columns(['status', 'profile_code']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('profile_changes').execute();
    await db.schema.dropTable('network_editors').execute();
    await db.schema.alterTable('country_profiles').dropColumn('changed_day').execute();
    await db.schema.alterTable('country_profiles').dropColumn('changed_by_organisation').execute();
    await db.schema.alterTable('organisations').dropColumn('demo').execute();
  },
};
