/**
 * Shared set-up for the staff-surface tests: both real apps on one test
 * context, account set-up through the invitation page, reports submitted
 * through the reporter surface, and plain views of the database for
 * "nothing changed" checks.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { createDemo, type DemoKey } from '../../src/demo/demo.service.js';
import { generateSecrets, writeSecretsFile } from '../../src/infra/secrets.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { freshDatabase, type DialectName } from '../helpers/dialects.js';
import { accessFrom, extractCsrf, openForm, postForm, receiptFrom, textOf, validReport, type Fields } from '../helpers/forms.js';
import { SteppingClock, StaffClient } from '../helpers/staff.js';
import type { ReportId, UserId } from '../../src/core/shared/ids.js';

export interface Surfaces {
  readonly t: TestContext;
  readonly clock: SteppingClock;
  readonly staff: FastifyInstance;
  readonly reporter: FastifyInstance;
  /** The demo coordinator of Umbrela Roșie, which receives reports from Bucharest. */
  readonly coordinator: DemoKey;
  close(): Promise<void>;
}

/**
 * Like testContext, but laid out as a real installation: the secrets file is
 * written to the data folder and read back by createContext, and the key
 * vault is a file there too (testContext keeps the vault in memory).
 */
async function installation(dialect: DialectName, clock: SteppingClock, overrides: Partial<Config>): Promise<TestContext> {
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
      ...overrides,
    },
  );
  writeSecretsFile(config.secretsFile, generateSecrets());
  const ctx = await createContext(config, { clock });
  const demoKeys = await createDemo(ctx.core);
  return {
    ctx,
    database,
    demoKeys,
    async close() {
      await ctx.close();
      await database.drop();
    },
  };
}

/** A fresh context (demo organisations included) with both surfaces built on it and a clock the test moves. */
export async function surfaces(dialect: DialectName, config: Partial<Config> = {}, opts: { installation?: boolean } = {}): Promise<Surfaces> {
  // A fixed, round start keeps TOTP steps and day boundaries predictable.
  const clock = new SteppingClock(Date.parse('2026-05-04T09:00:00.000Z'));
  const t = opts.installation ? await installation(dialect, clock, config) : await testContext(dialect, { clock, config });
  const staff = await buildStaffApp(t.ctx);
  const reporter = await buildReporterApp(t.ctx);
  const coordinator = t.demoKeys.find((k) => k.organisation === 'umbrela-rosie');
  if (!coordinator) throw new Error('no demo coordinator for umbrela-rosie');
  return {
    t,
    clock,
    staff,
    reporter,
    coordinator,
    async close() {
      await staff.close();
      await reporter.close();
      await t.close();
    },
  };
}

/** One TOTP step: a code is accepted once per step, so every login moves the clock on first. */
export const STEP_MS = 31_000;

/** Logs a demo account in from `client` (moving the clock to a fresh TOTP step); throws unless it worked. */
export async function loginAs(s: Surfaces, client: StaffClient, who: { username: string; password: string; totpSecret: string }): Promise<void> {
  s.clock.advance(STEP_MS);
  const res = await client.login(who.username, who.password, who.totpSecret);
  // Monitors have no inbox: they land on monitoring.
  if (res.statusCode !== 303 || (res.headers.location !== '/inbox' && res.headers.location !== '/monitoring'))
    throw new Error(`login of ${who.username} answered ${res.statusCode}: ${textOf(res.body).slice(0, 300)}`);
}

/** Everything `parasol` shows once at account set-up. */
export interface NewAccount {
  readonly userId: UserId;
  readonly username: string;
  readonly password: string;
  readonly totpSecret: string;
  readonly recoveryKey: string;
}

/** The TOTP key as the set-up page shows it (grouped by four), without spaces. */
export function totpSecretFrom(html: string): string {
  const m = /<code class="secret" dir="ltr">([^<]+)<\/code>/.exec(html);
  if (!m) throw new Error('no TOTP key on the set-up page');
  return m[1]!.replace(/\s+/g, '');
}

export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!;
}

/**
 * Sets up an account from an invitation the way a person does: opens the
 * link, copies the key into an authenticator, types a code, and keeps the
 * recovery key shown at the end.
 */
export async function acceptInvitationViaPage(s: Surfaces, token: string, who: { username: string; password: string; displayName?: string; email?: string }): Promise<NewAccount> {
  const client = new StaffClient(s.staff, s.clock);
  const url = `/invite/${token}`;
  const page = await client.get(url);
  if (page.statusCode !== 200) throw new Error(`set-up page answered ${page.statusCode}`);
  const totpSecret = totpSecretFrom(page.body);
  const carrier = hiddenValue(page.body, 'totp_setup');
  const res = await client.post(url, url, {
    totp_setup: carrier,
    display_name: who.displayName ?? who.username,
    username: who.username,
    email: who.email ?? '',
    password: who.password,
    password_again: who.password,
    totp_code: await client.totp(totpSecret),
  });
  const m = /data-recovery-key="([A-Z2-7-]+)"/.exec(res.body);
  if (res.statusCode !== 200 || !m) throw new Error(`set-up answered ${res.statusCode}: ${textOf(res.body).slice(0, 400)}`);
  const row = await s.t.ctx.core.db.selectFrom('users').select('id').where('username', '=', who.username).executeTakeFirstOrThrow();
  return { userId: row.id, username: who.username, password: who.password, totpSecret, recoveryKey: m[1]! };
}

/** Invites someone to the coordinator's organisation and sets their account up through the page. */
export async function newStaffMember(s: Surfaces, role: string, who: { username: string; password: string; email?: string }): Promise<NewAccount> {
  const token = await createInvitation(s.t.ctx.core, s.coordinator.organisationId, role);
  return acceptInvitationViaPage(s, token, who);
}

export interface Submitted {
  readonly reportId: ReportId;
  readonly receipt: string;
}

async function reportIds(s: Surfaces): Promise<Set<ReportId>> {
  const rows = await s.t.ctx.core.db.selectFrom('reports').select('id').execute();
  return new Set(rows.map((r) => r.id));
}

/** Submits a report through the reporter surface (Bucharest by default) and returns its id and receipt. */
export async function submitReport(s: Surfaces, fields: Fields = {}): Promise<Submitted> {
  const before = await reportIds(s);
  const form = await openForm(s.reporter, '/report?lang=en');
  const res = await postForm(s.reporter, '/report', form, validReport(fields));
  if (res.statusCode !== 200) throw new Error(`report answered ${res.statusCode}: ${textOf(res.body).slice(0, 400)}`);
  const receipt = receiptFrom(res.body);
  const added = [...(await reportIds(s))].filter((id) => !before.has(id));
  if (added.length !== 1) throw new Error(`expected one new report, found ${added.length}`);
  return { reportId: added[0]!, receipt };
}

/** The reporter comes back with the receipt and writes a message (or adds information). */
export async function reporterWrites(s: Surfaces, receipt: string, text: string, kind: 'message' | 'addition' = 'message'): Promise<LightMyRequestResponse> {
  const form = await openForm(s.reporter, '/follow-up?lang=en');
  const open = await postForm(s.reporter, '/follow-up', form, { lang: 'en', receipt });
  if (open.statusCode !== 200) throw new Error(`follow-up answered ${open.statusCode}`);
  const res = await postForm(s.reporter, kind === 'message' ? '/follow-up/message' : '/follow-up/add', form, {
    lang: 'en',
    access: accessFrom(open.body),
    [kind === 'message' ? 'message' : 'addition']: text,
  });
  if (res.statusCode !== 200) throw new Error(`reporter ${kind} answered ${res.statusCode}`);
  return res;
}

/** The CSRF token of a page's first form. */
export function csrfOf(res: LightMyRequestResponse): string {
  return extractCsrf(res.body);
}

/** A POST with exactly the cookie header and fields given (no token is added). */
export async function rawPost(app: FastifyInstance, url: string, cookie: string, fields: Fields): Promise<LightMyRequestResponse> {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() });
}

export async function rawGet(app: FastifyInstance, url: string, cookie: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
}

/** The names of the application's tables, read from the database itself (not from our schema file). */
export async function tableNames(s: Pick<Surfaces, 't'>): Promise<string[]> {
  const db = s.t.ctx.core.db;
  if (s.t.database.dialect === 'sqlite') {
    const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    return r.rows.map((x) => x.name).sort();
  }
  const r = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return r.rows.map((x) => x.name).sort();
}

/** Every row of a table, as returned by the driver. */
export async function allRows(s: Pick<Surfaces, 't'>, table: string): Promise<Record<string, unknown>[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`odd table name ${table}`);
  const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(s.t.ctx.core.db);
  return r.rows;
}

function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return `hex:${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return v;
}

/**
 * A comparable picture of the database: every row of every table, sorted.
 * `except` leaves out tables that legitimately move on any request (the
 * audit log is compared separately).
 */
export async function snapshot(
  s: Pick<Surfaces, 't'>,
  except: readonly string[] = ['audit_log', 'audit_head', 'login_throttle', 'kysely_migration', 'kysely_migration_lock'],
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tableNames(s)) {
    if (except.includes(table)) continue;
    const rows = await allRows(s, table);
    out[table] = rows
      .map((r) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(r)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, v]) => [k, plain(v)]),
          ),
        ),
      )
      .sort();
  }
  return out;
}

/** Audit actions written after `afterSeq`. */
export async function auditActionsAfter(s: Pick<Surfaces, 't'>, afterSeq: number): Promise<string[]> {
  const rows = await s.t.ctx.core.db.selectFrom('audit_log').select(['seq', 'action']).where('seq', '>', afterSeq).orderBy('seq').execute();
  return rows.map((r) => r.action);
}

export async function lastAuditSeq(s: Pick<Surfaces, 't'>): Promise<number> {
  const row = await s.t.ctx.core.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * The staff app's routes from Fastify's own route table (printRoutes), as
 * full paths with their methods. Nothing is hard-coded, so a route added
 * later is covered without touching the tests.
 */
export function staffRoutesOf(app: FastifyInstance): Array<{ path: string; methods: string[] }> {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: Array<{ path: string; methods: string[] }> = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = Math.round(at / 4);
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3).trim());
    if (!m) continue;
    const full = (depth === 0 ? '' : stack[depth - 1]!) + m[1]!;
    stack[depth] = full;
    stack.length = depth + 1;
    if (m[2]) out.push({ path: full.replace(/\/\/+/g, '/'), methods: m[2].split(',').map((x) => x.trim()) });
  }
  return out;
}

export { textOf };
