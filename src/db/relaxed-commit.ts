/**
 * A transaction whose commit does not wait for the disk: for counters that
 * may lose their last moments in a power cut or an operating-system crash,
 * never in a crash or kill of Parasol itself, and never their consistency.
 * Everything else keeps the full durability of connect.ts.
 *
 * SQLite (WAL): `synchronous = NORMAL` for this one transaction, on the one
 * connection held for it, then back to FULL. The commit is written to the
 * write-ahead log (the operating system holds it, so a killed process loses
 * nothing) without the fsync, which would otherwise hold the event loop for
 * the disk's whole flush. PostgreSQL: `synchronous_commit = off` for the
 * transaction (`SET LOCAL`): a crash of Parasol loses nothing, but a crash of
 * PostgreSQL itself (or a failover to a standby) may lose the last moments of
 * these counts too, as a power cut may; the database stays consistent.
 *
 * Used by the daily counts of identifier checks: losing a moment of them in a
 * power cut lets a member make a few more checks that day; waiting for the
 * disk on every check halved the rate of checks on SQLite.
 */
import { SqliteAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** True when `db` runs on SQLite. */
function onSqlite(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** Runs `work` in a transaction whose commit is durable against a crash of the process but does not wait for the disk. */
export async function relaxedCommitTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (!onSqlite(db)) {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  // One connection for the three steps, so that no other transaction commits while the setting is relaxed.
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
}
