/**
 * Attachments: photos and documents of a report, of a reporter's message or
 * of a caseworker's reply. Each is kept as two ciphertexts under the report's
 * data key (the content key combined with the report's shred key): its name,
 * type and size, and its bytes. Nothing about a file is in clear, and
 * deleting the report or destroying its vault generation removes it like the
 * report's text. The day only, like messages.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
      .addColumn('message_id', 'text')
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_day', 'text', (c) => c.notNull())
      .addColumn('meta', 'bytea', (c) => c.notNull())
      .addColumn('body', 'bytea', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attachments_report').on('attachments').columns(['report_id', 'seq']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('attachments').execute();
  },
};
