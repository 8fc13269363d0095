/**
 * Files and logs (issue 12 item 7): the SQLite database, its WAL and SHM are
 * private (0600) even in a data folder that already existed, Parasol refuses
 * a database file others can read with one line, and the staff surface logs
 * the route pattern, never the path (which may hold a live invitation token).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { connect } from '../../src/db/connect.js';
import { generateSecrets, writeSecretsFile } from '../../src/infra/secrets.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { captureLog, testContext, type TestContext } from '../helpers/context.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function existingFolder(): string {
  // An operator's mkdir: the folder is there, world-readable, before Parasol ever runs.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-modes-'));
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

const modeOf = (f: string) => fs.statSync(f).mode & 0o777;

describe('SQLite files in a data folder that already exists', () => {
  it('the database, its WAL and its SHM are created 0600', async () => {
    const file = path.join(existingFolder(), 'parasol.sqlite');
    const h = connect({ sqliteFile: file });
    try {
      await sql`create table t (a integer)`.execute(h.db);
      await sql`insert into t values (1)`.execute(h.db);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(fs.existsSync(f), f).toBe(true);
        expect(modeOf(f).toString(8), f).toBe('600');
      }
    } finally {
      await h.close();
    }
  });

  it('a database file others can read is refused with one line naming it, and nothing is opened', () => {
    const file = path.join(existingFolder(), 'parasol.sqlite');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    let message = '';
    try {
      connect({ sqliteFile: file });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`the database file ${file} is readable by others: chmod 600 ${file}*`);
    expect(message).not.toContain('\n');
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('`parasol serve` refuses such a database with that one line and exit code 1', async () => {
    const dir = existingFolder();
    const file = path.join(dir, 'parasol.sqlite');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    // The secrets file is read first: there is one, so that the database is what is refused.
    writeSecretsFile(path.join(dir, 'secrets.json'), generateSecrets());
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'serve'],
        { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PARASOL_DATA_DIR: dir, PARASOL_STAFF_PORT: '0', PARASOL_REPORTER_PORT: '0' }, timeout: 20_000 },
        (err, _out, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr: String(stderr) });
        },
      );
    });
    expect(run.stderr).toBe(`the database file ${file} is readable by others: chmod 600 ${file}*\n`);
    expect(run.code).toBe(1);
  }, 60_000);

  it('a WAL file others can read is refused too', () => {
    const file = path.join(existingFolder(), 'parasol.sqlite');
    fs.writeFileSync(file, '', { mode: 0o600 });
    fs.writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    fs.chmodSync(`${file}-wal`, 0o644);
    expect(() => connect({ sqliteFile: file })).toThrow(/parasol\.sqlite-wal is readable by others/);
  });
});

describe('request log lines', () => {
  let t: TestContext;
  afterAll(async () => {
    await t?.close();
  });

  it('the staff surface logs the route pattern of an invitation, never its token or any path', async () => {
    t = await testContext('sqlite', { config: { logLevel: 'info' } });
    const log = captureLog();
    const staff = await buildStaffApp(t.ctx, { logStream: log.stream });
    const reporter = await buildReporterApp(t.ctx, { logStream: log.stream });
    try {
      const org = (await t.ctx.core.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
      const token = await createInvitation(t.ctx.core, org, 'caseworker');
      const res = await staff.inject({ method: 'GET', url: `/invite/${token}?x=secret-query` });
      expect(res.statusCode).toBe(200);
      await staff.inject({ method: 'GET', url: '/no-such-page/unlisted-path-text' });
      await reporter.inject({ method: 'GET', url: '/no-such-page/reporter-path-text' });
      const text = log.text();
      expect(text).toContain('"route":"/invite/:token"');
      expect(text).not.toContain(token);
      expect(text).not.toContain('secret-query');
      expect(text).not.toContain('unlisted-path-text');
      expect(text).not.toContain('reporter-path-text');
      expect(text).not.toContain('"path"');
    } finally {
      await staff.close();
      await reporter.close();
    }
  });
});
