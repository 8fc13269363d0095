/** Attachments of reports, messages and replies: encrypted name and bytes, the day only. */
import type { ReportId } from '../ids.js';

export interface AttachmentsTable {
  id: string;
  report_id: ReportId;
  /** The message or reply the file came with; null for a file sent with the report. */
  message_id: string | null;
  /** Order within the report. */
  seq: number;
  /** reporter | staff */
  author: string;
  created_day: string;
  /** Name, type, size and what was cleaned, encrypted under the report's data key. */
  meta: Buffer;
  /** The cleaned bytes, padded, encrypted under the report's data key. */
  body: Buffer;
}

export interface AttachmentTables {
  attachments: AttachmentsTable;
}
