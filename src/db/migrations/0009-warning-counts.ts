/**
 * Warning counts fixed at approval, amendments as pending versions, and
 * identifier checks counted per organisation and day only.
 *
 * - warnings.reports_count: how many reports a reader is told stand behind a
 *   warning. Fixed when a second caseworker approves the warning or an
 *   amendment of it, from the reports linked to it whose reporters agreed to
 *   warnings; never recomputed live, so a later report elsewhere cannot move
 *   it (an abuser reloading a public warning must not learn he was reported
 *   again).
 * - warnings.amends_id: a pending amendment is a row of its own pointing at
 *   the published warning, invisible to members until approved.
 * - identifier_check_days: what the audit of checks keeps, a count per
 *   organisation and day; no member, identifier, result or time of day.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('warnings').addColumn('reports_count', 'integer').execute();
    await db.schema.alterTable('warnings').addColumn('amends_id', 'text').execute();
    await db.schema.createIndex('warnings_amends').on('warnings').column('amends_id').execute();
    await db.schema
      .createTable('identifier_check_days')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('identifier_check_days_pk', ['organisation_id', 'day'])
      .execute();
    // Warnings already published get the count their linked, consenting reports of their own organisation give.
    const published = await db.selectFrom('warnings').select(['id', 'organisation_id']).where('status', 'in', ['published', 'withdrawn']).execute();
    for (const w of published as Array<{ id: string; organisation_id: string }>) {
      const row = await db
        .selectFrom('warning_reports')
        .innerJoin('reports', 'reports.id', 'warning_reports.report_id')
        .select(sql<number>`count(*)`.as('n'))
        .where('warning_reports.warning_id', '=', w.id)
        .where('reports.organisation_id', '=', w.organisation_id)
        .where('reports.warn_others', '=', 1)
        .where('reports.merged_into', 'is', null)
        .where((eb) => eb.or([eb('reports.is_spam', 'is', null), eb('reports.is_spam', '=', 0)]))
        .executeTakeFirst();
      await db
        .updateTable('warnings')
        .set({ reports_count: Number((row as { n?: number } | undefined)?.n ?? 0) })
        .where('id', '=', w.id)
        .execute();
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('identifier_check_days').execute();
    await db.schema.dropIndex('warnings_amends').execute();
    await db.schema.alterTable('warnings').dropColumn('amends_id').execute();
    await db.schema.alterTable('warnings').dropColumn('reports_count').execute();
  },
};
