/**
 * Identifier hashes that a seized server cannot reverse (issue 19). The
 * identifier key service runs as a real separate process (`parasol
 * identifier-service`) on a Unix socket. Acceptance: enumerating a million
 * candidate numbers with everything but the service's key recovers none of
 * the reported numbers, and the same attack with the key recovers them;
 * checks in three formats and matching across formats work with the service
 * apart, on both databases; the service refuses evaluations over its limit
 * and the member is told checking is unavailable; reports made while it is
 * down are accepted, their identifiers sealed to the service, and matched
 * once it returns; an installation with pepper-only hashes is converted by a
 * resumable migration, after which checks and matches work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifierHashesToMigrate, migrateIdentifierHashes } from '../../src/core/matching/identifier-migration.service.js';
import { resolvePendingIdentifiers } from '../../src/core/matching/pending-identifiers.service.js';
import { identifierHash, identifierPrehash } from '../../src/core/reports/identifiers.js';
import { oprfEvaluate } from '../../src/crypto/index.js';
import { DIALECTS, SURFACE_DIALECT, type DialectName } from '../helpers/dialects.js';
import { check, formValues, inviteCode, WARNING_FIELDS, joinWithCode, newCaseworker, publishWarning, safetySurfaces, staffLogin, submitReport, textOf, warningLinks, type Safety } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface ServiceProcess {
  readonly socket: string;
  readonly secretFile: string;
  readonly keyFile: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Starts `parasol identifier-service` as its own process and waits until it listens. */
async function startService(dir: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const socket = path.join(dir, 'ids.sock');
  const secretFile = path.join(dir, 'ids.secret');
  const keyFile = path.join(dir, 'ids.key');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'identifier-service'], {
    cwd: ROOT,
    env: { ...process.env, PARASOL_IDENTIFIER_SOCKET: socket, PARASOL_IDENTIFIER_SECRET_FILE: secretFile, PARASOL_IDENTIFIER_KEY_FILE: keyFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += String(c)));
  child.stderr!.on('data', (c: Buffer) => (out += String(c)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`identifier service did not start: ${out}`)), 30_000);
    child.stdout!.on('data', () => {
      if (out.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`identifier service exited ${code}: ${out}`)));
  });
  return {
    socket,
    secretFile,
    keyFile,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function serviceDir(): string {
  // Short: a Unix socket path is limited to about 100 bytes.
  return mkdtempSync(path.join(tmpdir(), 'ids-'));
}

async function withService(dialect: DialectName, env: Record<string, string>, body: (s: Safety, svc: ServiceProcess, dir: string) => Promise<void>): Promise<void> {
  const dir = serviceDir();
  const svc = await startService(dir, env);
  let s: Safety | null = null;
  try {
    s = await safetySurfaces(dialect, { identifierService: svc.socket, identifierSecretFile: svc.secretFile });
    await body(s, svc, dir);
  } finally {
    await s?.close();
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A UK mobile range of a million numbers, +44 7911 000000 to +44 7911 999999. */
function candidate(i: number): string {
  return `+447911${String(i).padStart(6, '0')}`;
}
const REPORTED = ['07911 123456', '+44 7911 654321', '07911 000777'];
const REPORTED_E164 = ['+447911123456', '+447911654321', '+447911000777'];

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`identifier service as a separate process, on ${name}`, () => {
    it('checks in three formats and matching of two reports in different formats work; stored hashes are OPRF outputs', { timeout: 120_000 }, async () => {
      await withService(name, {}, async (s) => {
        const db = s.t.ctx.core.db;
        // Caseworkers first: a report's key is sealed to the caseworkers there are when it arrives.
        const alice = await newCaseworker(s, s.soho.organisationId, 'alice.cw');
        const bea = await newCaseworker(s, s.soho.organisationId, 'bea.cw');
        const first = await submitReport(s, { id_value_1: '+44 7911 123456', description: 'First report.' });
        const second = await submitReport(s, { id_value_1: '07911 123 456', description: 'Second report.' });
        const notices = await db.selectFrom('match_notices').selectAll().execute();
        expect(notices).toHaveLength(1);
        const linked = await db.selectFrom('match_notice_reports').select('report_id').where('notice_id', '=', notices[0]!.id).orderBy('report_id').execute();
        expect(linked.map((l) => l.report_id)).toEqual([first.reportId, second.reportId].sort());
        for (const r of await db.selectFrom('report_identifiers').select('hash').execute()) expect(r.hash).toMatch(/^[0-9a-f]{128}$/);
        const a = await staffLogin(s, alice);
        const warningId = await publishWarning(s, a, await staffLogin(s, bea), first.reportId, { what: 'Refused to pay and took money from the worker.' });
        const member = await joinWithCode(s, await inviteCode(a), 'checker.one');
        for (const way of ['+44 7911 123456', '07911123456', '07911 123 456']) {
          const res = await check(member, way);
          expect(res.statusCode, way).toBe(200);
          expect(textOf(res.body), way).toContain('1 warning matches');
          expect(warningLinks(res.body), way).toEqual([warningId]);
        }
        expect(textOf((await check(member, '07911 654320')).body)).toContain('No active warning matches');
      });
    });
  });
}

describe('a seized main server', () => {
  it('with the database, data folder, secrets file and vault, enumerating a million numbers recovers none; with the service key too, it recovers them', { timeout: 300_000 }, async () => {
    await withService(SURFACE_DIALECT, {}, async (s, svc) => {
      for (const number of REPORTED) await submitReport(s, { id_value_1: number });
      const db = s.t.ctx.core.db;
      // What the attacker holds: every stored hash (reports, warnings, notices), every pending sealed value, and the pepper.
      const stored = new Set<string>();
      for (const t of ['report_identifiers', 'warning_identifiers', 'match_notices'] as const) for (const r of await db.selectFrom(t).select('hash').execute()) stored.add(r.hash);
      expect(stored.size).toBe(REPORTED.length);
      const pepper = s.t.ctx.secrets.pepper;
      const attack = (key: Buffer | null, from: number, to: number): string[] => {
        const found: string[] = [];
        for (let i = from; i < to; i++) {
          const pre = identifierPrehash(pepper, 'phone', candidate(i));
          // Without the key, the best guess is the pepper-only hash (and its raw bytes); with it, the OPRF itself.
          const guesses = key ? [oprfEvaluate(key, pre).toString('hex')] : [pre.toString('hex')];
          if (guesses.some((g) => stored.has(g))) found.push(candidate(i));
        }
        return found;
      };
      const indexes = REPORTED_E164.map((n) => Number(n.slice(-6)));
      for (const n of REPORTED_E164) expect(candidate(Number(n.slice(-6)))).toBe(n);
      expect(attack(null, 0, 1_000_000)).toEqual([]);
      // With the service's key file as well, the same attack finds every reported number. A million OPRF
      // evaluations take over an hour here, so this half walks the candidates around each reported number.
      const key = Buffer.from((JSON.parse(readFileSync(svc.keyFile, 'utf8')) as { oprfKey: string }).oprfKey, 'base64');
      const withKey = indexes.flatMap((i) => attack(key, i - 50, i + 50));
      expect(withKey.sort()).toEqual([...REPORTED_E164].sort());
    });
  });
});

describe('failing closed', () => {
  it('the service refuses evaluations over its limit, and the member is told checking is unavailable, with what they typed kept', { timeout: 120_000 }, async () => {
    await withService(SURFACE_DIALECT, { PARASOL_IDENTIFIER_PER_DAY: '2' }, async (s, svc) => {
      const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
      const member = await joinWithCode(s, await inviteCode(a), 'checker.two');
      expect((await check(member, '07911 111111')).statusCode).toBe(200);
      expect((await check(member, '07911 222222')).statusCode).toBe(200);
      const refused = await check(member, '07911 333333');
      expect(refused.statusCode).toBe(503);
      expect(textOf(refused.body)).toContain('Checking is unavailable for now.');
      expect(refused.body).toContain('value="07911 333333"');
      expect(textOf(refused.body)).not.toMatch(/No active warning matches|warning matches/);
      // Nothing counted for a check that could not be made.
      const counted = await s.t.ctx.core.db.selectFrom('member_check_counts').select('count').execute();
      expect(counted.reduce((n, r) => n + Number(r.count), 0)).toBe(2);
      // The service logs counts only, never an element.
      expect(svc.output()).not.toMatch(/[A-Za-z0-9+/]{40,}={0,2}/);
    });
  });

  it('while the service is down: reports are accepted with identifiers sealed, checks say checking is unavailable, and once it returns the reports are matched', { timeout: 120_000 }, async () => {
    const dir = serviceDir();
    let svc = await startService(dir);
    let s: Safety | null = null;
    try {
      s = await safetySurfaces(SURFACE_DIALECT, { identifierService: svc.socket, identifierSecretFile: svc.secretFile });
      const db = s.t.ctx.core.db;
      const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
      const member = await joinWithCode(s, await inviteCode(a), 'checker.three');
      const before = await submitReport(s, { id_value_1: '07911 424242' });
      await svc.stop();

      const during = await submitReport(s, { id_value_1: '+44 7911 424242', id_kind_2: 'email', id_value_2: 'Bad@Example.org' });
      expect(await db.selectFrom('report_identifiers').select('id').where('report_id', '=', during.reportId).execute()).toEqual([]);
      const pending = await db.selectFrom('report_identifiers_pending').selectAll().where('report_id', '=', during.reportId).execute();
      expect(pending).toHaveLength(2);
      // Sealed to the service's key: neither the pepper-only hash nor the number appears in what is stored.
      const prehash = identifierPrehash(s.t.ctx.secrets.pepper, 'phone', '+447911424242');
      for (const p of pending) {
        expect(Buffer.from(p.sealed).includes(prehash)).toBe(false);
        expect(Buffer.from(p.sealed).toString('latin1')).not.toContain('7911424242');
      }
      expect(await db.selectFrom('match_notices').selectAll().execute()).toEqual([]);

      const res = await check(member, '07911 424242');
      expect(res.statusCode).toBe(503);
      expect(textOf(res.body)).toContain('Checking is unavailable for now.');
      await expect(resolvePendingIdentifiers(s.t.ctx.core)).rejects.toThrow(/unavailable/);
      // A caseworker adding an identifier to a warning is told plainly, next to the field, with what they typed kept.
      const form = await a.get(`/safety/warnings/new?report=${before.reportId.slice(0, 8)}`);
      expect(form.statusCode).toBe(200);
      const draft = await a.post(`/safety/warnings/new?report=${before.reportId.slice(0, 8)}`, '/safety/warnings/new', {
        ...formValues(form.body, WARNING_FIELDS),
        report: before.reportId,
        what: 'Refused to pay and took money from the worker.',
        extra_kind: 'phone',
        extra_value: '07911 555000',
      });
      expect(draft.statusCode).toBe(400);
      expect(textOf(draft.body)).toContain('Identifiers cannot be checked or added right now: the identifier service is not answering.');
      expect(draft.body).toContain('value="07911 555000"');

      svc = await startService(dir);
      const resolved = await resolvePendingIdentifiers(s.t.ctx.core);
      expect(resolved.resolved).toBe(1);
      expect(await db.selectFrom('report_identifiers_pending').selectAll().execute()).toEqual([]);
      const notices = await db.selectFrom('match_notices').selectAll().execute();
      expect(notices).toHaveLength(1);
      const linked = await db.selectFrom('match_notice_reports').select('report_id').where('notice_id', '=', notices[0]!.id).orderBy('report_id').execute();
      expect(linked.map((l) => l.report_id)).toEqual([before.reportId, during.reportId].sort());
      expect((await check(member, '07911 424242')).statusCode).toBe(200);
    } finally {
      await s?.close();
      await svc.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`migrating pepper-only hashes, on ${name}`, () => {
    it('an installation made with the HMAC scheme (reports, warnings, match notices) is converted, resumably, and every check and match still works', { timeout: 120_000 }, async () => {
      const s = await safetySurfaces(name);
      try {
        const db = s.t.ctx.core.db;
        const alice = await newCaseworker(s, s.soho.organisationId, 'alice.cw');
        const bea = await newCaseworker(s, s.soho.organisationId, 'bea.cw');
        const a = await staffLogin(s, alice);
        const first = await submitReport(s, { id_value_1: '07911 123456', id_kind_2: 'plate', id_value_2: 'AB12 CDE' });
        await submitReport(s, { id_value_1: '+447911123456' });
        const warningId = await publishWarning(s, a, await staffLogin(s, bea), first.reportId, { what: 'Refused to pay and took money from the worker.' });
        const member = await joinWithCode(s, await inviteCode(a), 'checker.four');
        // Turn the installation into one made before the identifier service: every stored hash is the HMAC.
        for (const [kind, value] of [
          ['phone', '+447911123456'],
          ['plate', 'AB12CDE'],
        ] as const) {
          const now = await identifierHash(s.t.ctx.core, kind, value);
          const old = identifierPrehash(s.t.ctx.secrets.pepper, kind, value).toString('hex');
          for (const t of ['report_identifiers', 'warning_identifiers', 'match_notices'] as const) await db.updateTable(t).set({ hash: old }).where('hash', '=', now).execute();
        }
        expect(await identifierHashesToMigrate(s.t.ctx.core)).toEqual({ report_identifiers: 3, warning_identifiers: 2, match_notices: 1 });
        // Before the migration, nothing matches (no fallback to the old hash).
        expect(textOf((await check(member, '07911 123456')).body)).toContain('No active warning matches');

        // Interrupted after its first batch, then run again: it goes on where it stopped.
        await expect(
          migrateIdentifierHashes(s.t.ctx.core, {
            batch: 1,
            progress: () => {
              throw new Error('interrupted');
            },
          }),
        ).rejects.toThrow('interrupted');
        const left = await identifierHashesToMigrate(s.t.ctx.core);
        expect(left.report_identifiers).toBeGreaterThan(0);
        expect(left.report_identifiers).toBeLessThan(3);
        const lines: string[] = [];
        await migrateIdentifierHashes(s.t.ctx.core, { progress: (t, done, total) => lines.push(`${t}: ${done} of ${total}`) });
        expect(lines).toContain('warning_identifiers: 2 of 2');
        expect(await identifierHashesToMigrate(s.t.ctx.core)).toEqual({ report_identifiers: 0, warning_identifiers: 0, match_notices: 0 });
        expect(await migrateIdentifierHashes(s.t.ctx.core)).toBe(0);

        for (const way of ['+44 7911 123456', '07911123456', '07911 123 456']) expect(warningLinks((await check(member, way)).body), way).toEqual([warningId]);
        expect(warningLinks((await check(member, 'ab12-cde', 'plate')).body)).toEqual([warningId]);
        // A new report in another format joins the converted notice.
        const third = await submitReport(s, { id_value_1: '07911 123 456' });
        const notices = await db.selectFrom('match_notices').selectAll().execute();
        expect(notices).toHaveLength(1);
        const linked = await db.selectFrom('match_notice_reports').select('report_id').where('notice_id', '=', notices[0]!.id).execute();
        expect(linked.map((l) => l.report_id)).toContain(third.reportId);
        expect(linked).toHaveLength(3);
      } finally {
        await s.close();
      }
    });
  });
}
