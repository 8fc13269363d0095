/**
 * Whether this instance can do its work: the database takes a write and the
 * key vault can be read. And which failures mean "storage is unavailable"
 * (database unreachable, stuck, read-only or full; data folder full or
 * read-only) rather than a fault in Parasol: those get a plain "nothing was
 * saved, try again", and the writes resume by themselves once storage is back.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Vault } from '../../infra/vault.js';

/** PostgreSQL SQLSTATE classes and codes that mean the server cannot take the work now. */
const PG_UNAVAILABLE = /^(08|53|57P0[1-3]|57014|25006|40001|40P01|55P03|58)/;
/** SQLite result codes (better-sqlite3 puts extended codes in err.code). */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOLFS)/;
/** System error codes: network and file system. */
const SYSTEM_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENOSPC',
  'EROFS',
  'EDQUOT',
  'EIO',
  'EACCES',
  'EPERM',
]);
/** pg's own messages for a connection that timed out, ended or broke (they carry no code). */
const PG_CLIENT_MESSAGES = /timeout exceeded when trying to connect|Query read timeout|Connection terminated|not queryable|Connection ended|connection error/i;

/** True when an error says the database or the data folder is unavailable (not a fault in the request). */
export function isStorageFault(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (PG_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code) || SYSTEM_UNAVAILABLE.has(code))) return true;
    if (e instanceof AggregateError && e.errors.some(isStorageFault)) return true;
    if (e instanceof Error && PG_CLIENT_MESSAGES.test(e.message)) return true;
  }
  return false;
}

export interface Readiness {
  readonly ready: boolean;
  readonly database: 'writable' | 'unavailable';
  readonly vault: 'readable' | 'unavailable';
  /** Room left in the data folder (SQLite, the vault, the audit checkpoint): 'low' below {@link MIN_FREE_BYTES}. */
  readonly space: 'enough' | 'low';
}

/**
 * Below this much free space in the data folder the instance says it is not ready: SQLite reuses its WAL, so
 * small writes may still pass on a full disk while a report (several pages) no longer does.
 */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;

function spaceIn(folder: string | undefined): Readiness['space'] {
  if (!folder) return 'enough';
  try {
    const st = fs.statfsSync(folder);
    return st.bavail * st.bsize >= MIN_FREE_BYTES ? 'enough' : 'low';
  } catch (err) {
    // A data folder that is not there holds nothing that needs room (PostgreSQL without local files).
    return (err as { code?: string }).code === 'ENOENT' ? 'enough' : 'low';
  }
}

/**
 * Whether the data folder has room for files of this many bytes beyond the
 * margin (encrypted attachments are stored in the database, which lives there
 * on SQLite). Below it, files are refused and the text of a report still taken.
 */
export function roomForFiles(folder: string | undefined, bytes: number, margin: number): boolean {
  if (!folder) return true;
  try {
    const st = fs.statfsSync(folder);
    return st.bavail * st.bsize >= MIN_FREE_BYTES + margin + 2 * bytes;
  } catch (err) {
    return (err as { code?: string }).code === 'ENOENT';
  }
}

/** Makes a real write (the heartbeat counter), reads the vault and looks at the data folder's free space. Never throws. */
export async function checkReadiness(db: Kysely<Database>, vault: Vault, dataDir?: string): Promise<Readiness> {
  let database: Readiness['database'] = 'writable';
  try {
    const result = await db
      .updateTable('heartbeat')
      .set((eb) => ({ beats: eb('beats', '+', 1) }))
      .where('id', '=', 'ready')
      .executeTakeFirst();
    // The row is made by the migration; a database without it is not what this instance expects.
    if (Number(result.numUpdatedRows) !== 1) database = 'unavailable';
  } catch {
    database = 'unavailable';
  }
  let vaultState: Readiness['vault'] = 'readable';
  try {
    if (!((await vault.currentGeneration(db)) > 0)) vaultState = 'unavailable';
  } catch {
    vaultState = 'unavailable';
  }
  const space = spaceIn(dataDir);
  return { ready: database === 'writable' && vaultState === 'readable' && space === 'enough', database, vault: vaultState, space };
}

/** Confirms the database answers (a read). Never throws. */
export async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectFrom('heartbeat').select('id').limit(1).execute();
    return true;
  } catch {
    return false;
  }
}
