/**
 * The one dialect switch. SQLite (better-sqlite3) is the embedded default;
 * PostgreSQL (pg) is used when a connection string is given.
 *
 * SQLite runs in WAL mode with synchronous=FULL: a transaction is on disk
 * before the commit returns, so an acknowledged report survives power loss.
 * Kysely prepares every query it runs; on SQLite the prepared statements
 * are kept (most recently used first, a bounded number), since preparing
 * costs more than running most of Parasol's queries. Kysely runs one query
 * at a time on its single SQLite connection, so a statement is never in use
 * twice at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Closes every connection. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly databaseUrl?: string | undefined;
  readonly sqliteFile: string;
  /** PostgreSQL pool size per instance. */
  readonly poolSize?: number;
  /** PostgreSQL: how long to wait for a new connection (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** PostgreSQL: how long to wait for one query's answer; none when absent (commands that copy everything). */
  readonly queryTimeoutMs?: number;
  /** PostgreSQL: how long an unused connection is kept (default 30 s). */
  readonly idleTimeoutMs?: number;
}

/** The database files are readable by others (or cannot be made private): Parasol refuses to start. */
export class DatabaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

/**
 * Makes sure the SQLite file exists with mode 0600 before SQLite opens it,
 * and refuses files that others can read. SQLite creates the -wal and -shm
 * files with the mode of the database file, so they are 0600 too; left to
 * itself it would create all three 0644 (less the umask), and a data folder
 * that already existed (an operator's mkdir) would not hide them.
 */
function privateSqliteFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    let mode: number;
    try {
      mode = fs.statSync(f).mode;
    } catch {
      continue;
    }
    if ((mode & 0o077) !== 0) throw new DatabaseFileError(`the database file ${f} is readable by others: chmod 600 ${file}*`);
  }
}

/** Opens the database named by the options. */
export function connect(options: ConnectOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const queryTimeout = options.queryTimeoutMs;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Without these a stuck server or a partition (packets dropped, connections held open) hangs every request.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
      keepAlive: true,
      ...(queryTimeout ? { query_timeout: queryTimeout, statement_timeout: queryTimeout } : {}),
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    // A query that got no answer in time leaves its connection waiting for one: pg then queues every later
    // query behind it. Such a connection is closed, so that the pool drops it and opens a fresh one; so are the
    // idle ones, which lead to the same stuck server (each would otherwise cost the next request a full timeout).
    const idle = new Set<pg.PoolClient>();
    pool.on('release', (_err, client) => idle.add(client));
    pool.on('acquire', (client) => idle.delete(client));
    pool.on('remove', (client) => idle.delete(client as pg.PoolClient));
    const cut = (client: pg.PoolClient | pg.Client) => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    pool.on('connect', (client) => {
      // A connection that breaks while a request holds it emits 'error' where the pool has no listener: without
      // this one, the process would crash. The broken client is dropped when it goes back to the pool.
      client.on('error', () => {});
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const result = query(...args);
        if (result instanceof Promise) {
          result.catch((err: unknown) => {
            if (!(err instanceof Error) || !/timeout/i.test(err.message)) return;
            cut(client);
            for (const other of idle) cut(other);
          });
        }
        return result;
      };
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (options.sqliteFile !== ':memory:') privateSqliteFile(options.sqliteFile);
  const sqlite = new BetterSqlite3(options.sqliteFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Freed pages are overwritten, so deleted content does not linger in the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Statements kept per SQLite connection. */
const STATEMENT_CACHE_SIZE = 500;

function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  // After SQLITE_FULL or an I/O error SQLite may already have rolled the transaction back itself; Kysely's
  // rollback would then fail ("no transaction is active") and hide the real cause (a full or read-only folder).
  const alreadyRolledBack = { reader: false, run: () => ({ changes: 0, lastInsertRowid: 0 }) } as unknown as BetterSqlite3.Statement;
  return {
    prepare(sql: string) {
      if (sql === 'rollback' && !sqlite.inTransaction) return alreadyRolledBack;
      let stmt = statements.get(sql);
      if (stmt) {
        // Most recently used last: the first key is the one to drop.
        statements.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, stmt);
      return stmt;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}
