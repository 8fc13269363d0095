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
import { generateSecrets } from '../src/infra/secrets.js';
import { buildReporterApp } from '../src/web/app.js';
import { cleanupAll, cleanupOnSignals, onCleanup } from './cleanup.js';
import { fixed, int, table } from './format.js';
import { asReportId } from '../src/core/shared/ids.js';

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

async function newContext(dialect: 'sqlite' | 'postgres'): Promise<Context> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-growth-'));
  onCleanup('remove bench folder', () => fs.rmSync(dir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const name = `parasol_growth_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN, connectionTimeoutMillis: 3000 });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    onCleanup(`drop PostgreSQL database ${name}`, async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
    const url = new URL(POSTGRES_ADMIN);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig(
    {},
    { dataDir: dir, sqliteFile: path.join(dir, 'parasol.sqlite'), databaseUrl, insecureFastKdf: true, logLevel: 'error', redisUrl: undefined, intakePerMinute: 1_000_000, dbQueryTimeoutMs: 600_000 },
  );
  const ctx = await createContext(config, { secrets: generateSecrets() });
  onCleanup('close context', () => ctx.close());
  return ctx;
}

/** Submits real reports through the form; returns their ids. */
async function realReports(ctx: Context, count: number): Promise<string[]> {
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

async function measure(dialect: 'sqlite' | 'postgres', size: number): Promise<{ rows: Row[]; rss: number; seedMs: number }> {
  const ctx = await newContext(dialect);
  const db = ctx.core.db;
  const keys: DemoKey[] = await createDemo(ctx.core);
  const seedStart = performance.now();
  const templates = await realReports(ctx, 20);
  // The other organisations (15 in all).
  const existing = (await db.selectFrom('organisations').select('id').execute()).map((o) => o.id);
  const orgs = [...existing];
  for (let i = orgs.length; i < ORGANISATIONS; i++) {
    const id = `bench-org-${i}`;
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
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  else await sql`analyze`.execute(db);

  const userRow = await db.selectFrom('users').selectAll().where('id', '=', admin.userId).executeTakeFirstOrThrow();
  const user = toStaffUser(userRow);
  const rows: Row[] = [];
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
    const access = await caseAccess(ctx.core, user, admin.keyPair, asReportId(target));
    if (access.kind !== 'ok') throw new Error(`cannot open the template report: ${access.kind}`);
    return readCase(ctx.core, user, access);
  });
  rows.push({ name: 'opening a report', ...open, bare: bareOpen.p50 });

  if (process.env.BENCH_RETENTION === '0') return { rows, rss: process.memoryUsage().rss, seedMs };
  // Retention over 10 %: that many closed reports get a closing day long past, and a bare copy of them is deleted too.
  const expiring = Math.floor(size / 10);
  await db
    .updateTable('reports')
    .set({ closed_day: '2020-01-01' })
    .where('id', 'in', db.selectFrom('reports').select('id').where('status', '=', 'closed').where('id', 'like', 'copy-%').orderBy('id').limit(expiring))
    .execute();
  await sql`create table bench_copy as select * from reports where closed_day = '2020-01-01'`.execute(db);
  const bareDelete = await once(() => sql`delete from bench_copy`.execute(db));
  process.stderr.write(`  ${dialect} ${int(size)}: retention over ${int(expiring)} reports…\n`);
  const retention = await once(() => runRetention(ctx.core, { graceMs: 0 } as never));
  rows.push({ name: `retention, ${int(expiring)} reports`, p50: retention, p99: retention, bare: bareDelete });
  const rss = process.memoryUsage().rss;
  return { rows, rss, seedMs };
}

async function main(): Promise<void> {
  cleanupOnSignals();
  const dialects = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'postgres']) as ('sqlite' | 'postgres')[];
  const out: string[][] = [];
  for (const dialect of dialects) {
    for (const size of SIZES) {
      const { rows, rss, seedMs } = await measure(dialect, size);
      for (const r of rows) out.push([dialect, int(size), r.name, fixed(r.p50, 2), fixed(r.p99, 2), fixed(r.bare, 2), fixed(r.p50 / r.bare, 1)]);
      out.push([dialect, int(size), 'RSS (MB) / seeding (s)', fixed(rss / 1e6, 0), '', fixed(seedMs / 1000, 1), '']);
      console.log(table(['db', 'reports', 'what', 'p50 ms', 'p99 ms', 'bare ms', 'ratio'], out.slice(-rows.length - 1), ['l', 'r', 'l', 'r', 'r', 'r', 'r']));
      await cleanupAll();
    }
  }
  console.log('\nAll sizes:\n' + table(['db', 'reports', 'what', 'p50 ms', 'p99 ms', 'bare ms', 'ratio'], out, ['l', 'r', 'l', 'r', 'r', 'r', 'r']));
}

await main();
