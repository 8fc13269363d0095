import type { Kysely, Migration } from 'kysely';

/** The caseworker workspace: credentials, wrapped keys, case state, notes, the audit chain and login throttling. */
export const migration: Migration = {
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
    await db
      .insertInto('audit_head')
      .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
      .execute();
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
    for (const c of [
      'username',
      'email',
      'password_salt',
      'password_verifier',
      'kdf_opslimit',
      'kdf_memlimit',
      'wrapped_key_password',
      'wrapped_key_recovery',
      'totp_secret',
      'totp_last_step',
      'notify',
    ]) {
      await db.schema.alterTable('users').dropColumn(c).execute();
    }
  },
};
