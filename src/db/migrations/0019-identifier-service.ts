/**
 * Identifiers named in reports made while the identifier key service was
 * down: each one's keyed hash sealed to the service's own X25519 key (nothing
 * on the main server opens it), kept until the service turns it into the
 * stored hash. No time, no clear value.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('report_identifiers_pending')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('sealed', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('report_identifiers_pending_report').on('report_identifiers_pending').column('report_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('report_identifiers_pending').execute();
  },
};
