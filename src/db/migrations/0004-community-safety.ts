/** Members, warnings, identifier checks, match notices and delivery. */
import type { Kysely, Migration } from 'kysely';

/**
 * Portable on both dialects: ids are random text made by the application,
 * booleans are 0/1 integers, days are 'YYYY-MM-DD' text, staff and job
 * instants are ISO-8601 text, sealed or encrypted values are bytea.
 * Identifiers appear only as keyed hashes (guarantee 8); texts that could
 * name a person (warning texts, corrections, members' e-mail addresses, push
 * endpoints) are stored encrypted.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_salt', 'bytea', (c) => c.notNull())
      .addColumn('password_verifier', 'text', (c) => c.notNull())
      .addColumn('kdf_opslimit', 'integer', (c) => c.notNull())
      .addColumn('kdf_memlimit', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('email', 'bytea')
      .addColumn('notify_email', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('feed_token_hash', 'text', (c) => c.unique())
      .addColumn('session_epoch', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_day', 'text')
      .execute();
    await db.schema.createIndex('members_org_status').on('members').columns(['organisation_id', 'status']).execute();
    await db.schema
      .createTable('member_areas')
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
      .addColumn('area_id', 'text', (c) => c.notNull().references('areas.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('member_areas_pk', ['member_id', 'area_id'])
      .execute();
    await db.schema.createIndex('member_areas_area').on('member_areas').column('area_id').execute();
    await db.schema
      .createTable('member_invites')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('uses_left', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('member_check_counts')
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('member_check_counts_pk', ['member_id', 'day'])
      .execute();
    await db.schema
      .createTable('safety_settings')
      .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
      .addColumn('checks_per_day', 'integer', (c) => c.notNull())
      .addColumn('default_visibility', 'text', (c) => c.notNull())
      .addColumn('expiry_months', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('warnings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('source_report_id', 'text', (c) => c.references('reports.id').onDelete('set null'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('area_id', 'text', (c) => c.references('areas.id'))
      .addColumn('incident_month', 'text')
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('drafted_by', 'text', (c) => c.notNull())
      .addColumn('last_edited_by', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('published_day', 'text')
      .addColumn('updated_day', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text')
      .addColumn('withdrawn_day', 'text')
      .addColumn('withdrawn_reason', 'text')
      .execute();
    await db.schema.createIndex('warnings_status_expiry').on('warnings').columns(['status', 'expires_on']).execute();
    await db.schema.createIndex('warnings_org_status').on('warnings').columns(['organisation_id', 'status']).execute();
    await db.schema.createIndex('warnings_area').on('warnings').column('area_id').execute();
    await db.schema
      .createTable('warning_identifiers')
      .addColumn('warning_id', 'text', (c) => c.notNull().references('warnings.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('warning_identifiers_pk', ['warning_id', 'hash'])
      .execute();
    await db.schema.createIndex('warning_identifiers_hash').on('warning_identifiers').column('hash').execute();
    await db.schema
      .createTable('warning_reports')
      .addColumn('warning_id', 'text', (c) => c.notNull().references('warnings.id').onDelete('cascade'))
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('warning_reports_pk', ['warning_id', 'report_id'])
      .execute();
    await db.schema
      .createTable('warning_corrections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('warning_id', 'text', (c) => c.notNull().references('warnings.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('from_member', 'integer', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .addColumn('resolved_by', 'text')
      .addColumn('resolved_day', 'text')
      .addColumn('outcome', 'text')
      .execute();
    await db.schema.createIndex('warning_corrections_warning').on('warning_corrections').columns(['warning_id', 'status']).execute();
    await db.schema
      .createTable('correction_key_seals')
      .addColumn('correction_id', 'text', (c) => c.notNull().references('warning_corrections.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('sealed_key', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('correction_key_seals_pk', ['correction_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('match_notices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('updated_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('match_notice_reports')
      .addColumn('notice_id', 'text', (c) => c.notNull().references('match_notices.id').onDelete('cascade'))
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('added_day', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('match_notice_reports_pk', ['notice_id', 'report_id'])
      .execute();
    await db.schema.createIndex('match_notice_reports_org').on('match_notice_reports').column('organisation_id').execute();
    await db.schema
      .createTable('match_notice_dismissals')
      .addColumn('notice_id', 'text', (c) => c.notNull().references('match_notices.id').onDelete('cascade'))
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('dismissed_by', 'text', (c) => c.notNull())
      .addColumn('dismissed_day', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('match_notice_dismissals_pk', ['notice_id', 'organisation_id'])
      .execute();
    await db.schema
      .createTable('match_scanned')
      .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
      .execute();

    await db.schema
      .createTable('push_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
      .addColumn('endpoint_hash', 'text', (c) => c.notNull().unique())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('push_subscriptions_member').on('push_subscriptions').column('member_id').execute();
    await db.schema
      .createTable('warning_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('warning_id', 'text', (c) => c.notNull().references('warnings.id').onDelete('cascade'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('warning_deliveries_once', ['warning_id', 'member_id', 'channel', 'target_id'])
      .execute();
    await db.schema.createIndex('warning_deliveries_due').on('warning_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema
      .createTable('vapid_keys')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('private_key', 'bytea', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of [
      'vapid_keys',
      'warning_deliveries',
      'push_subscriptions',
      'match_scanned',
      'match_notice_dismissals',
      'match_notice_reports',
      'match_notices',
      'correction_key_seals',
      'warning_corrections',
      'warning_reports',
      'warning_identifiers',
      'warnings',
      'safety_settings',
      'member_check_counts',
      'member_invites',
      'member_areas',
      'members',
    ]) {
      await db.schema.dropTable(t).execute();
    }
  },
};
