/**
 * Parasol's one registry of error codes (after Fastify's `FST_ERR_*`): every
 * code the application logs, stores or throws, with its meaning. The log gets
 * the code, never plaintext or keys; the person gets a message in their
 * language. The crypto floor's codes are listed in crypto and included here.
 */
import { CRYPTO_ERROR_CODES } from '../../crypto/index.js';

export const ERROR_CODES = {
  ...CRYPTO_ERROR_CODES,
  // Requests and pages
  PSL_ERR_BAD_REQUEST: 'A request could not be read (malformed form or parameters); answered 400.',
  PSL_ERR_BODY_TOO_LARGE: 'A request body was over its limit; refused before parsing.',
  PSL_ERR_NOT_FOUND: 'No such page or record; answered 404.',
  PSL_ERR_RATE_LIMITED: "A flow's budget for the minute was spent; answered 429.",
  PSL_ERR_UNSUPPORTED_MEDIA: 'A request body of a type the route does not take (or compressed); answered 415.',
  PSL_ERR_UNEXPECTED: 'A fault with no more specific code; answered 500, logged by code only.',
  PSL_ERR_STORAGE_UNAVAILABLE: 'The database or the data folder is unavailable (unreachable, stuck, read-only or full); answered 503.',
  PSL_ERR_RECEIPT_PAGE_NOT_KEPT: "A sent report's receipt page could not be kept in memory (Redis did not answer); the receipt was shown at once instead.",
  PSL_STAFF_KEY_STORE_UNAVAILABLE: "The store of the server halves of caseworkers' keys (Redis) did not answer; answered 503.",
  // Domain
  PSL_ERR_INVITATION_USED: 'An invitation code was already used or has expired.',
  PSL_ERR_SHREDDED: "A report's keys were destroyed (retention or deletion): its content cannot be read again.",
  PSL_ERR_WARNING_CHANGED: 'A warning changed while a colleague was editing it; the edit is refused.',
  // Background work
  PSL_ERR_JOB_FAILED: 'A background job failed; it runs again on its next interval.',
  PSL_ERR_STATS_BUILD: 'The public statistics could not be built; the last release stays published.',
  PSL_ERR_NOTICE_NOT_SENT: 'A notice to caseworkers could not be sent yet; it is retried once.',
  PSL_ERR_NOTICE_FAILED: 'A notice to caseworkers failed for good.',
  PSL_ERR_NOTICE_NOT_QUEUED: 'New activity could not be noted for a notice to caseworkers (the database refused); no notice follows from it.',
  PSL_ERR_NOTICE_GIVEN_UP: 'A notice to caseworkers was given up after its attempts.',
  PSL_ERR_VAULT_MIRROR: 'The key vault file could not be updated from the database; it is tried again on the next change.',
  PSL_ERR_NO_SMTP: 'A warning e-mail waits: no SMTP server is configured.',
  PSL_ERR_DELIVERY_RETRY: 'A warning delivery failed and will be retried with backoff.',
  PSL_ERR_DELIVERY_FAILED: 'A warning delivery failed for good after its attempts.',
  PSL_ERR_PUSH_GONE: 'A Web Push subscription is gone (404/410): it is deleted.',
  // Backups
  PSL_BACKUP_NOT_ARCHIVE: 'The file is not a Parasol backup archive.',
  PSL_BACKUP_VERSION: 'The archive has a format version this version does not read.',
  PSL_BACKUP_WRONG_SECRETS: 'The archive was made with another secrets file.',
  PSL_BACKUP_NEED_SECRETS: 'Restoring needs the secrets file the archive was made with.',
  PSL_BACKUP_PASSPHRASE: 'The backup passphrase is wrong or missing.',
  PSL_BACKUP_TRUNCATED: 'The archive ends early.',
  PSL_BACKUP_CORRUPTED: 'A part of the archive does not authenticate.',
  PSL_BACKUP_TRAILING: 'The archive has bytes after its end.',
  PSL_BACKUP_REFUSED: 'Restoring over a database that is not empty is refused.',
  PSL_BACKUP_FAILED: 'The backup or restore failed for another reason.',
  // Fastify's own codes that Parasol maps to its pages
  FST_ERR_CTP_BODY_TOO_LARGE: "Fastify: body over the route's limit (mapped to PSL_ERR_BODY_TOO_LARGE).",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Fastify: no parser for the content type (mapped to PSL_ERR_UNSUPPORTED_MEDIA).',
  FST_FIELDS_LIMIT: 'Fastify multipart: too many fields in an upload.',
  FST_FILES_LIMIT: 'Fastify multipart: too many files in an upload.',
  FST_PARTS_LIMIT: 'Fastify multipart: too many parts in an upload.',
  FST_REQ_FILE_TOO_LARGE: 'Fastify multipart: a file over the upload limit.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A code from the registry (a typo does not compile). */
export function errorCode<C extends ErrorCode>(code: C): C {
  return code;
}
