/**
 * Acceptance: "parasol audit verify passes on an untouched database and
 * fails, naming the row, after any single UPDATE, DELETE or INSERT on the
 * audit table made directly in SQL, on both databases." The real command runs
 * as a child process against the test's database and a secrets file written
 * from the context's secrets, as an operator would run it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/audit.command.js';
import { loadConfig } from '../../src/config.js';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { chainHash } from '../../src/crypto/index.js';
import type { AuditLogTable } from '../../src/db/schema.js';
import { writeSecretsFile } from '../../src/infra/secrets.js';
import { DIALECTS } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, reporterWrites, submitReport, surfaces, textOf, type Surfaces } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

type AuditRow = { [K in keyof AuditLogTable]: AuditLogTable[K] };

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`parasol audit verify on ${name}`, () => {
    let s: Surfaces;
    let env: Record<string, string>;
    let rows: AuditRow[];

    const verify = () => runCli(['audit', 'verify'], env);
    /**
     * The same command in this process (auditCommand with a config read from
     * the same environment): for the extra tamperings, so that the suite stays
     * quick; the required ones all go through a real child process.
     */
    const verifyInProcess = async (): Promise<Run> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await auditCommand(loadConfig(env), { out: (l) => out.push(l), err: (l) => err.push(l) }, 'verify');
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    const db = () => s.t.ctx.core.db;
    const brokenAt = (r: Run) => Number(/BROKEN at entry (-?\d+)/.exec(r.stderr + r.stdout)?.[1] ?? NaN);

    beforeAll(async () => {
      s = await surfaces(name);
      // Real activity: logins (one failed), reads, a reply, a note, a logout.
      const coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
      const a = await submitReport(s, { description: 'Audit report A' });
      const b = await submitReport(s, { description: 'Audit report B' });
      await reporterWrites(s, a.receipt, 'Are you there?');
      expect((await coordinator.get(`/reports/${a.reportId}`)).statusCode).toBe(200);
      expect((await coordinator.post(`/reports/${a.reportId}`, `/reports/${a.reportId}/reply`, { reply: 'Yes, we are here.' })).statusCode).toBe(303);
      expect((await coordinator.post(`/reports/${a.reportId}`, `/reports/${a.reportId}/note`, { note: 'Called the clinic.' })).statusCode).toBe(303);
      expect((await coordinator.post(`/reports/${b.reportId}`, `/reports/${b.reportId}/status`, { status: 'in_progress' })).statusCode).toBe(303);
      const stranger = new StaffClient(s.staff, s.clock);
      expect((await stranger.post('/login', '/login', { username: s.coordinator.username, password: 'not the password', code: '123456' })).statusCode).toBe(401);
      expect((await coordinator.post('/inbox', '/logout', {})).statusCode).toBe(303);

      const secretsFile = path.join(s.t.database.dataDir, 'secrets.json');
      writeSecretsFile(secretsFile, s.t.ctx.secrets);
      env = { PARASOL_DATA_DIR: s.t.database.dataDir, PARASOL_SECRETS_FILE: secretsFile, DATABASE_URL: s.t.database.databaseUrl ?? '' };
      if (name === 'sqlite') expect(path.join(s.t.database.dataDir, 'parasol.sqlite')).toBe(s.t.database.sqliteFile);
      rows = (await db().selectFrom('audit_log').selectAll().orderBy('seq').execute()) as AuditRow[];
    }, 120_000);
    afterAll(async () => {
      await s?.close();
    });

    it('has a chain worth checking', () => {
      expect(rows.length).toBeGreaterThanOrEqual(8);
      expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['login', 'login_failed', 'report_read', 'message_sent', 'note_added', 'status_changed', 'logout']));
      expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    });

    it('passes on the untouched database', async () => {
      const r = await verify();
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`The audit chain is intact: ${rows.length} entries verified.`);
    }, 60_000);

    /** Runs one tampering, checks the command names `expected`, undoes it, and checks the chain is whole again. */
    async function tampered(what: string, expected: number, change: () => Promise<void>, undo: () => Promise<void>, how: 'child process' | 'in process' = 'child process'): Promise<void> {
      await change();
      try {
        const r = how === 'child process' ? await verify() : await verifyInProcess();
        expect(r.code, `${what}: exit code (stdout ${r.stdout} stderr ${r.stderr})`).toBe(1);
        expect(r.stdout, what).not.toContain('intact');
        expect(brokenAt(r), `${what}: ${r.stderr}`).toBe(expected);
        expect(r.stderr).toContain(`entry ${expected}`);
      } finally {
        await undo();
      }
      expect(await verifyAudit(db(), s.t.ctx.secrets), `${what}: undone`).toMatchObject({ ok: true });
    }

    const middle = () => rows[Math.floor(rows.length / 2)]!;
    const last = () => rows[rows.length - 1]!;
    const first = () => rows[0]!;
    const seqOf = (r: AuditRow) => Number(r.seq);

    async function restore(row: AuditRow) {
      await db().deleteFrom('audit_log').where('seq', '=', seqOf(row)).execute();
      await db().insertInto('audit_log').values(row).execute();
    }

    it('fails naming the entry after an UPDATE of a middle row (detail, action, time, actor, link)', async () => {
      const m = middle();
      await tampered(
        'detail',
        seqOf(m),
        () => sql`update audit_log set detail = ${'{"status":"closed"}'} where seq = ${seqOf(m)}`.execute(db()).then(() => {}),
        () => restore(m),
      );
      await tampered(
        'action',
        seqOf(m),
        () => sql`update audit_log set action = ${m.action === 'login' ? 'logout' : 'login'} where seq = ${seqOf(m)}`.execute(db()).then(() => {}),
        () => restore(m),
      );
      await tampered(
        'time',
        seqOf(m),
        () => sql`update audit_log set at = ${'2020-01-01T00:00:00.000Z'} where seq = ${seqOf(m)}`.execute(db()).then(() => {}),
        () => restore(m),
        'in process',
      );
      await tampered(
        'actor',
        seqOf(m),
        () => sql`update audit_log set actor_user_id = null where seq = ${seqOf(m)}`.execute(db()).then(() => {}),
        () => restore(m),
        'in process',
      );
      await tampered(
        'prev_hash',
        seqOf(m),
        () => sql`update audit_log set prev_hash = ${'f'.repeat(64)} where seq = ${seqOf(m)}`.execute(db()).then(() => {}),
        () => restore(m),
        'in process',
      );
    }, 120_000);

    it('fails naming the entry after a DELETE of a middle, the first or the last row', async () => {
      for (const [row, how] of [
        [middle(), 'child process'],
        [last(), 'child process'],
        [first(), 'in process'],
      ] as const) {
        await tampered(
          `delete ${seqOf(row)}`,
          seqOf(row),
          () => sql`delete from audit_log where seq = ${seqOf(row)}`.execute(db()).then(() => {}),
          () =>
            db()
              .insertInto('audit_log')
              .values(row)
              .execute()
              .then(() => {}),
          how,
        );
      }
    }, 120_000);

    it('fails naming the entry after an UPDATE of the last row’s hash', async () => {
      const l = last();
      await tampered(
        'last hash',
        seqOf(l),
        () => sql`update audit_log set hash = ${createHash('sha256').update('forged').digest('hex')} where seq = ${seqOf(l)}`.execute(db()).then(() => {}),
        () => restore(l),
      );
    }, 60_000);

    it('fails naming the entry after an INSERT of a forged row at the end, or outside the chain', async () => {
      const l = last();
      const next = seqOf(l) + 1;
      const forged = {
        seq: next,
        at: s.clock.now().toISOString(),
        organisation_id: l.organisation_id,
        actor_user_id: s.coordinator.userId,
        action: 'report_read',
        subject_type: 'report',
        subject_id: 'f'.repeat(32),
        detail: '{}',
      };
      // The forger knows the format but not the key in the secrets file: a plausible hash under a guessed key.
      const hash = chainHash(createHash('sha256').update('guessed key').digest(), l.hash, forged);
      const insert = (row: Record<string, unknown>) =>
        db()
          .insertInto('audit_log')
          .values(row as AuditRow)
          .execute()
          .then(() => {});
      const remove = (seq: number) =>
        db()
          .deleteFrom('audit_log')
          .where('seq', '=', seq)
          .execute()
          .then(() => {});
      await tampered(
        'insert at end',
        next,
        () => insert({ ...forged, prev_hash: l.hash, hash }),
        () => remove(next),
      );
      await tampered(
        'insert with seq 0',
        0,
        () => insert({ ...forged, seq: 0, prev_hash: '0'.repeat(64), hash }),
        () => remove(0),
        'in process',
      );
      // A row after a gap: the message names the first missing entry and the forged one.
      const far = next + 5;
      await change_and_check_gap(far);

      async function change_and_check_gap(seq: number) {
        await insert({ ...forged, seq, prev_hash: l.hash, hash });
        try {
          const r = await verifyInProcess();
          expect(r.code).toBe(1);
          expect(brokenAt(r)).toBe(next);
          expect(r.stderr).toContain(`next is ${seq}`);
        } finally {
          await remove(seq);
        }
      }
      expect(await verifyAudit(db(), s.t.ctx.secrets)).toMatchObject({ ok: true });
    }, 120_000);

    it('passes again once every change is undone, and the admin page tells the coordinator when it is broken', async () => {
      const r = await verifyInProcess();
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${rows.length} entries verified`);

      const m = middle();
      await sql`update audit_log set detail = ${'{"forged":true}'} where seq = ${seqOf(m)}`.execute(db());
      const coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
      const page = await coordinator.get('/admin/audit');
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain(`The chain is broken at entry ${seqOf(m)}`);
      await restore(m);
      expect(textOf((await coordinator.get('/admin/audit')).body)).toMatch(/The chain is intact: \d+ entries verified\./);
    }, 60_000);

    it('refuses to verify with the wrong secrets file (another installation’s key)', async () => {
      const other = path.join(s.t.database.dataDir, 'other-secrets.json');
      const { generateSecrets } = await import('../../src/infra/secrets.js');
      if (!fs.existsSync(other)) writeSecretsFile(other, generateSecrets());
      const out: string[] = [];
      const code = await auditCommand(loadConfig({ ...env, PARASOL_SECRETS_FILE: other }), { out: (l) => out.push(l), err: (l) => out.push(l) }, 'verify');
      const r: Run = { code, stdout: '', stderr: out.join('\n') };
      expect(r.code).toBe(1);
      expect(brokenAt(r)).toBe(1);
    }, 60_000);
  });
}
