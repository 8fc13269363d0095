/**
 * Portable migrations: the same schema-builder calls run on SQLite and
 * PostgreSQL. No autoincrement or serial (ids are made by the application),
 * bytea for binary, integers for booleans, text for days.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const m0001: Migration = {
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

/** The caseworker workspace: credentials, wrapped keys, case state, notes, the audit chain and login throttling. */
const m0002: Migration = {
  async up(db: Kysely<any>) {
    const userCols: Array<[string, 'text' | 'bytea' | 'integer']> = [
      ['username', 'text'],
      ['email', 'text'],
      ['password_salt', 'bytea'],
      ['password_verifier', 'text'],
      ['kdf_opslimit', 'integer'],
      ['kdf_memlimit', 'integer'],
      ['wrapped_key_password', 'bytea'],
      ['wrapped_key_recovery', 'bytea'],
      ['totp_secret', 'bytea'],
      ['totp_last_step', 'integer'],
      ['notify', 'integer'],
    ];
    for (const [name, type] of userCols) await db.schema.alterTable('users').addColumn(name, type).execute();
    await db.schema.createIndex('users_username').on('users').column('username').unique().execute();
    const reportCols: Array<[string, 'text' | 'integer']> = [
      ['assignee_user_id', 'text'],
      ['tags', 'text'],
      ['merged_into', 'text'],
      ['is_spam', 'integer'],
    ];
    for (const [name, type] of reportCols) await db.schema.alterTable('reports').addColumn(name, type).execute();
    await db.schema
      .createTable('case_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('author_user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_notes_report').on('case_notes').column('report_id').execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text')
      .addColumn('actor_user_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text')
      .addColumn('subject_id', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_org').on('audit_log').columns(['organisation_id', 'seq']).execute();
    // One row: the chain's head. Appends update it first, which serialises them on both dialects
    // (a row lock on PostgreSQL, the write lock on SQLite), and a deleted tail shows as a gap.
    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: '0'.repeat(64) }).execute();
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['login_throttle', 'audit_head', 'audit_log', 'case_notes']) await db.schema.dropTable(t).execute();
    await db.schema.dropIndex('users_username').execute();
    for (const c of ['assignee_user_id', 'tags', 'merged_into', 'is_spam']) await db.schema.alterTable('reports').dropColumn(c).execute();
    for (const c of ['username', 'email', 'password_salt', 'password_verifier', 'kdf_opslimit', 'kdf_memlimit', 'wrapped_key_password', 'wrapped_key_recovery', 'totp_secret', 'totp_last_step', 'notify']) {
      await db.schema.alterTable('users').dropColumn(c).execute();
    }
  },
};

/** Every migration, in order. Names sort lexically. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial': m0001,
  '0002_caseworker_workspace': m0002,
});

class InCodeProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...migrations };
  }
}

/** Makes the migrator for a database. */
export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new InCodeProvider(), migrationTableName: 'parasol_migrations', migrationLockTableName: 'parasol_migrations_lock' });
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Brings the schema to the latest version; returns the names applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw new MigrationError(`migration failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Undoes every migration (tests of the down path). */
export async function migrateDownAll(db: Kysely<any>): Promise<void> {
  const m = migrator(db);
  for (;;) {
    const { error, results } = await m.migrateDown();
    if (error) throw new MigrationError(`migration down failed: ${String(error)}`, { cause: error });
    if (!results || results.length === 0) break;
  }
}

/** Confirms the connection works (health checks). */
export async function ping(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}
