/**
 * A one-row table that readiness checks write to: the only sure way to know
 * the database (and, on SQLite, the data folder) takes writes is to make one.
 * It holds a counter and nothing else: no time, no instance name.
 *
 * And the indexes that deleting a report needs: every column that points at
 * a report is looked up on each deletion (the foreign-key checks, the merge
 * links). Without them each deletion read every row of those tables, so a
 * retention run grew with the square of the number of reports.
 */
import type { Kysely, Migration } from 'kysely';

const INDEXES = [
  ['reports_merged_into', 'reports', 'merged_into'],
  ['warnings_source_report', 'warnings', 'source_report_id'],
  ['warning_reports_report', 'warning_reports', 'report_id'],
  ['match_notice_reports_report', 'match_notice_reports', 'report_id'],
  ['disclosures_report', 'disclosures', 'report_id'],
] as const;

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('heartbeat')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('beats', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('heartbeat').values({ id: 'ready', beats: 0 }).execute();
    for (const [name, table, column] of INDEXES) await db.schema.createIndex(name).on(table).column(column).execute();
    // The inbox's pages in their two orders: read from the index in order, 50 rows, instead of sorting every report.
    await db.schema.createIndex('reports_org_activity').on('reports').columns(['organisation_id', 'last_activity_day', 'id']).execute();
    await db.schema.createIndex('reports_org_created').on('reports').columns(['organisation_id', 'created_day', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    for (const name of ['reports_org_activity', 'reports_org_created', ...INDEXES.map(([n]) => n)]) await db.schema.dropIndex(name).execute();
    await db.schema.dropTable('heartbeat').execute();
  },
};
