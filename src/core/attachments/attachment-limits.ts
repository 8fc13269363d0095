/**
 * The limits of attachments: per file, files per report or message, total per
 * report or message. Uploads are held in memory (never a temporary file, whose
 * plaintext a seized disk would keep), so these limits bound that memory too.
 */

/** The largest file accepted. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** The most files one report, message or reply carries. */
export const MAX_FILES = 5;
/** The most bytes of files one report, message or reply carries. */
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
/**
 * The largest multipart request body: the files, the text of the form and the
 * multipart framing. The reverse proxy's client_max_body_size equals it (21m).
 */
export const UPLOAD_REQUEST_LIMIT = 21 * 1024 * 1024;
/** Free space the data folder keeps beyond the files themselves; below it files are refused and the text still accepted. */
export const UPLOAD_SPACE_MARGIN = 64 * 1024 * 1024;

/** Megabytes, for messages. */
export const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));
