/**
 * Issue 14's acceptance test: three real `parasol serve` processes on one
 * PostgreSQL database with Redis, all with jobs on (short poll and lease),
 * and a real SMTP server on 127.0.0.1.
 *
 * Reports are sent to all three. The retention job is made due on all three
 * at once, and the instance that takes it is killed with SIGKILL in the
 * middle of the run (the other two are frozen for the moment of the claim,
 * so that the one killed is the one holding the job) and restarted; the
 * others take the job over when its lease runs out. Afterwards every report
 * not past retention opens for its caseworkers on every instance, every
 * receipt still valid opens on every instance, the anonymous statistics and
 * the audit log count each deletion once, the statistics release was built
 * once, the vault rotated once, and each caseworker got each activity notice
 * exactly once.
 *
 * Also: a reporter deleting their report on an instance with jobs off
 * changes nothing in the vault; the rotation happens once, in the job.
 *
 * An instance started with another secrets file exits 1 with one line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { connect } from '../../src/db/connect.js';
import { generateSecrets, readSecretsFile, writeSecretsFile } from '../../src/infra/secrets.js';
import { POSTGRES_AVAILABLE, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { accessFrom, encodeForm, extractCsrf, receiptFrom, textOf, validReport } from '../helpers/forms.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REDIS_URL = process.env.PARASOL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOTICE_SUBJECT = 'Parasol: new activity';
/** The day retention-due reports were closed: years past any retention period. */
const LONG_AGO = '2020-01-01';
/** Retention-due copies made in bulk, so that the run lasts long enough to be killed in the middle. */
const BULK_EXPIRED = 250;
const children = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until `check` is true (never a fixed sleep as an assertion); fails with `what` after the timeout. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting: ${what}`);
}

interface Instance {
  readonly child: ChildProcess;
  readonly port: number;
  readonly staffPort: number;
  readonly log: () => string;
}

/** A browser without JavaScript: cookies kept per name, CSRF token from the page. */
class Browser {
  private cookies = new Map<string, string>();
  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (pair.slice(eq + 1) === '' || /Max-Age=0/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  async get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
    const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keep(res);
    return { status: res.status, body: await res.text() };
  }
  /** GETs `pagePath` for its CSRF token, then posts the fields to `urlPath`. */
  async post(port: number, pagePath: string, urlPath: string, fields: Record<string, string | string[]>, token?: string): Promise<{ status: number; body: string; location: string | null }> {
    const csrf = token ?? extractCsrf((await this.get(port, pagePath)).body);
    const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeForm({ _csrf: csrf, ...fields }),
      redirect: 'manual',
    });
    this.keep(res);
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }
}

describe.skipIf(!POSTGRES_AVAILABLE)('three instances on one PostgreSQL with Redis', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let sql: pg.Client;
  let smtp: SMTPServer;
  let smtpPort: number;
  /** Every activity notice the SMTP server received: one entry per recipient. */
  const notices: string[] = [];

  async function start(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<Instance> {
    const [port, staffPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env: {
        ...env,
        PARASOL_DATA_DIR: dataDir,
        PARASOL_SECRETS_FILE: path.join(database.dataDir, 'secrets.json'),
        PARASOL_VAULT_FILE: path.join(dataDir, 'vault.json'),
        PARASOL_REPORTER_PORT: String(port),
        PARASOL_STAFF_PORT: String(staffPort),
        PARASOL_REPORTER_URL: `http://127.0.0.1:${port}`,
        PARASOL_STAFF_URL: `http://127.0.0.1:${staffPort}`,
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let log = '';
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`instance exited:\n${log}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return { child, port, staffPort, log: () => log };
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`instance not ready:\n${log}`);
  }

  const one = async <T extends object>(text: string, params: unknown[] = []): Promise<T> => (await sql.query(text, params)).rows[0] as T;
  const count = async (text: string, params: unknown[] = []): Promise<number> => Number((await one<{ n: string }>(text, params)).n);
  /** Makes a job due now for every instance (its next run in the past). */
  const makeDue = (job: string) => sql.query(`update job_leases set next_run_at = '2000-01-01T00:00:00.000Z' where name = $1`, [job]);
  /** True once the job has run and nobody holds it (its next run back in the future). */
  const settled = async (job: string) => (await count(`select count(*) as n from job_leases where name = $1 and lease_owner is null and next_run_at > $2`, [job, new Date().toISOString()])) === 1;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (Buffer.concat(chunks).toString('utf8').includes(`Subject: ${NOTICE_SUBJECT}`)) for (const r of session.envelope.rcptTo) notices.push(r.address);
          callback();
        });
      },
    });
    smtpPort = await freePort();
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    env = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARASOL_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL') env[k] = v;
    Object.assign(env, {
      DATABASE_URL: database.databaseUrl,
      REDIS_URL,
      PARASOL_INSECURE_FAST_KDF: '1',
      PARASOL_LOG_LEVEL: 'warn',
      PARASOL_RUN_JOBS: 'true',
      PARASOL_JOB_POLL_SECONDS: '1',
      PARASOL_JOB_LEASE_SECONDS: '3',
      PARASOL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // Notices go out only when the test makes their job due (a run ripens a batch, the next sends it).
      PARASOL_NOTICE_DELAY_SECONDS: '3600',
      NODE_NO_WARNINGS: '1',
    });
    for (const cmd of ['init', 'demo']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', cmd], { cwd: ROOT, env: { ...env, PARASOL_DATA_DIR: database.dataDir }, encoding: 'utf8', timeout: 90_000 });
      expect(r.status, r.stderr).toBe(0);
    }
    sql = new pg.Client({ connectionString: database.databaseUrl });
    await sql.connect();
    // Every caseworker gets activity notices (demo accounts have no address).
    await sql.query(`update users set email = username || '@caseworkers.test', notify = 1`);
  }, 180_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sleep(200);
    await sql?.end().catch(() => {});
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await database?.drop();
  });

  it('retention on all three while the one running it is killed: every remaining report opens everywhere, every deletion counts once, notices go once', async () => {
    const dirs = [1, 2, 3, 4].map((i) => path.join(database.dataDir, `instance-${i}`));
    for (const d of dirs) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    // The three with jobs on, and a fourth with jobs off (for the reporter's deletion below).
    const [a, b, c, jobsOff] = await Promise.all([start(dirs[0]!), start(dirs[1]!), start(dirs[2]!), start(dirs[3]!, { PARASOL_RUN_JOBS: 'false' })]);
    const instances = [a!, b!, c!];

    // Reports to all three, to two organisations (Bucharest and London).
    const areas = ['ro-bucharest', 'gb-london'] as const;
    const issued: Array<{ receipt: string; marker: string; area: string; id?: string }> = [];
    for (const [i, inst] of instances.entries()) {
      for (let n = 0; n < 4; n++) {
        const reporter = new Browser();
        const marker = `THREE-${i}-${n}-${Math.random().toString(36).slice(2, 8)}`;
        const area = areas[n % 2]!;
        const res = await reporter.post(inst.port, '/report', '/report', validReport({ area, description: `He took my phone ${marker}.` }));
        expect(res.status, inst.log() + textOf(res.body).slice(0, 500)).toBe(200);
        issued.push({ receipt: receiptFrom(res.body), marker, area });
      }
    }
    const users = (
      await sql.query<{ id: string; username: string; email: string; slug: string; role: string }>(
        `select u.id, u.username, u.email, o.slug, u.role from users u join organisations o on o.id = u.organisation_id`,
      )
    ).rows;
    const receivers = users.filter((u) => u.slug === 'umbrela-rosie' || u.slug === 'soho-peers');
    expect(receivers.length).toBeGreaterThanOrEqual(2);

    // The coordinators of both organisations log in once, on the first instance; their sessions (and the
    // server's half of their keys, in Redis) serve them on every instance.
    const accounts = (JSON.parse(fs.readFileSync(path.join(database.dataDir, 'demo-accounts.json'), 'utf8')) as { accounts: Array<{ username: string; password: string; totpSecret: string }> })
      .accounts;
    const caseworkers = new Map<string, Browser>();
    for (const slug of ['umbrela-rosie', 'soho-peers']) {
      const who = users.find((u) => u.slug === slug && u.role === 'admin')!;
      const account = accounts.find((a) => a.username === who.username)!;
      const browser = new Browser();
      const res = await browser.post(instances[0]!.staffPort, '/login', '/login', { username: account.username, password: account.password, code: await generate({ secret: account.totpSecret }) });
      expect(res.status, textOf(res.body).slice(0, 300)).toBe(303);
      expect(res.location).toBe('/inbox');
      caseworkers.set(slug, browser);
    }
    /** Opens every report of both organisations as its coordinator on one instance; the markers seen, by report id. */
    const openAll = async (inst: Instance): Promise<Map<string, string>> => {
      const seen = new Map<string, string>();
      const rows = (await sql.query<{ id: string; slug: string }>(`select r.id, o.slug from reports r join organisations o on o.id = r.organisation_id`)).rows;
      for (const r of rows) {
        const page = await caseworkers.get(r.slug)!.get(inst.staffPort, `/reports/${r.id}`);
        expect(page.status, `${r.id} on ${inst.staffPort}: ${textOf(page.body).slice(0, 300)}\n${inst.log()}`).toBe(200);
        const marker = /THREE-\d-\d-[a-z0-9]+/.exec(textOf(page.body))?.[0];
        expect(marker, `${r.id} shows no marker`).toBeDefined();
        seen.set(r.id, marker!);
      }
      return seen;
    };
    const before = await openAll(instances[0]!);
    expect(new Set(before.values())).toEqual(new Set(issued.map((x) => x.marker)));

    // The statistics release: due on all three at once, built by one.
    await until('the statistics job row', async () => (await count(`select count(*) as n from job_leases where name = 'statistics-release'`)) === 1);
    await makeDue('statistics-release');
    await until('the statistics release', () => settled('statistics-release'));

    // The first run of the notice job ripens the waiting batches (the next one sends them).
    await until('the notice job row', async () => (await count(`select count(*) as n from job_leases where name = 'activity-notices'`)) === 1);
    await makeDue('activity-notices');
    await until('the batches ripen', async () => (await settled('activity-notices')) && (await count(`select count(*) as n from activity_notices where state = 'ripe'`)) === 2);
    expect(notices).toEqual([]);

    // A reporter deletes their report on an instance with jobs off: the vault does not change there (or
    // anywhere); only a mark is left for the retention job.
    const vaultRows = async () => JSON.stringify((await sql.query(`select generation, sealed_key, destroy_after from vault_generations order by generation`)).rows);
    const vaultBefore = await vaultRows();
    const generationBefore = await count(`select max(generation) as n from vault_generations`);
    const deleted = issued[0]!;
    {
      const reporter = new Browser();
      const page = await reporter.post(jobsOff.port, '/follow-up?lang=en', '/follow-up', { lang: 'en', receipt: deleted.receipt });
      expect(page.status, textOf(page.body).slice(0, 300)).toBe(200);
      const res = await reporter.post(jobsOff.port, '/follow-up?lang=en', '/follow-up/delete', { lang: 'en', access: accessFrom(page.body), confirm: 'yes' }, extractCsrf(page.body));
      expect(res.status, textOf(res.body).slice(0, 300)).toBe(200);
      expect(textOf(res.body)).toContain('Your report was deleted');
    }
    // The keys are the same keys; the current generation only carries the mark.
    expect(await vaultRows()).toBe(vaultBefore);
    expect(await count(`select retire as n from vault_generations where generation = $1`, [generationBefore])).toBe(1);
    const deletedId = [...before].find(([, m]) => m === deleted.marker)![0];
    expect(await count(`select count(*) as n from reports where id = $1`, [deletedId])).toBe(0);

    // Past retention: two reports sent through the form, and many copies of one of them made in bulk.
    const expiredIds = [...before]
      .filter(([id]) => id !== deletedId)
      .map(([id]) => id)
      .slice(1, 3);
    await sql.query(`update reports set status = 'closed', closed_day = $1 where id = any($2)`, [LONG_AGO, expiredIds]);
    const columns = (
      await sql.query<{ c: string }>(`select column_name as c from information_schema.columns where table_name = 'reports' and table_schema = current_schema() order by ordinal_position`)
    ).rows.map((r) => r.c);
    const pick = columns.map((c) => (c === 'id' ? `'bulk-' || g` : c === 'receipt_lookup' ? `'bulk-lookup-' || g` : `"${c}"`)).join(', ');
    await sql.query(`insert into reports (${columns.map((c) => `"${c}"`).join(', ')}) select ${pick} from reports, generate_series(1, ${BULK_EXPIRED}) as g where id = $1`, [expiredIds[0]]);
    const expired = await count(`select count(*) as n from reports where closed_day = $1`, [LONG_AGO]);
    expect(expired).toBe(BULK_EXPIRED + 2);
    const surviving = [...before].filter(([id]) => id !== deletedId && !expiredIds.includes(id));

    // Retention due on all three at once. The two others are frozen for the moment of the claim, so the
    // instance that takes the job is the one killed, in the middle of the run (and the notice job with it).
    await until('no job held', async () => (await count(`select count(*) as n from job_leases where lease_owner is not null`)) === 0);
    process.kill(instances[0]!.child.pid!, 'SIGSTOP');
    process.kill(instances[2]!.child.pid!, 'SIGSTOP');
    try {
      await makeDue('retention');
      await makeDue('activity-notices');
      await until('the retention run under way', async () => (await count(`select count(*) as n from reports where closed_day = $1`, [LONG_AGO])) < expired, 60_000, 20);
      const killed = instances[1]!.child;
      const gone = new Promise((resolve) => killed.once('exit', resolve));
      process.kill(killed.pid!, 'SIGKILL');
      await gone;
    } finally {
      process.kill(instances[0]!.child.pid!, 'SIGCONT');
      process.kill(instances[2]!.child.pid!, 'SIGCONT');
    }
    const left = await count(`select count(*) as n from reports where closed_day = $1`, [LONG_AGO]);
    // Another instance takes the job over when its lease runs out, and finishes it, while the killed one comes back.
    const restarted = start(dirs[1]!);
    await until('retention finished', async () => (await count(`select count(*) as n from reports where closed_day = $1`, [LONG_AGO])) === 0 && (await settled('retention')), 120_000, 200);
    instances[1] = await restarted;
    await until('notices sent', async () => (await count(`select count(*) as n from activity_notices`)) === 0 && (await settled('activity-notices')), 60_000, 200);

    // The kill fell in the middle of the run (not before it, not after it).
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(expired);
    // Each deletion counted once: one anonymous statistics record and one audit entry per report.
    expect(await count(`select count(*) as n from statistics_records`)).toBe(expired);
    expect(await count(`select count(*) as n from audit_log where action = 'report_deleted' and detail like '%retention%'`)).toBe(expired);
    expect(await count(`select count(distinct subject_id) as n from audit_log where action = 'report_deleted' and detail like '%retention%'`)).toBe(expired);
    // The audit chain holds together.
    const handle = connect({ databaseUrl: database.databaseUrl, sqliteFile: ':memory:' });
    try {
      expect(await verifyAudit(handle.db, readSecretsFile(path.join(database.dataDir, 'secrets.json')))).toMatchObject({ ok: true });
    } finally {
      await handle.close();
    }
    // The release was built once; the vault rotated once (for both the run and the reporter's deletion).
    expect(await count(`select count(*) as n from stats_releases`)).toBe(1);
    expect(await count(`select max(generation) as n from vault_generations`)).toBe(generationBefore + 1);
    // Each caseworker got the notice exactly once; nobody else got one.
    expect([...notices].sort()).toEqual(receivers.map((u) => u.email).sort());

    // Every report not past retention opens for its caseworkers on every instance; the others are gone.
    const everywhere = await Promise.all([...instances, jobsOff].map((inst) => openAll(inst)));
    for (const seen of everywhere) expect([...seen].sort()).toEqual(surviving.sort());
    // Every receipt still valid opens on every instance; the deleted ones open nothing.
    const gone = new Set([deleted.marker, ...expiredIds.map((id) => before.get(id)!)]);
    await Promise.all(
      [...instances, jobsOff].map(async (inst) => {
        for (const item of issued) {
          const res = await new Browser().post(inst.port, '/follow-up?lang=en', '/follow-up', { lang: 'en', receipt: item.receipt });
          if (gone.has(item.marker)) {
            expect(res.status).toBe(404);
          } else {
            expect(res.status, inst.log()).toBe(200);
            expect(textOf(res.body)).toContain(item.marker);
          }
        }
      }),
    );
  }, 300_000);

  it('an instance started with another secrets file exits 1 with one line', async () => {
    const other = path.join(database.dataDir, 'other');
    fs.mkdirSync(other, { recursive: true, mode: 0o700 });
    writeSecretsFile(path.join(other, 'secrets.json'), generateSecrets());
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env: { ...env, PARASOL_DATA_DIR: other, PARASOL_SECRETS_FILE: path.join(other, 'secrets.json'), PARASOL_REPORTER_PORT: '0', PARASOL_STAFF_PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain('does not belong to this database');
  }, 120_000);
});
