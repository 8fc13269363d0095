/**
 * Every bad setting gets one plain line naming the setting and what to do,
 * and exit 1 where the server cannot work: never a stack trace, never a
 * server that starts and then fails every report. Each case runs the real
 * `parasol serve` (or `migrate`) as an operator would, on an installation
 * made by `parasol init`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { cli, hasStackTrace, type CliResult } from './support.js';

const NOBODY = 65534;
let root: string;
let dataDir: string;

/** A copy of the installation made in beforeAll, to break one thing in. */
function copyInstall(name: string): string {
  const dir = path.join(root, name);
  fs.cpSync(dataDir, dir, { recursive: true });
  return dir;
}

function expectOneLine(r: CliResult, code: number, ...words: string[]): void {
  expect(hasStackTrace(r.stderr + r.stdout), r.stderr).toBe(false);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  for (const w of words) expect(lines[0]).toContain(w);
  expect(r.code, r.stderr).toBe(code);
}

const serve = (env: Record<string, string>, dir = dataDir) =>
  cli(['serve'], { PARASOL_DATA_DIR: dir, PARASOL_INSECURE_FAST_KDF: '1', PARASOL_REPORTER_PORT: '0', PARASOL_STAFF_PORT: '0', ...env }, { timeoutMs: 30_000 });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-settings-'));
  fs.chmodSync(root, 0o755);
  dataDir = path.join(root, 'data');
  const r = await cli(['init', '--organisation', 'Test'], { PARASOL_DATA_DIR: dataDir, PARASOL_INSECURE_FAST_KDF: '1' });
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('bad settings: one line, exit 1', () => {
  it.each([
    [{ PARASOL_LOG_LEVEL: 'loud' }, ['PARASOL_LOG_LEVEL', 'debug']],
    [{ DATABASE_URL: 'mysql://parasol@db.example.org/parasol' }, ['DATABASE_URL', 'postgres://']],
    [{ DATABASE_URL: 'postgres:///parasol' }, ['DATABASE_URL', 'no host']],
    [{ DATABASE_URL: 'parasol.sqlite' }, ['DATABASE_URL', 'not a URL']],
    [{ PARASOL_SMTP_URL: 'mail.example.org' }, ['PARASOL_SMTP_URL']],
    [{ PARASOL_SMTP_URL: 'https://mail.example.org' }, ['PARASOL_SMTP_URL', 'smtp://']],
    [{ REDIS_URL: 'localhost:6379' }, ['REDIS_URL']],
    [{ PARASOL_INSECURE_FAST_KDF: '', PARASOL_KDF_MEMLIMIT_MIB: '65536' }, ['PARASOL_KDF_MEMLIMIT_MIB', '1024']],
    [{ PARASOL_INSECURE_FAST_KDF: '', PARASOL_KDF_MEMLIMIT_MIB: '1024', PARASOL_KDF_CONCURRENCY: '16' }, ['PARASOL_KDF_CONCURRENCY', 'MiB']],
    [{ PARASOL_PG_POOL_SIZE: '5000' }, ['PARASOL_PG_POOL_SIZE', '100']],
    [{ PARASOL_STAFF_IDLE_MINUTES: 'ten' }, ['PARASOL_STAFF_IDLE_MINUTES']],
    [{ PARASOL_STAFF_PORT: '70000' }, ['PARASOL_STAFF_PORT', '65535']],
  ])('%j', async (env, words) => {
    expectOneLine(await serve(env as Record<string, string>), 1, ...words);
  });

  it('an unreachable REDIS_URL: one line at start, no stack traces, exit 1', async () => {
    expectOneLine(await serve({ REDIS_URL: 'redis://127.0.0.1:1' }), 1, 'REDIS_URL', 'does not answer', 'unset REDIS_URL');
  });

  it('a secrets file readable by others (0644)', async () => {
    const dir = copyInstall('secrets-0644');
    fs.chmodSync(path.join(dir, 'secrets.json'), 0o644);
    expectOneLine(await serve({}, dir), 1, 'secrets.json', 'chmod 600');
  });

  it('a secrets file that exists but cannot be read is not told to run init', async () => {
    const dir = copyInstall('secrets-unreadable');
    // Root reads every file: the server runs without the capabilities that pass over file modes, and the secrets
    // file belongs to another user (0600).
    fs.chownSync(path.join(dir, 'secrets.json'), NOBODY, NOBODY);
    const s = await cli(['serve'], { PARASOL_DATA_DIR: dir, PARASOL_INSECURE_FAST_KDF: '1', PARASOL_REPORTER_PORT: '0', PARASOL_STAFF_PORT: '0' }, { asUnprivileged: true, timeoutMs: 30_000 });
    expectOneLine(s, 1, 'secrets.json', 'cannot be read', 'EACCES');
    expect(s.stderr).not.toContain('parasol init');
  });

  it('a missing secrets file says to run init', async () => {
    expectOneLine(await serve({}, path.join(root, 'nothing-here')), 1, 'no secrets file', 'parasol init');
  });

  it('a vault file readable by others (0644)', async () => {
    const dir = copyInstall('vault-0644');
    fs.chmodSync(path.join(dir, 'vault.json'), 0o644);
    expectOneLine(await serve({}, dir), 1, 'vault.json', 'chmod 600');
  });

  it('a corrupt vault file', async () => {
    const dir = copyInstall('vault-corrupt');
    fs.writeFileSync(path.join(dir, 'vault.json'), '{"version": 1, "gener', { mode: 0o600 });
    expectOneLine(await serve({}, dir), 1, 'vault.json', 'not valid JSON', 'restore');
  });

  it('a missing vault file when the database holds sealed reports and no vault (a restored backup)', async () => {
    const dir = copyInstall('vault-missing');
    fs.rmSync(path.join(dir, 'vault.json'));
    const db = new BetterSqlite3(path.join(dir, 'parasol.sqlite'));
    db.pragma('foreign_keys = OFF');
    // A backup never holds the shared vault's rows: this is the database as `backup restore` leaves it.
    db.prepare('delete from vault_generations').run();
    db.prepare('insert into report_vault (report_id, generation, wrapped_key) values (?, 1, ?)').run('r1', Buffer.alloc(48));
    db.close();
    expectOneLine(await serve({}, dir), 1, 'vault.json', 'PARASOL_VAULT_FILE', 'missing', 'restore');
  });

  it("another installation's vault file", async () => {
    const dir = copyInstall('vault-foreign');
    const file = path.join(dir, 'vault.json');
    const vault = JSON.parse(fs.readFileSync(file, 'utf8')) as { generations: Array<{ key: string }> };
    for (const g of vault.generations) g.key = Buffer.alloc(32, 7).toString('base64');
    fs.writeFileSync(file, JSON.stringify(vault), { mode: 0o600 });
    expectOneLine(await serve({}, dir), 1, 'vault.json', 'PARASOL_VAULT_FILE', 'not the vault this database shares');
  });

  it('a read-only data folder stops the start with one line, before anything listens', async () => {
    const dir = copyInstall('read-only');
    // The folder belongs to another user (0755); the server runs without the capabilities that pass over file
    // modes and owns the files in it, not the folder.
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, NOBODY, NOBODY);
    const r = await cli(['serve'], { PARASOL_DATA_DIR: dir, PARASOL_INSECURE_FAST_KDF: '1', PARASOL_REPORTER_PORT: '0', PARASOL_STAFF_PORT: '0' }, { asUnprivileged: true, timeoutMs: 30_000 });
    expectOneLine(r, 1, dir, 'PARASOL_DATA_DIR', 'cannot be written');
    expect(r.stdout).not.toContain('reporter surface');
  });
});

describe('settings that were fixed in code', () => {
  it('the PostgreSQL pool size and staff session timeouts are settings', () => {
    const c = loadConfig({ PARASOL_PG_POOL_SIZE: '4', PARASOL_STAFF_IDLE_MINUTES: '15', PARASOL_STAFF_MAX_HOURS: '8' });
    expect(c.pgPoolSize).toBe(4);
    expect(c.staffIdleMs).toBe(15 * 60_000);
    expect(c.staffAbsoluteMs).toBe(8 * 3_600_000);
    const d = loadConfig({});
    expect([d.pgPoolSize, d.staffIdleMs, d.staffAbsoluteMs]).toEqual([10, 30 * 60_000, 12 * 3_600_000]);
    expect(() => loadConfig({ PARASOL_STAFF_IDLE_MINUTES: '600', PARASOL_STAFF_MAX_HOURS: '2' })).toThrow(ConfigError);
  });
});
