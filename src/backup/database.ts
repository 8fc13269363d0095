/**
 * The database side of backups, one function per dialect. This is the one
 * place besides the connection switch where SQLite and PostgreSQL must be
 * handled differently: a consistent snapshot is made by SQLite's online
 * backup API or by pg_dump, and restored by a rename or by psql.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { BACKUP_ERRORS, BackupError } from './archive.js';

const MIGRATION_TABLE = 'parasol_migrations';
/** The shared key vault's table: never in a backup's database part. */
export const VAULT_TABLE = 'vault_generations';

/** Empties the vault table in an SQLite snapshot and vacuums, so no page of the copy keeps a sealed generation key. */
export function stripSqliteVault(file: string): void {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    const exists = db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(VAULT_TABLE);
    if (exists) db.exec(`delete from ${VAULT_TABLE}`);
    db.pragma('journal_mode = delete');
    db.exec('vacuum');
  } finally {
    db.close();
  }
}

/** Files SQLite keeps beside a database: any of them means the folder is not empty. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Copies the live SQLite database into `dest` with the online backup API, on
 * its own connection: the server may keep running and writing. The copy is a
 * consistent snapshot that includes what is still only in the WAL.
 */
export async function snapshotSqlite(file: string, dest: string, progress: (done: number, total: number) => void): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(BACKUP_ERRORS.failed, `there is no database at ${file}: nothing to back up (is PARASOL_DATA_DIR right?).`);
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    let lastRemaining = Number.POSITIVE_INFINITY;
    let restarts = 0;
    await db.backup(dest, {
      progress({ totalPages, remainingPages }) {
        // A write by another connection (the running server) restarts the copy. After two
        // restarts, copy the rest in one step: one read transaction, which in WAL mode does not block writers.
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        progress((totalPages - remainingPages) * pageSize, totalPages * pageSize);
        return restarts >= 2 ? 0x7fffffff : 1024;
      },
    });
    progress(fs.statSync(dest).size, fs.statSync(dest).size);
  } finally {
    db.close();
  }
}

/** The migrations applied to an SQLite database file (read from the snapshot, so it matches it). */
export function sqliteSchema(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const exists = db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
    if (!exists) return [];
    return (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

/**
 * Splits a connection string into one without the password and the password
 * itself, so that the password reaches pg_dump and psql through PGPASSWORD
 * and never appears in the process list.
 */
export function splitPassword(databaseUrl: string): { url: string; password: string | null } {
  let u: URL;
  try {
    u = new URL(databaseUrl);
  } catch {
    return { url: databaseUrl, password: null };
  }
  if (!u.password) return { url: databaseUrl, password: null };
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), password };
}

/** Where the connection string points, without user or password: for messages and the configuration summary. */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname || ''}`;
  } catch {
    return 'a PostgreSQL database';
  }
}

function run(tool: 'pg_dump' | 'psql', args: string[], databaseUrl: string, watch?: () => void): Promise<void> {
  const { url, password } = splitPassword(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password !== null) env.PGPASSWORD = password;
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, '--dbname', url], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    const timer = watch ? setInterval(watch, 200) : null;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearInterval(timer);
      reject(
        new BackupError(
          BACKUP_ERRORS.failed,
          err.code === 'ENOENT' ? `${tool} was not found: install the PostgreSQL client tools (the same major version as the server, or newer).` : `${tool} could not be started: ${err.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      watch?.();
      if (code === 0) resolve();
      else {
        const detail = stderr.trim().split('\n').slice(-5).join('\n  ');
        reject(new BackupError(BACKUP_ERRORS.failed, `${tool} failed (${signal ?? `exit code ${code}`})${detail ? `:\n  ${detail}` : ''}`));
      }
    });
  });
}

/** Dumps the database as plain SQL with pg_dump: one consistent snapshot (pg_dump reads in a single repeatable-read transaction). */
export async function dumpPostgres(databaseUrl: string, dest: string, progress: (done: number) => void): Promise<void> {
  // The shared key vault stays out of every backup: a backup must die when the vault destroys a generation.
  await run('pg_dump', ['--no-owner', '--no-privileges', '--format=plain', `--exclude-table-data=${VAULT_TABLE}`, '--file', dest], databaseUrl, () => {
    try {
      progress(fs.statSync(dest).size);
    } catch {
      /* not created yet */
    }
  });
}

/** Applies a plain SQL dump with psql in one transaction: on any error nothing of it stays. */
export async function applyPostgres(databaseUrl: string, sqlFile: string): Promise<void> {
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', sqlFile], databaseUrl);
}

async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(BACKUP_ERRORS.failed, `cannot connect to ${describeDatabaseUrl(databaseUrl)}: ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The tables (and views) of a PostgreSQL database outside the system schemas. */
export async function postgresTables(databaseUrl: string): Promise<string[]> {
  return withClient(databaseUrl, async (c) => {
    const r = await c.query<{ name: string }>(
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') order by 1`,
    );
    return r.rows.map((x) => x.name);
  });
}

/** The migrations applied to a PostgreSQL database. */
export async function postgresSchema(databaseUrl: string): Promise<string[]> {
  return withClient(databaseUrl, async (c) => {
    const exists = await c.query(`select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1`, [MIGRATION_TABLE]);
    if (exists.rowCount === 0) return [];
    const r = await c.query<{ name: string }>(`select name from ${MIGRATION_TABLE} order by name`);
    return r.rows.map((x) => x.name);
  });
}
