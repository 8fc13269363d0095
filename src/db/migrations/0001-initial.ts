/** The foundation: organisations, areas, staff keys, reports, seals, contacts, messages, identifier hashes, invitations. */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('areas')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('areas_country').on('areas').column('country_code').execute();
    await db.schema
      .createTable('organisation_areas')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('area_id', 'text', (c) => c.notNull().references('areas.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('organisation_areas_pk', ['organisation_id', 'area_id'])
      .execute();
    await db.schema.createIndex('organisation_areas_area').on('organisation_areas').column('area_id').execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('public_key', 'bytea', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_org').on('users').column('organisation_id').execute();
    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('receipt_lookup', 'text', (c) => c.notNull().unique())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('area_id', 'text', (c) => c.references('areas.id'))
      .addColumn('incident_month', 'text')
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('perpetrator_types', 'text', (c) => c.notNull())
      .addColumn('wants_support', 'integer', (c) => c.notNull())
      .addColumn('warn_others', 'integer', (c) => c.notNull())
      .addColumn('statistics_consent', 'integer', (c) => c.notNull())
      .addColumn('police_consent', 'text', (c) => c.notNull())
      .addColumn('has_contact', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('last_activity_day', 'text', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .addColumn('reporter_public_key', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reports_org_status').on('reports').columns(['organisation_id', 'status']).execute();
    for (const table of ['report_key_seals', 'contact_key_seals']) {
      await db.schema
        .createTable(table)
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('recipient_type', 'text', (c) => c.notNull())
        .addColumn('recipient_id', 'text', (c) => c.notNull())
        .addColumn('sealed_key', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['report_id', 'recipient_type', 'recipient_id'])
        .execute();
    }
    await db.schema
      .createTable('report_contacts')
      .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
      .addColumn('body', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('author_user_id', 'text')
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .addUniqueConstraint('messages_report_seq', ['report_id', 'seq'])
      .execute();
    await db.schema
      .createTable('report_identifiers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('report_identifiers_hash').on('report_identifiers').column('hash').execute();
    await db.schema.createIndex('report_identifiers_report').on('report_identifiers').column('report_id').execute();
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['invitations', 'report_identifiers', 'messages', 'report_contacts', 'contact_key_seals', 'report_key_seals', 'reports', 'users', 'organisation_areas', 'areas', 'organisations']) {
      await db.schema.dropTable(t).execute();
    }
  },
};
