/**
 * What several instances on one database share: the key vault's generations
 * (each sealed under a vault key derived from the secrets file, so a copy of
 * the database alone opens none; left out of `backup create`), a keyed
 * fingerprint of the secrets file, job leases so each job runs on one
 * instance at a time, and the queue of activity notices (no time in it).
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('vault_generations')
      .addColumn('generation', 'integer', (c) => c.primaryKey())
      .addColumn('sealed_key', 'bytea', (c) => c.notNull())
      .addColumn('destroy_after', 'text')
      .addColumn('retire', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('installation_facts')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('job_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('next_run_at', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('activity_notices')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('activity_notices_pk', ['organisation_id', 'user_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['activity_notices', 'job_leases', 'installation_facts', 'vault_generations']) await db.schema.dropTable(t).execute();
  },
};
