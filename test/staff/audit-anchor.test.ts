/**
 * The audit anchor (issue 12 item 3), on both databases: a log cut from its
 * end, with `audit_head` reset to match, passes the chain walk but fails
 * `parasol audit verify` against this data folder's keyed checkpoint; so do
 * a reset head, a database restored from an older copy, a cut log that has
 * grown again, an altered checkpoint and `--expect` with a hash the log does
 * not hold. A restore into a fresh folder starts a checkpoint at the restored
 * head and prints it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/audit.command.js';
import { backupCommand } from '../../src/cli/backup.command.js';
import { loadConfig } from '../../src/config.js';
import { appendAudit } from '../../src/core/audit/audit.service.js';
import { writeSecretsFile } from '../../src/infra/secrets.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, submitReport, surfaces, textOf, type Surfaces } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        resolve({ code, out: String(stdout), err: String(stderr) });
      },
    );
  });
}

const quiet = new Writable({ write: (_c, _e, cb) => cb() });

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`the audit anchor on ${name}`, () => {
    let s: Surfaces;
    let env: Record<string, string>;
    const db = () => s.t.ctx.core.db;
    const checkpointFile = () => path.join(s.t.database.dataDir, 'audit-checkpoint.json');
    const cli = async (args: string[], extraEnv: Record<string, string> = {}): Promise<Run> => {
      const out: string[] = [];
      const err: string[] = [];
      const [command, sub, ...rest] = args;
      const config = loadConfig({ ...env, ...extraEnv });
      const code =
        command === 'audit'
          ? await auditCommand(config, { out: (l) => out.push(l), err: (l) => err.push(l) }, sub, { expect: rest[0] === '--expect' ? rest[1] : undefined })
          : await backupCommand(config, { out: (l) => out.push(l), err: (l) => err.push(l) }, [sub!], { out: rest[0] === '--out' ? rest[1] : undefined }, {}, quiet as unknown as NodeJS.WriteStream);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const rowsFrom = (seq: number) => db().selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
    /** What someone with write access to the database (and no secrets file) does: delete the last entries and set the head back. */
    async function cut(n: number) {
      const head = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      const keep = Number(head.seq) - n;
      const removed = await rowsFrom(keep);
      const last = await db().selectFrom('audit_log').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow();
      await db().deleteFrom('audit_log').where('seq', '>', keep).execute();
      await db().updateTable('audit_head').set({ seq: keep, hash: last.hash }).where('id', '=', 1).execute();
      return async () => {
        await db().insertInto('audit_log').values(removed).execute();
        await db().updateTable('audit_head').set({ seq: head.seq, hash: head.hash }).where('id', '=', 1).execute();
      };
    }

    beforeAll(async () => {
      s = await surfaces(name);
      const coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
      const a = await submitReport(s, { description: 'Anchor report' });
      expect((await coordinator.get(`/reports/${a.reportId}`)).statusCode).toBe(200);
      expect((await coordinator.post('/inbox', '/logout', {})).statusCode).toBe(303);
      // (Optional only so that this file runs, and fails, on the code from before the anchor.)
      await s.t.ctx.auditAnchor?.follow(db());
      const secretsFile = path.join(s.t.database.dataDir, 'secrets.json');
      writeSecretsFile(secretsFile, s.t.ctx.secrets);
      env = { PARASOL_DATA_DIR: s.t.database.dataDir, PARASOL_SECRETS_FILE: secretsFile, DATABASE_URL: s.t.database.databaseUrl ?? '' };
    }, 120_000);
    afterAll(async () => {
      await s?.close();
    });

    it('the data folder keeps a private, keyed checkpoint of the head, after each answer', async () => {
      const head = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      expect(Number(head.seq)).toBeGreaterThanOrEqual(3);
      const cp = JSON.parse(fs.readFileSync(checkpointFile(), 'utf8')) as { seq: number; hash: string; mac: string };
      expect(cp.seq).toBe(Number(head.seq));
      expect(cp.hash).toBe(head.hash);
      expect(cp.mac).toMatch(/^[0-9a-f]{64}$/);
      expect((fs.statSync(checkpointFile()).mode & 0o777).toString(8)).toBe('600');
      const r = await cli(['audit', 'verify']);
      expect(r).toMatchObject({ code: 0, err: '' });
    });

    it('cutting the last entries and resetting audit_head: `parasol audit verify` exits 1 and says the log was cut', async () => {
      const undo = await cut(2);
      try {
        const r = await runCli(['audit', 'verify'], env);
        expect(r.code, r.out + r.err).toBe(1);
        expect(r.err).toContain('the log was cut');
        expect(r.out).not.toContain('intact');
      } finally {
        await undo();
      }
      expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
    }, 60_000);

    it('a reset head alone (every entry still there) fails too', async () => {
      const head = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      const prev = await db()
        .selectFrom('audit_log')
        .select('hash')
        .where('seq', '=', Number(head.seq) - 1)
        .executeTakeFirstOrThrow();
      await db()
        .updateTable('audit_head')
        .set({ seq: Number(head.seq) - 1, hash: prev.hash })
        .where('id', '=', 1)
        .execute();
      try {
        const r = await cli(['audit', 'verify']);
        expect(r.code).toBe(1);
        expect(r.err).toContain('the log was cut');
      } finally {
        await db().updateTable('audit_head').set({ seq: head.seq, hash: head.hash }).where('id', '=', 1).execute();
      }
    });

    it('`audit head` prints the head; `verify --expect` passes with it and fails with a hash the log does not hold', async () => {
      const head = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      const printed = await cli(['audit', 'head']);
      expect(printed.code).toBe(0);
      expect(printed.out).toContain(`Audit head: entry ${Number(head.seq)}, hash ${head.hash}`);
      expect((await cli(['audit', 'verify', '--expect', head.hash])).code).toBe(0);
      const wrong = await runCli(['audit', 'verify', '--expect', 'ab'.repeat(32)], env);
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain(`the head you recorded (${'ab'.repeat(32)}) is not in the log`);
      // A recorded head survives later entries; a cut below it does not, even without any checkpoint.
      const undo = await cut(1);
      fs.renameSync(checkpointFile(), `${checkpointFile()}.aside`);
      try {
        const r = await cli(['audit', 'verify', '--expect', head.hash]);
        expect(r.code).toBe(1);
        expect(r.err).toContain('is not in the log');
      } finally {
        fs.rmSync(checkpointFile(), { force: true });
        fs.renameSync(`${checkpointFile()}.aside`, checkpointFile());
        await undo();
      }
    });

    it('an altered checkpoint is refused, and so is one others can read', async () => {
      const original = fs.readFileSync(checkpointFile(), 'utf8');
      const cp = JSON.parse(original) as { seq: number };
      fs.writeFileSync(checkpointFile(), JSON.stringify({ ...cp, seq: cp.seq - 2 }));
      try {
        const r = await cli(['audit', 'verify']);
        expect(r.code).toBe(1);
        expect(r.err).toContain('was altered or belongs to other secrets');
        fs.writeFileSync(checkpointFile(), original);
        fs.chmodSync(checkpointFile(), 0o644);
        expect((await cli(['audit', 'verify'])).err).toContain('is readable by others');
      } finally {
        fs.writeFileSync(checkpointFile(), original, { mode: 0o600 });
        fs.chmodSync(checkpointFile(), 0o600);
      }
    });

    it('a database restored from an older copy fails; a restore into a fresh folder starts a checkpoint at the restored head', async () => {
      const backup = path.join(s.t.database.dataDir, 'older.parasol-backup');
      expect((await cli(['backup', 'create', '--out', backup])).code).toBe(0);
      const older = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      // Work goes on after the backup; the checkpoint follows.
      await appendAudit(db(), s.t.ctx.secrets, s.t.ctx.clock, { organisationId: null, actorUserId: null, action: 'audit_read' });
      await s.t.ctx.auditAnchor.follow(db());

      // The database is lost and restored from the backup, in the same data folder (its checkpoint stays).
      let target: TestDatabase = await freshDatabase(name);
      const sameFolder = { PARASOL_DATA_DIR: s.t.database.dataDir, DATABASE_URL: target.databaseUrl ?? '', PARASOL_SQLITE_FILE: '' };
      try {
        const sqliteFile = name === 'sqlite' ? path.join(target.dataDir, 'parasol.sqlite') : undefined;
        const restoreIn = async (extra: Record<string, string>, file?: string) => {
          const config = loadConfig({ ...env, ...extra }, file ? { sqliteFile: file } : {});
          const out: string[] = [];
          const err: string[] = [];
          const code = await backupCommand(config, { out: (l) => out.push(l), err: (l) => err.push(l) }, ['restore', backup], {}, {}, quiet as unknown as NodeJS.WriteStream);
          const verified: string[] = [];
          const vcode = await auditCommand(config, { out: (l) => verified.push(l), err: (l) => verified.push(l) }, 'verify');
          return { code, out: out.join('\n'), err: err.join('\n'), vcode, verified: verified.join('\n') };
        };
        const same = await restoreIn(sameFolder, sqliteFile);
        expect(same.code, same.err).toBe(0);
        expect(same.err).toContain('the log was cut');
        expect(same.vcode).toBe(1);
        expect(same.verified).toContain('the log was cut');
        expect(same.verified).toContain('restored from an older copy');
        await target.drop();

        // Into a fresh folder (a new machine): legitimate; the checkpoint starts at the restored head.
        target = await freshDatabase(name);
        const fresh = await restoreIn({ PARASOL_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '' }, name === 'sqlite' ? path.join(target.dataDir, 'parasol.sqlite') : undefined);
        expect(fresh.code, fresh.err).toBe(0);
        expect(fresh.out).toContain(`The restored audit log ends at entry ${Number(older.seq)}, head ${older.hash}`);
        expect(fs.existsSync(path.join(target.dataDir, 'audit-checkpoint.json'))).toBe(true);
        expect(fresh.vcode, fresh.verified).toBe(0);
      } finally {
        await target.drop();
      }
    }, 120_000);

    it('a cut log that grows again is still caught, and the checkpoint does not follow it', async () => {
      const before = fs.readFileSync(checkpointFile(), 'utf8');
      await cut(2);
      // The server goes on writing: the log reaches and passes the checkpoint's count with other entries.
      for (let i = 0; i < 4; i++) await appendAudit(db(), s.t.ctx.secrets, s.t.ctx.clock, { organisationId: null, actorUserId: null, action: 'audit_read' });
      expect(await s.t.ctx.auditAnchor.advance(db())).toMatch(/is not the one recorded in the audit checkpoint/);
      expect(fs.readFileSync(checkpointFile(), 'utf8')).toBe(before);
      const r = await runCli(['audit', 'verify'], env);
      expect(r.code).toBe(1);
      expect(r.err).toContain('is not the one recorded in the audit checkpoint');
      // The coordinator's audit page says so too.
      const coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
      const page = await coordinator.get('/admin/audit');
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('The chain is broken at entry');
      expect(textOf(page.body)).toContain('is not the one recorded in the audit checkpoint');
    }, 60_000);
  });
}
