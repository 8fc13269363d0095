/** Consent changes, police disclosures, identity escrow, retention and the key vault for crypto-shredding. */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('report_vault')
      .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('wrapped_key', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('report_vault_generation').on('report_vault').column('generation').execute();
    await db.schema.alterTable('organisations').addColumn('retention_days', 'integer').execute();
    await db.schema.alterTable('reports').addColumn('closed_day', 'text').execute();
    await db.schema
      .createTable('identity_releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_day', 'text', (c) => c.notNull())
      .addColumn('reason', 'bytea', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_day', 'text')
      .addColumn('sealed_contact_key', 'bytea')
      .execute();
    await db.schema.createIndex('identity_releases_report').on('identity_releases').column('report_id').execute();
    await db.schema
      .createTable('disclosures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('made_by', 'text', (c) => c.notNull())
      .addColumn('made_day', 'text', (c) => c.notNull())
      .addColumn('consent_level', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('statistics_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('area_id', 'text')
      .addColumn('incident_month', 'text')
      .addColumn('received_month', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('perpetrator_types', 'text', (c) => c.notNull())
      .addColumn('police_consent', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['statistics_records', 'disclosures', 'identity_releases', 'report_vault']) await db.schema.dropTable(t).execute();
    await db.schema.alterTable('reports').dropColumn('closed_day').execute();
    await db.schema.alterTable('organisations').dropColumn('retention_days').execute();
  },
};
