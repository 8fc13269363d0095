/**
 * Database tests run on both dialects: SQLite (in memory or a temp file) and
 * PostgreSQL (a fresh database per test file on the machine's server). Where
 * no PostgreSQL server answers, its tests are skipped with a clear line,
 * unless PARASOL_REQUIRE_POSTGRES=1 (CI), where that is a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomId } from '../../src/crypto/index.js';

export const POSTGRES_ADMIN_URL = process.env.PARASOL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_POSTGRES = /^(1|true|yes)$/i.test(process.env.PARASOL_REQUIRE_POSTGRES ?? '');

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const POSTGRES_AVAILABLE = await postgresReachable();
if (!POSTGRES_AVAILABLE) {
  if (REQUIRE_POSTGRES) throw new Error(`PostgreSQL is required (PARASOL_REQUIRE_POSTGRES=1) but ${POSTGRES_ADMIN_URL} did not answer`);
  console.warn(`PostgreSQL tests SKIPPED: no server answered at ${POSTGRES_ADMIN_URL}`);
}

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase {
  readonly dialect: DialectName;
  /** Set for PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** The SQLite file (a temp file, so that WAL and the file itself can be inspected). */
  readonly sqliteFile: string;
  readonly dataDir: string;
  drop(): Promise<void>;
}

/** Makes a fresh, empty database of the dialect. */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-test-'));
  if (dialect === 'sqlite') {
    return {
      dialect,
      databaseUrl: undefined,
      sqliteFile: path.join(dataDir, 'parasol.sqlite'),
      dataDir,
      async drop() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `parasol_t_${randomId().slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    databaseUrl: url.toString(),
    sqliteFile: path.join(dataDir, 'unused.sqlite'),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The dialects to run database tests on, with whether each is available. */
export const DIALECTS: ReadonlyArray<{ name: DialectName; available: boolean }> = [
  { name: 'sqlite', available: true },
  { name: 'postgres', available: POSTGRES_AVAILABLE },
];

/** The dialect for surface tests: PARASOL_TEST_DIALECT=postgres runs them on PostgreSQL. */
export const SURFACE_DIALECT: DialectName = process.env.PARASOL_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
