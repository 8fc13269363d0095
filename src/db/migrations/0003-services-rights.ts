/**
 * Services directory, case referrals and country profiles (know your rights).
 * Portable: text ids made by the application, text days, bytea for the sealed
 * referral bodies. The country profiles are loaded by `parasol rights import`
 * (and by the demo), not here, so that a migration never depends on a data
 * file that changes over time.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('services')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('area_id', 'text', (c) => c.references('areas.id').onDelete('set null'))
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('website', 'text', (c) => c.notNull())
      .addColumn('messaging', 'text', (c) => c.notNull())
      .addColumn('opening_hours', 'text', (c) => c.notNull())
      .addColumn('cost', 'text', (c) => c.notNull())
      .addColumn('asks_for_id', 'text', (c) => c.notNull())
      .addColumn('shares_with_immigration', 'text', (c) => c.notNull())
      .addColumn('needs_police_report', 'text', (c) => c.notNull())
      .addColumn('sex_worker_led', 'text', (c) => c.notNull())
      .addColumn('trans_inclusive', 'text', (c) => c.notNull())
      .addColumn('verified_day', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('updated_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('services_country_status').on('services').columns(['country_code', 'status']).execute();
    await db.schema.createIndex('services_org').on('services').column('organisation_id').execute();

    await db.schema
      .createTable('case_referrals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('author_user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_referrals_report').on('case_referrals').column('report_id').execute();

    await db.schema
      .createTable('country_profiles')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('iso2', 'text', (c) => c.notNull())
      .addColumn('subdivision_code', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('legal_model', 'text', (c) => c.notNull())
      .addColumn('year_current_model', 'integer')
      .addColumn('year_basis', 'text', (c) => c.notNull())
      .addColumn('selling_offence', 'text', (c) => c.notNull())
      .addColumn('selling_admin_offence', 'text', (c) => c.notNull())
      .addColumn('buying_offence', 'text', (c) => c.notNull())
      .addColumn('third_parties', 'text', (c) => c.notNull())
      .addColumn('migrant_rule', 'text', (c) => c.notNull())
      .addColumn('migrant_notes', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('sources', 'text', (c) => c.notNull())
      .addColumn('confidence', 'text', (c) => c.notNull())
      .addColumn('confidence_reason', 'text', (c) => c.notNull())
      .addColumn('latest_source_year', 'integer')
      .addColumn('safe_reporting', 'text', (c) => c.notNull())
      .addColumn('reviewed_day', 'text', (c) => c.notNull())
      .addColumn('edited', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema.createIndex('country_profiles_iso2').on('country_profiles').column('iso2').execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['country_profiles', 'case_referrals', 'services']) await db.schema.dropTable(t).execute();
  },
};
