/**
 * The associated data that binds a report's ciphertexts to their row and role,
 * apart from the report service so that consent and custody use it without a circle.
 */
import type { ReportId } from '../shared/ids.js';

/** Associated-data contexts: a ciphertext only opens in the row and role it was written for. */
export const aad = {
  body: (reportId: ReportId) => `report:${reportId}:body`,
  contact: (reportId: ReportId) => `report:${reportId}:contact`,
  message: (reportId: ReportId, messageId: string) => `report:${reportId}:message:${messageId}`,
  attachmentMeta: (reportId: ReportId, attachmentId: string) => `report:${reportId}:attachment:${attachmentId}:meta`,
  attachment: (reportId: ReportId, attachmentId: string) => `report:${reportId}:attachment:${attachmentId}:body`,
} as const;
