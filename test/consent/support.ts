/**
 * Shared set-up for the consent, disclosure, identity-escrow and retention
 * tests: a real installation with the key vault in a file (so that the
 * vault can be left out of a "backup" and a child process can share it),
 * the demo accounts by role, the reporter's follow-up page, key pairs
 * recovered the way a person with the password or recovery key would, and
 * the audit entries of an action.
 */
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { createDemo, type DemoKey } from '../../src/demo/demo.service.js';
import { deriveLoginSecrets, recoveryKek, unwrapSecretKey, type KeyPair } from '../../src/crypto/index.js';
import { generateSecrets, writeSecretsFile, type Secrets } from '../../src/infra/secrets.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import type { TestContext } from '../helpers/context.js';
import { freshDatabase, type DialectName } from '../helpers/dialects.js';
import { accessFrom, openForm, postForm, textOf, type FormSession } from '../helpers/forms.js';
import { SteppingClock } from '../helpers/staff.js';
import type { Surfaces } from '../staff/support.js';

export const DAY_MS = 86_400_000;

/** The demo account of Umbrela Roșie (which receives reports from Bucharest) with the given role. */
export function demoAccount(keys: readonly DemoKey[], role: 'admin' | 'custodian'): DemoKey {
  const k = keys.find((x) => x.organisation === 'umbrela-rosie' && x.role === role);
  if (!k) throw new Error(`no demo ${role} for umbrela-rosie`);
  return k;
}

export interface Installation extends Surfaces {
  readonly config: Config;
  readonly secrets: Secrets;
  readonly vaultFile: string;
}

/**
 * An installation laid out like a real one: the secrets file and the key
 * vault file in the data folder (testContext keeps the vault in memory),
 * the demo organisations, both surfaces, and a clock the test moves. The
 * clock starts on the same fixed, round instant as the staff tests (so days
 * and TOTP steps are predictable), which is in the past of the real clock:
 * a child process running on the real clock sees the test's days as past.
 */
export async function installation(dialect: DialectName, opts: { graceMs: number }): Promise<Installation> {
  const clock = new SteppingClock(Date.parse('2026-05-04T09:00:00.000Z'));
  if (clock.now().getTime() > Date.now() - 30 * DAY_MS) throw new Error('the real clock is behind the test clock');
  const database = await freshDatabase(dialect);
  const config = loadConfig(
    {},
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      sqliteFile: database.sqliteFile,
      insecureFastKdf: true,
      logLevel: 'warn',
      reporter: { host: '127.0.0.1', port: 0 },
      staff: { host: '127.0.0.1', port: 0 },
      redisUrl: undefined,
      runJobs: false,
      shredGraceMs: opts.graceMs,
    },
  );
  const secrets = generateSecrets();
  writeSecretsFile(config.secretsFile, secrets);
  const ctx = await createContext(config, { secrets, clock });
  const demoKeys = await createDemo(ctx.core);
  const t: TestContext = {
    ctx,
    database,
    demoKeys,
    async close() {
      await ctx.close();
      await database.drop();
    },
  };
  const staff = await buildStaffApp(ctx);
  const reporter = await buildReporterApp(ctx);
  return {
    t,
    clock,
    staff,
    reporter,
    coordinator: demoAccount(demoKeys, 'admin'),
    config,
    secrets,
    vaultFile: config.vaultFile,
    async close() {
      await staff.close();
      await reporter.close();
      await t.close();
    },
  };
}

/** The reporter's follow-up page, opened with the receipt like a browser without JavaScript. */
export interface FollowUp {
  readonly form: FormSession;
  readonly res: LightMyRequestResponse;
  readonly access: string;
  readonly text: string;
}

export async function openFollowUp(app: FastifyInstance, receipt: string): Promise<FollowUp> {
  const form = await openForm(app, '/follow-up?lang=en');
  const res = await postForm(app, '/follow-up', form, { lang: 'en', receipt });
  if (res.statusCode !== 200) throw new Error(`follow-up answered ${res.statusCode}: ${textOf(res.body).slice(0, 300)}`);
  return { form, res, access: accessFrom(res.body), text: textOf(res.body) };
}

/** A caseworker's key pair, unwrapped from their users row with their password (what their login does). */
export async function keyPairByPassword(s: Pick<Surfaces, 't'>, row: UserRowLike, password: string): Promise<KeyPair> {
  const login = await deriveLoginSecrets(password, Buffer.from(row.password_salt as Uint8Array), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, s.t.ctx.kdf);
  return unwrapSecretKey(login.kek, Buffer.from(row.wrapped_key_password as Uint8Array), `user:${String(row.id)}:sk:password`);
}

/** A caseworker's key pair, unwrapped from their users row with their recovery key. */
export function keyPairByRecovery(row: UserRowLike, recoveryKey: string): KeyPair {
  return unwrapSecretKey(recoveryKek(recoveryKey), Buffer.from(row.wrapped_key_recovery as Uint8Array), `user:${String(row.id)}:sk:recovery`);
}

export type UserRowLike = Record<string, unknown>;

export interface AuditRow {
  readonly seq: number;
  readonly actorUserId: string | null;
  readonly action: string;
  readonly subjectId: string | null;
  readonly detail: Record<string, unknown>;
}

/** Audit entries, oldest first, optionally of one action and one subject. */
export async function auditEntries(s: Pick<Surfaces, 't'>, filter: { action?: string; subjectId?: string } = {}): Promise<AuditRow[]> {
  let q = s.t.ctx.core.db.selectFrom('audit_log').select(['seq', 'actor_user_id', 'action', 'subject_id', 'detail']).orderBy('seq');
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  const rows = await q.execute();
  return rows.map((r) => ({ seq: Number(r.seq), actorUserId: r.actor_user_id, action: r.action, subjectId: r.subject_id, detail: JSON.parse(r.detail || '{}') as Record<string, unknown> }));
}

/** Number of rows of a table that belong to a report. */
export async function rowsOfReport(s: Pick<Surfaces, 't'>, table: string, reportId: string, column = 'report_id'): Promise<number> {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column)) throw new Error('odd name');
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${reportId}`.execute(s.t.ctx.core.db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The vault file as an attacker who copied the live server's files reads it: every generation key still held. */
export function vaultFileKeys(file: string): Array<{ g: number; key: Buffer }> {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { generations: Array<{ g: number; key: string }> };
  return parsed.generations.map((x) => ({ g: x.g, key: Buffer.from(x.key, 'base64') }));
}
