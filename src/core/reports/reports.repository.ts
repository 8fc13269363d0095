/** Row access for reports, their key seals, contacts, identifiers and messages. */
import type { Insertable } from 'kysely';
import type { Database, MessageRow, ReportRow } from '../../db/schema.js';
import type { Db } from '../shared/deps.js';
import type { OrganisationId, ReportId, UserId } from '../shared/ids.js';

export async function insertReport(db: Db, row: Insertable<Database['reports']>): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

export async function findReportByLookup(db: Db, lookup: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('receipt_lookup', '=', lookup).executeTakeFirst();
}

export async function findReport(db: Db, id: ReportId): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertKeySeals(db: Db, table: 'report_key_seals' | 'contact_key_seals', rows: Array<Insertable<Database['report_key_seals']>>): Promise<void> {
  if (rows.length) await db.insertInto(table).values(rows).execute();
}

export async function findKeySeal(db: Db, table: 'report_key_seals' | 'contact_key_seals', reportId: ReportId, recipientType: string, recipientId: UserId | ReportId): Promise<Buffer | undefined> {
  const row = await db.selectFrom(table).select('sealed_key').where('report_id', '=', reportId).where('recipient_type', '=', recipientType).where('recipient_id', '=', recipientId).executeTakeFirst();
  return row ? Buffer.from(row.sealed_key) : undefined;
}

export async function findContact(db: Db, reportId: ReportId): Promise<Buffer | undefined> {
  const row = await db.selectFrom('report_contacts').select('body').where('report_id', '=', reportId).executeTakeFirst();
  return row ? Buffer.from(row.body) : undefined;
}

export async function listMessages(db: Db, reportId: ReportId): Promise<MessageRow[]> {
  return db.selectFrom('messages').selectAll().where('report_id', '=', reportId).orderBy('seq').execute();
}

export async function nextMessageSeq(db: Db, reportId: ReportId): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** The organisation a report went to. */
export async function reportOrganisation(db: Db, reportId: ReportId): Promise<OrganisationId | undefined> {
  return (await db.selectFrom('reports').select('organisation_id').where('id', '=', reportId).executeTakeFirst())?.organisation_id;
}

/**
 * Takes the next number of the counter of reporters' acts. Called inside the
 * transaction that stores the act: on PostgreSQL the row stays locked until
 * that transaction ends (so two instances never take the same number), and
 * SQLite has one writer at a time.
 */
export async function nextActivitySeq(db: Db): Promise<number> {
  const row = await db
    .updateTable('activity_counter')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'reporter')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** The furthest thread position any caseworker has seen of the report (0 when nobody opened it). */
export async function furthestRead(db: Db, reportId: ReportId): Promise<number> {
  const row = await db
    .selectFrom('case_reads')
    .select((eb) => eb.fn.max('seen_seq').as('m'))
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}
