/**
 * Network content: corrections that network editors propose to any
 * organisation's service entry, shown only once a second editor approves
 * them (the same two-editor rule as country profiles). Staff actions, kept at
 * day precision like profile changes.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('service_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
      .addColumn('base', 'text', (c) => c.notNull())
      .addColumn('proposed', 'text', (c) => c.notNull())
      .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('proposed_organisation', 'text', (c) => c.notNull())
      .addColumn('proposed_day', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.references('users.id'))
      .addColumn('decided_day', 'text')
      .execute();
    await db.schema.createIndex('service_changes_status').on('service_changes').columns(['status', 'service_id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('service_changes').execute();
  },
};
