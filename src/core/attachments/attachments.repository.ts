/** Row access for attachments. */
import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AttachmentsTable } from '../../db/tables/attachments.js';
import type { Selectable } from 'kysely';
import type { Db } from '../shared/deps.js';
import type { ReportId } from '../shared/ids.js';

export type AttachmentRow = Selectable<AttachmentsTable>;

export async function insertAttachments(db: Db, rows: Array<Insertable<Database['attachments']>>): Promise<void> {
  for (const row of rows) await db.insertInto('attachments').values(row).execute();
}

export async function nextAttachmentSeq(db: Db, reportId: ReportId): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** A report's attachments without their bytes (name and type are in the encrypted meta). */
export async function listAttachmentMeta(db: Db, reportId: ReportId): Promise<Array<Omit<AttachmentRow, 'body'>>> {
  return db.selectFrom('attachments').select(['id', 'report_id', 'message_id', 'seq', 'author', 'created_day', 'meta']).where('report_id', '=', reportId).orderBy('seq').execute();
}

export async function findAttachment(db: Db, reportId: ReportId, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('report_id', '=', reportId).where('id', '=', id).executeTakeFirst();
}
