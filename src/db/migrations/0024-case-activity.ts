/**
 * What the inbox and the reporter's follow-up page need to tell who is
 * waiting on whom, without any time finer than the day:
 *
 * - `reports.activity_seq`: a number from one counter that only reporters'
 *   acts (a new report, a message, an addition) move. The inbox sorts by it.
 *   No time is written next to it, and staff acts (whose audit entries carry
 *   precise times) never move it, so a seized database cannot bracket a
 *   reporter's act between two timed staff acts.
 * - `reports.read_day`: the day a caseworker last opened the report (a staff
 *   act, day only), shown to the reporter as "read by a caseworker".
 * - `case_reads`: per caseworker, the last message of the thread they have
 *   seen (a thread position, no time), for "new message" marks.
 * - `activity_counter`: the one-row counter itself.
 *
 * Existing reports get numbers in the order of their last activity day.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('reports')
      .addColumn('activity_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('reports').addColumn('read_day', 'text').execute();
    await db.schema
      .createTable('activity_counter')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('case_reads')
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('seen_seq', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_reads_pk', ['report_id', 'user_id'])
      .execute();
    const rows: Array<{ id: string }> = await db.selectFrom('reports').select('id').orderBy('last_activity_day').orderBy('created_day').orderBy('id').execute();
    let seq = 0;
    for (const r of rows) await db.updateTable('reports').set({ activity_seq: ++seq }).where('id', '=', r.id).execute();
    await db.insertInto('activity_counter').values({ name: 'reporter', value: seq }).execute();
    await db.schema.createIndex('reports_org_activity_seq').on('reports').columns(['organisation_id', 'activity_seq', 'id']).execute();
    // "Who spoke last" reads each report's last reporter and staff positions from this index alone.
    await db.schema.createIndex('messages_report_author_seq').on('messages').columns(['report_id', 'author', 'seq']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('messages_report_author_seq').execute();
    await db.schema.dropIndex('reports_org_activity_seq').execute();
    await db.schema.dropTable('case_reads').execute();
    await db.schema.dropTable('activity_counter').execute();
    await db.schema.alterTable('reports').dropColumn('read_day').execute();
    await db.schema.alterTable('reports').dropColumn('activity_seq').execute();
  },
};
