/**
 * Attachments of a report, encrypted like the report: XChaCha20-Poly1305
 * under the report's data key (content key combined with its shred key), one
 * ciphertext for the name, type and size and one for the bytes, each bound to
 * its row by associated data. The bytes are padded to a multiple of 4 KiB so
 * the stored size tells little about the file. Cleaning (metadata removal)
 * happens before, in memory ({@link cleanAttachment}).
 */
import { ciphertextFromBytes, decrypt, decryptJson, encrypt, encryptJson, randomId, type ContentKey } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { aad } from '../reports/report-aad.js';
import type { CoreDeps, Db } from '../shared/deps.js';
import { findAttachment, insertAttachments, listAttachmentMeta, nextAttachmentSeq } from './attachments.repository.js';
import type { Cleaning, CleanFile } from './attachments.clean.js';
import type { ReportId } from '../shared/ids.js';

export { CLEANING, cleanAttachment, cleanOrExplain, safeFileName, UnreadableImageError, type Cleaning, type CleanFile } from './attachments.clean.js';
export * from './attachment-limits.js';

const PAD = 4 * 1024;

interface AttachmentMeta {
  readonly v: 1;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly cleaning: Cleaning;
}

/** What a page shows of an attachment. */
export interface AttachmentInfo {
  readonly id: string;
  readonly messageId: string | null;
  readonly author: 'reporter' | 'staff';
  readonly day: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly cleaning: Cleaning;
}

/** A decrypted attachment, for download. */
export interface OpenedAttachment {
  readonly name: string;
  readonly type: string;
  readonly bytes: Buffer;
}

function pad(bytes: Buffer): Buffer {
  const total = Math.ceil((bytes.length + 4) / PAD) * PAD;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(bytes.length, 0);
  bytes.copy(out, 4);
  return out;
}

function unpad(padded: Buffer): Buffer {
  const n = padded.readUInt32BE(0);
  if (n > padded.length - 4) throw new Error('bad attachment padding');
  return padded.subarray(4, 4 + n);
}

/**
 * Stores cleaned files of a report (or of one of its messages) inside the
 * caller's transaction, so that the text and its files are stored together or
 * not at all.
 */
export async function storeAttachments(
  trx: Db,
  dataKey: ContentKey,
  target: { reportId: ReportId; messageId: string | null; author: 'reporter' | 'staff'; day: string },
  files: readonly CleanFile[],
): Promise<void> {
  if (files.length === 0) return;
  let seq = await nextAttachmentSeq(trx, target.reportId);
  const rows = files.map((f) => {
    const id = randomId();
    const meta: AttachmentMeta = { v: 1, name: f.name, type: f.type, size: f.bytes.length, cleaning: f.cleaning };
    return {
      id,
      report_id: target.reportId,
      message_id: target.messageId,
      seq: seq++,
      author: target.author,
      created_day: target.day,
      meta: encryptJson(dataKey, meta, aad.attachmentMeta(target.reportId, id)),
      body: encrypt(dataKey, pad(f.bytes), aad.attachment(target.reportId, id)),
    };
  });
  await insertAttachments(trx, rows);
}

/** The report's attachments, names decrypted, in the order they came. */
export async function listAttachments(db: Db, reportId: ReportId, dataKey: ContentKey): Promise<AttachmentInfo[]> {
  const rows = await listAttachmentMeta(db, reportId);
  return rows.map((r) => {
    const meta = decryptJson<AttachmentMeta>(dataKey, ciphertextFromBytes(Buffer.from(r.meta)), aad.attachmentMeta(reportId, r.id));
    return { id: r.id, messageId: r.message_id, author: r.author as AttachmentInfo['author'], day: r.created_day, name: meta.name, type: meta.type, size: meta.size, cleaning: meta.cleaning };
  });
}

/** Decrypts one attachment of the report; null when the report has no such attachment. */
export async function openAttachment(db: Db, reportId: ReportId, attachmentId: string, dataKey: ContentKey): Promise<OpenedAttachment | null> {
  const row = await findAttachment(db, reportId, attachmentId);
  if (!row) return null;
  const meta = decryptJson<AttachmentMeta>(dataKey, ciphertextFromBytes(Buffer.from(row.meta)), aad.attachmentMeta(reportId, row.id));
  const bytes = unpad(decrypt(dataKey, Buffer.from(row.body), aad.attachment(reportId, row.id)));
  return { name: meta.name, type: meta.type, bytes };
}

/** A caseworker downloads an attachment of a report they can open; the read is audit-logged. */
export async function readAttachmentForStaff(deps: CoreDeps, user: StaffUser, access: { report: { id: ReportId }; contentKey: ContentKey }, attachmentId: string): Promise<OpenedAttachment | null> {
  const opened = await openAttachment(deps.db, access.report.id, attachmentId, access.contentKey);
  if (!opened) return null;
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'attachment_read', subjectType: 'report', subjectId: access.report.id });
  return opened;
}
