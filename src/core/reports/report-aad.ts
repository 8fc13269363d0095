/**
 * The associated data that binds a report's ciphertexts to their row and role,
 * apart from the report service so that consent and custody use it without a circle.
 */

/** Associated-data contexts: a ciphertext only opens in the row and role it was written for. */
export const aad = {
  body: (reportId: string) => `report:${reportId}:body`,
  contact: (reportId: string) => `report:${reportId}:contact`,
  message: (reportId: string, messageId: string) => `report:${reportId}:message:${messageId}`,
  attachmentMeta: (reportId: string, attachmentId: string) => `report:${reportId}:attachment:${attachmentId}:meta`,
  attachment: (reportId: string, attachmentId: string) => `report:${reportId}:attachment:${attachmentId}:body`,
} as const;
