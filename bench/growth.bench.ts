/**
 * Cost as the work grows: reports across 15 organisations at 10,000 and
 * 100,000 (and 1,000,000 with BENCH_SIZES), on SQLite and PostgreSQL.
 *
 * Seeding: 20 real reports go through the reporter form (real Argon2id at
 * test parameters, real encryption, real key seals); their rows are then
 * copied in bulk (new ids and look-up values, spread over the 15
 * organisations and over two years of days), with progress on stderr.
 *
 * Measured at each size, each beside a bare query measured in the same run:
 *   - the inbox's first page (the count, the page, the counts per status)
 *     against a bare `select ... where organisation_id = ? limit 50`;
 *   - a filtered page (status and area) against the same bare query;
 *   - opening a report (row, key seal, vault key, decryption, messages)
 *     against a bare select by primary key;
 *   - a retention run over 10 % of the reports against a bare DELETE of a
 *     copy of the same rows;
 *   - the process's resident memory.
 * Prints p50 and p99 and the ratios. Never part of a pass/fail test.
 *
 *   npx tsx bench/growth.bench.ts                 (both databases, 10k and 100k)
 *   BENCH_SIZES=10000,100000,1000000 npx tsx bench/growth.bench.ts sqlite
 *   BENCH_RETENTION_MAX=10000: a retention run over at most that many reports (10 % beyond 100,000 takes long)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createContext, type Context } from '../src/context.js';
import { toStaffUser } from '../src/core/accounts/accounts.service.js';
import { caseAccess, inbox, readCase } from '../src/core/cases/cases.service.js';
import { createDemo, type DemoKey } from '../src/demo/demo.service.js';
import { runRetention } from '../src/core/retention/retention.service.js';
import { spawnSync } from 'node:child_process';
import { createBackup, restoreBackup } from '../src/backup/backup.service.js';
import { generateSecrets, writeSecretsFile, type Secrets } from '../src/infra/secrets.js';
import { buildReporterApp } from '../src/web/app.js';
import { cleanupAll, cleanupOnSignals, onCleanup } from './cleanup.js';
import { fixed, int, table } from './format.js';
import { asOrganisationId, type ReportId } from '../src/core/shared/ids.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const ORGANISATIONS = 15;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const POSTGRES_ADMIN = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS_PER_STATEMENT = 200;

function progress(label: string, done: number, total: number, started: number): void {
  const rate = done / Math.max(0.001, (performance.now() - started) / 1000);
  process.stderr.write(`\r  ${label}: ${int(done)} / ${int(total)} (${int(rate)} rows/s)   `);
  if (done >= total) process.stderr.write('\n');
}

async function times(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(t.length / 2)]!, p99: t[Math.min(t.length - 1, Math.floor(t.length * 0.99))]! };
}

async function once(fn: () => Promise<unknown>): Promise<number> {
  const s = performance.now();
  await fn();
  return performance.now() - s;
}

/** A new, empty PostgreSQL database (dropped at clean-up); its URL. */
async function newPostgresDatabase(): Promise<string> {
  const name = `parasol_growth_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN, connectionTimeoutMillis: 3000 });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  // BENCH_KEEP=1 leaves the database for a look at its plans afterwards (dropped by hand).
  if (process.env.BENCH_KEEP === '1') process.stderr.write(`  kept: PostgreSQL database ${name}\n`);
  else
    onCleanup(`drop PostgreSQL database ${name}`, async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
  const url = new URL(POSTGRES_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}

function benchConfig(dir: string, databaseUrl: string | undefined) {
  return loadConfig(
    {},
    { dataDir: dir, sqliteFile: path.join(dir, 'parasol.sqlite'), databaseUrl, insecureFastKdf: true, logLevel: 'error', redisUrl: undefined, intakePerMinute: 1_000_000, dbQueryTimeoutMs: 600_000 },
  );
}

function benchFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-growth-'));
  onCleanup('remove bench folder', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function newContext(dialect: 'sqlite' | 'postgres'): Promise<{ ctx: Context; secrets: Secrets }> {
  const dir = benchFolder();
  const databaseUrl = dialect === 'postgres' ? await newPostgresDatabase() : undefined;
  const config = benchConfig(dir, databaseUrl);
  const secrets = generateSecrets();
  // On disk too: `backup create` and `restore` read the secrets file.
  writeSecretsFile(config.secretsFile, secrets);
  const ctx = await createContext(config, { secrets });
  onCleanup('close context', () => ctx.close());
  return { ctx, secrets };
}

const quietProgress = { isTTY: false, write: () => true } as never;

/**
 * `backup create` and `restore` of the whole database (without the secrets
 * part), each beside a bare copy of the same data measured in the same run:
 * on SQLite a file copy of the database, on PostgreSQL a plain `pg_dump` and
 * `psql` of it into an empty database.
 */
async function backupAndRestore(ctx: Context, secrets: Secrets): Promise<Row[]> {
  const config = ctx.config;
  const dir = benchFolder();
  const archive = path.join(dir, 'bench.pbak');
  const env = { passphrase: null, progress: quietProgress };
  const create = await once(() => createBackup(config, { out: archive, withSecrets: false }, env));
  const target = benchFolder();
  const targetUrl = config.databaseUrl ? await newPostgresDatabase() : undefined;
  const targetConfig = benchConfig(target, targetUrl);
  writeSecretsFile(targetConfig.secretsFile, secrets);
  const restore = await once(() => restoreBackup(targetConfig, archive, { secrets: false }, env));
  let bareCreate: number;
  let bareRestore: number;
  if (config.databaseUrl) {
    const dump = path.join(dir, 'bare.sql');
    const run = (tool: string, args: string[]) => {
      const r = spawnSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
    };
    bareCreate = await once(async () => run('pg_dump', ['--no-owner', '--no-privileges', '--format=plain', '--file', dump, '--dbname', config.databaseUrl!]));
    const bareTarget = await newPostgresDatabase();
    bareRestore = await once(async () => run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', dump, '--dbname', bareTarget]));
  } else {
    const copy = path.join(dir, 'bare.sqlite');
    bareCreate = await once(async () => {
      await sql`pragma wal_checkpoint(truncate)`.execute(ctx.core.db);
      fs.copyFileSync(config.sqliteFile, copy);
    });
    bareRestore = await once(async () => fs.copyFileSync(copy, path.join(dir, 'bare-restored.sqlite')));
  }
  const bytes = fs.statSync(archive).size;
  process.stderr.write(`  archive: ${int(bytes / 1e6)} MB\n`);
  return [
    { name: `backup create (${int(bytes / 1e6)} MB)`, p50: create, p99: create, bare: bareCreate },
    { name: 'backup restore', p50: restore, p99: restore, bare: bareRestore },
  ];
}

/** Submits real reports through the form; returns their ids. */
async function realReports(ctx: Context, count: number): Promise<ReportId[]> {
  const app = await buildReporterApp(ctx, { logStream: new (await import('node:stream')).PassThrough() });
  for (let i = 0; i < count; i++) {
    const get = await app.inject({ url: '/report' });
    const cookie = String(get.headers['set-cookie'] ?? '').split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(get.body)![1]!;
    const form = new URLSearchParams({
      _csrf: token,
      lang: 'en',
      area: 'ro-bucharest',
      place_detail: '',
      incident_date: '2026-03-14',
      category: 'robbery',
      perpetrator: 'client',
      description: `Bench report ${i}: he took my phone and money, and said he would come back.`,
      id_kind_1: 'phone',
      id_value_1: '',
      support: 'yes',
      warn: 'yes',
      statistics: 'yes',
      police: 'none',
      contact_name: '',
      contact_details: '',
    });
    const res = await app.inject({ method: 'POST', url: '/report', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    if (res.statusCode !== 200) throw new Error(`seed report answered ${res.statusCode}`);
  }
  await app.close();
  return (await ctx.core.db.selectFrom('reports').select('id').execute()).map((r) => r.id);
}

interface Row {
  name: string;
  p50: number;
  p99: number;
  bare: number;
}

/** Each figure on stderr as soon as it is measured (a long run stopped half-way keeps what it measured). */
function early(dialect: string, size: number, r: Row): void {
  process.stderr.write(`  = ${dialect} ${int(size)} | ${r.name} | p50 ${fixed(r.p50, 2)} | p99 ${fixed(r.p99, 2)} | bare ${fixed(r.bare, 2)} | ratio ${fixed(r.p50 / r.bare, 1)}\n`);
}

async function measure(dialect: 'sqlite' | 'postgres', size: number): Promise<{ rows: Row[]; rss: number; bareRss: number; seedMs: number }> {
  const { ctx, secrets } = await newContext(dialect);
  const db = ctx.core.db;
  // The bare baseline of memory: this process with the context open and no reports.
  const bareRss = process.memoryUsage().rss;
  const keys: DemoKey[] = await createDemo(ctx.core);
  const seedStart = performance.now();
  const templates = await realReports(ctx, 20);
  // The other organisations (15 in all).
  const existing = (await db.selectFrom('organisations').select('id').execute()).map((o) => o.id);
  const orgs = [...existing];
  for (let i = orgs.length; i < ORGANISATIONS; i++) {
    const id = asOrganisationId(`bench-org-${i}`);
    await db
      .insertInto('organisations')
      .values({ id, slug: `bench-${i}`, name: `Bench ${i}`, is_default: 0, created_day: '2025-01-01' } as never)
      .execute();
    orgs.push(id);
  }
  const templateRows = await db.selectFrom('reports').selectAll().where('id', 'in', templates).execute();
  // A caseworker of the organisation the real reports went to: their content keys are sealed to them.
  const admin = keys.find((k) => k.organisationId === templateRows[0]!.organisation_id)!;
  const statuses = ['new', 'in_progress', 'waiting', 'closed'] as const;
  const copies = size - templates.length;
  let done = 0;
  const started = performance.now();
  while (done < copies) {
    const n = Math.min(ROWS_PER_STATEMENT * 25, copies - done);
    await db.transaction().execute(async (trx) => {
      for (let off = 0; off < n; off += ROWS_PER_STATEMENT) {
        const batch = [];
        for (let j = off; j < Math.min(n, off + ROWS_PER_STATEMENT); j++) {
          const i = done + j;
          const t = templateRows[i % templateRows.length]!;
          const day = new Date(Date.UTC(2025, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10);
          const status = statuses[i % statuses.length]!;
          batch.push({
            ...t,
            id: `copy-${String(i).padStart(9, '0')}`,
            receipt_lookup: `copy-lookup-${i}`,
            organisation_id: orgs[i % orgs.length]!,
            status,
            closed_day: status === 'closed' ? day : null,
            created_day: day,
            last_activity_day: day,
            // Each copy its own place in the activity order, as on an installation (the counter moves with every
            // reporter's act); copies sharing their template's twenty positions made ties no installation has.
            activity_seq: 1_000 + i,
            area_id: i % 3 === 0 ? 'ro-cluj' : t.area_id,
          });
        }
        await trx
          .insertInto('reports')
          .values(batch as never)
          .execute();
      }
    });
    done += n;
    progress(`${dialect} ${int(size)}: copying reports`, done, copies, started);
  }
  const seedMs = performance.now() - seedStart;
  // Resident memory after each step (on stderr): where the process's memory goes as the reports grow.
  const remember = (step: string) => {
    const m = process.memoryUsage();
    process.stderr.write(`  ${dialect} ${int(size)}: RSS ${fixed(m.rss / 1e6, 0)} MB, V8 heap ${fixed(m.heapUsed / 1e6, 0)} MB, after ${step}\n`);
  };
  remember('seeding');
  // An installation's tables have been vacuumed and analysed by autovacuum (PostgreSQL vacuums a table after
  // enough inserts): the planner's statistics, and the visibility map that lets a count be read from an index
  // alone. A freshly bulk-loaded table has neither, and a count then visits every row of the organisation in the
  // heap (a million reports: 400 ms an inbox page, from the disk). SQLite has no visibility map; its statistics
  // are what `analyze` gives.
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(db);
  else await sql`analyze`.execute(db);

  const userRow = await db.selectFrom('users').selectAll().where('id', '=', admin.userId).executeTakeFirstOrThrow();
  const user = toStaffUser(userRow);
  const rows: Row[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...items: Row[]) => {
    for (const r of items) early(dialect, size, r);
    return push(...items);
  };
  const bareFirst = await times(RUNS, () =>
    db.selectFrom('reports').select(['id', 'status', 'area_id', 'categories', 'created_day', 'last_activity_day']).where('organisation_id', '=', user.organisationId).limit(50).execute(),
  );
  const first = await times(RUNS, () => inbox(db, user, {}));
  rows.push({ name: 'inbox, first page', ...first, bare: bareFirst.p50 });
  const filtered = await times(RUNS, () => inbox(db, user, { status: 'in_progress', areaId: 'ro-bucharest' }));
  rows.push({ name: 'inbox, filtered page', ...filtered, bare: bareFirst.p50 });
  const target = templates[templates.length - 1]!;
  const bareOpen = await times(RUNS, () => db.selectFrom('reports').selectAll().where('id', '=', target).executeTakeFirst());
  const open = await times(RUNS, async () => {
    const access = await caseAccess(ctx.core, user, admin.keyPair, target);
    if (access.kind !== 'ok') throw new Error(`cannot open the template report: ${access.kind}`);
    return readCase(ctx.core, user, access);
  });
  rows.push({ name: 'opening a report', ...open, bare: bareOpen.p50 });
  remember('inbox pages and opening');
  if (process.env.BENCH_BACKUP !== '0') {
    process.stderr.write(`  ${dialect} ${int(size)}: backup create and restore…\n`);
    rows.push(...(await backupAndRestore(ctx, secrets)));
    remember('backup create and restore');
  }

  if (process.env.BENCH_RETENTION === '0') return { rows, rss: process.memoryUsage().rss, bareRss, seedMs };
  // Retention over 10 % (at most BENCH_RETENTION_MAX): that many closed reports get a closing day long past,
  // and a bare copy of them is deleted too. Every other closed report was closed today: the copies' closing days
  // span two years, and those past the retention period would otherwise be deleted by the same run (a run at a
  // million then deleted 180,000 reports, not the 10,000 it was labelled with).
  const expiring = Math.min(Math.floor(size / 10), Number(process.env.BENCH_RETENTION_MAX ?? Infinity));
  await db
    .updateTable('reports')
    .set({ closed_day: new Date().toISOString().slice(0, 10) })
    .where('status', '=', 'closed')
    .execute();
  await db
    .updateTable('reports')
    .set({ closed_day: '2020-01-01' })
    .where(
      'id',
      'in',
      db
        .selectFrom('reports')
        .select('id')
        .where('status', '=', 'closed')
        .where((eb) => eb(eb.ref('id').$castTo<string>(), 'like', 'copy-%'))
        .orderBy('id')
        .limit(expiring),
    )
    .execute();
  await sql`create table bench_copy as select * from reports where closed_day = '2020-01-01'`.execute(db);
  const bareDelete = await once(() => sql`delete from bench_copy`.execute(db));
  process.stderr.write(`  ${dialect} ${int(size)}: retention over ${int(expiring)} reports…\n`);
  const scans = async () =>
    dialect === 'postgres'
      ? new Map((await sql<{ relname: string; n: string }>`select relname, seq_tup_read::text as n from pg_stat_user_tables`.execute(db)).rows.map((r) => [r.relname, Number(r.n)]))
      : new Map<string, number>();
  const scansBefore = await scans();
  let deleted = 0;
  const retention = await once(async () => (deleted = (await runRetention(ctx.core, { graceMs: 0 } as never)).deleted));
  if (deleted !== expiring) throw new Error(`the retention run deleted ${deleted} reports, not the ${expiring} made due`);
  if (process.env.BENCH_SEQSCAN) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const [t, n] of await scans()) if (n - (scansBefore.get(t) ?? 0) > 1000) process.stderr.write(`  seq rows read in ${t}: ${n - (scansBefore.get(t) ?? 0)}\n`);
  }
  rows.push({ name: `retention, ${int(expiring)} reports`, p50: retention, p99: retention, bare: bareDelete });
  remember('retention');
  const rss = process.memoryUsage().rss;
  return { rows, rss, bareRss, seedMs };
}

async function main(): Promise<void> {
  cleanupOnSignals();
  const dialects = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'postgres']) as ('sqlite' | 'postgres')[];
  const out: string[][] = [];
  for (const dialect of dialects) {
    for (const size of SIZES) {
      const { rows, rss, bareRss, seedMs } = await measure(dialect, size);
      for (const r of rows) out.push([dialect, int(size), r.name, fixed(r.p50, 2), fixed(r.p99, 2), fixed(r.bare, 2), fixed(r.p50 / r.bare, 1)]);
      out.push([
        dialect,
        int(size),
        'RSS MB (bare: no reports)',
        fixed(rss / 1e6, 0),
        fixed((process.resourceUsage().maxRSS * 1024) / 1e6, 0) + ' peak',
        fixed(bareRss / 1e6, 0),
        fixed(rss / bareRss, 1),
      ]);
      out.push([dialect, int(size), 'seeding (s)', fixed(seedMs / 1000, 1), '', '', '']);
      console.log(table(['db', 'reports', 'what', 'p50 ms', 'p99 ms', 'bare ms', 'ratio'], out.slice(-rows.length - 2), ['l', 'r', 'l', 'r', 'r', 'r', 'r']));
      await cleanupAll();
    }
  }
  console.log('\nAll sizes:\n' + table(['db', 'reports', 'what', 'p50 ms', 'p99 ms', 'bare ms', 'ratio'], out, ['l', 'r', 'l', 'r', 'r', 'r', 'r']));
}

await main();
