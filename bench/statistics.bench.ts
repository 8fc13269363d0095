/**
 * Statistics page versus the bare aggregate query, on SQLite and PostgreSQL.
 *
 * With 1,000,000 synthetic reports (about half of them agreeing to
 * statistics) and 10,000 operations, measures in the same run:
 *   - the bare aggregate queries the statistics are made from (GROUP BYs over
 *     every report: what a page would cost if it computed its numbers), and
 *     the barest aggregate of all, a count of reports by country;
 *   - the server time of GET /statistics (request in to response written,
 *     over a local socket, gzip accepted; warm: the release is built and its
 *     page cached), and of its first view after a build;
 *   - building a release (the aggregate query plus small-cell protection).
 * Prints the page's time as a ratio to both; the target is at most 2x, and
 * it is checked against the stricter one (count by country). Timings are
 * medians. Never part of a pass/fail test.
 *
 *   npx tsx bench/statistics.bench.ts            (both databases)
 *   BENCH_REPORTS=200000 npx tsx bench/statistics.bench.ts sqlite
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createContext, type Context } from '../src/context.js';
import { buildRelease } from '../src/core/statistics/release.service.js';
import { aggregateReports } from '../src/core/statistics/report-cells.js';
import { CATEGORIES, PERPETRATOR_TYPES } from '../src/core/taxonomy/taxonomy.js';
import { COUNTRY_CODES } from '../src/core/places/countries.js';
import { generateSecrets } from '../src/infra/secrets.js';
import { buildReporterApp } from '../src/web/app.js';
import { cleanupAll, cleanupOnSignals, onCleanup } from './cleanup.js';
import { fixed, int, table } from './format.js';
import { asOrganisationId } from '../src/core/shared/ids.js';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000);
const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 10_000);
const POSTGRES_ADMIN = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS_PER_STATEMENT = 500;
const ROWS_PER_TRANSACTION = 50_000;

/** Deterministic pseudo-random numbers: the same data on both databases. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const COLUMNS = [
  'id',
  'organisation_id',
  'receipt_lookup',
  'country_code',
  'area_id',
  'incident_month',
  'categories',
  'perpetrator_types',
  'wants_support',
  'warn_others',
  'statistics_consent',
  'police_consent',
  'has_contact',
  'status',
  'created_day',
  'last_activity_day',
  'body',
  'reporter_public_key',
] as const;
const AREAS = [
  ['ro-bucharest', 'RO', 'București'],
  ['ro-cluj', 'RO', 'Cluj-Napoca'],
  ['gb-london', 'GB', 'London'],
  ['fr-paris', 'FR', 'Paris'],
  ['de-berlin', 'DE', 'Berlin'],
  ['kz-almaty', 'KZ', 'Almaty'],
] as const;

/** One synthetic report's column values (routing fields only matter; content is a fixed placeholder). */
function reportRow(i: number, next: (n: number) => number, body: Buffer): unknown[] {
  // Countries are skewed, as real use would be: a few large, a long tail of small ones.
  const country = next(3) === 0 ? AREAS[next(AREAS.length)]![1] : COUNTRY_CODES[Math.min(COUNTRY_CODES.length - 1, Math.floor(Math.abs(Math.log(1 - next(1000) / 1000.5)) * 12))]!;
  const area = AREAS.find((a) => a[1] === country && next(2) === 0)?.[0] ?? null;
  const month = next(12) === 0 ? null : `${2021 + next(5)}-${String(1 + next(12)).padStart(2, '0')}`;
  const categories = [...new Set([CATEGORIES[next(CATEGORIES.length)]!, ...(next(2) ? [CATEGORIES[next(CATEGORIES.length)]!] : [])])].join(' ');
  const perps = next(5) === 0 ? '' : PERPETRATOR_TYPES[next(PERPETRATOR_TYPES.length)]!;
  return [
    String(i).padStart(12, '0'),
    'bench-org',
    `lookup-${i}`,
    country,
    area,
    month,
    categories,
    perps,
    1,
    0,
    next(2),
    ['none', 'anonymous', 'identified'][next(3)],
    0,
    'in_progress',
    '2025-12-01',
    '2025-12-01',
    body,
    body,
  ];
}

const OP_COLUMNS = [
  'id',
  'organisation_id',
  'op_date',
  'year',
  'month',
  'country_code',
  'city',
  'agencies',
  'purpose',
  'premises',
  'arrested',
  'removed',
  'victims_identified',
  'harms',
  'sources',
  'published',
  'created_day',
  'updated_day',
] as const;

function operationRow(i: number, next: (n: number) => number): unknown[] {
  const year = 2010 + next(16);
  const month = `${year}-${String(1 + next(12)).padStart(2, '0')}`;
  return [
    `op-${i}`,
    'bench-org',
    month,
    year,
    month,
    COUNTRY_CODES[next(COUNTRY_CODES.length)]!,
    null,
    'police',
    'anti_trafficking',
    next(8),
    next(30),
    next(15),
    next(3),
    '',
    '[]',
    next(4) === 0 ? 0 : 1,
    '2025-12-01',
    '2025-12-01',
  ];
}

function progress(label: string, done: number, total: number, started: number): void {
  const rate = done / ((performance.now() - started) / 1000);
  process.stderr.write(`\r  ${label}: ${int(done)} / ${int(total)} (${int(rate)} rows/s)   `);
  if (done >= total) process.stderr.write('\n');
}

interface Target {
  readonly name: 'sqlite' | 'postgres';
  ctx: Context;
  /** Inserts rows of a table, in statements of ROWS_PER_STATEMENT inside transactions. */
  bulk(tableName: string, columns: readonly string[], rows: AsyncIterable<unknown[][]> | Iterable<unknown[][]>, total: number, label: string): Promise<void>;
  close(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-stats-'));
  onCleanup('remove SQLite bench folder', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'parasol.sqlite');
  const config = loadConfig({}, { dataDir: dir, sqliteFile: file, databaseUrl: undefined, insecureFastKdf: true, logLevel: 'error', redisUrl: undefined });
  const ctx = await createContext(config, { secrets: generateSecrets() });
  onCleanup('close SQLite context', () => ctx.close());
  // Bulk loading goes through a second connection with prepared statements (the app's Kysely would spend most of the time compiling SQL).
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  return {
    name: 'sqlite',
    ctx,
    async bulk(tableName, columns, batches, total, label) {
      const started = performance.now();
      const one = `(${columns.map(() => '?').join(',')})`;
      const stmt = raw.prepare(`insert into ${tableName} (${columns.join(',')}) values ${Array.from({ length: ROWS_PER_STATEMENT }, () => one).join(',')}`);
      let done = 0;
      let batch: unknown[][] = [];
      const flushTx = raw.transaction((rows: unknown[][]) => {
        for (let i = 0; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) stmt.run(rows.slice(i, i + ROWS_PER_STATEMENT).flat());
        const rest = rows.length % ROWS_PER_STATEMENT;
        if (rest) raw.prepare(`insert into ${tableName} (${columns.join(',')}) values ${Array.from({ length: rest }, () => one).join(',')}`).run(rows.slice(rows.length - rest).flat());
      });
      for await (const rows of batches) {
        batch.push(...rows);
        if (batch.length >= ROWS_PER_TRANSACTION) {
          flushTx(batch);
          done += batch.length;
          batch = [];
          progress(label, done, total, started);
        }
      }
      if (batch.length) {
        flushTx(batch);
        done += batch.length;
        progress(label, done, total, started);
      }
    },
    async close() {
      raw.close();
    },
  };
}

async function postgresTarget(): Promise<Target> {
  const name = `parasol_bench_${Date.now().toString(36)}`;
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-stats-pg-'));
  onCleanup('remove bench folder', () => fs.rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({}, { dataDir: dir, sqliteFile: path.join(dir, 'unused.sqlite'), databaseUrl: url.toString(), insecureFastKdf: true, logLevel: 'error', redisUrl: undefined });
  const ctx = await createContext(config, { secrets: generateSecrets() });
  onCleanup('close PostgreSQL context', () => ctx.close());
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    name: 'postgres',
    ctx,
    async bulk(tableName, columns, batches, total, label) {
      const started = performance.now();
      let done = 0;
      let pending: unknown[][] = [];
      const insert = async (rows: unknown[][]) => {
        const values = rows.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
        await client.query(`insert into ${tableName} (${columns.join(',')}) values ${values}`, rows.flat());
      };
      const flush = async () => {
        await client.query('begin');
        for (let i = 0; i < pending.length; i += ROWS_PER_STATEMENT) await insert(pending.slice(i, i + ROWS_PER_STATEMENT));
        await client.query('commit');
        done += pending.length;
        pending = [];
        progress(label, done, total, started);
      };
      for await (const rows of batches) {
        pending.push(...rows);
        if (pending.length >= ROWS_PER_TRANSACTION) await flush();
      }
      if (pending.length) await flush();
    },
    async close() {
      await client.end();
    },
  };
}

function* chunks(total: number, make: (i: number) => unknown[]): Generator<unknown[][]> {
  for (let i = 0; i < total; i += 5000) {
    const rows: unknown[][] = [];
    for (let j = i; j < Math.min(total, i + 5000); j++) rows.push(make(j));
    yield rows;
  }
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface Result {
  readonly db: string;
  readonly aggregate: number;
  readonly countByCountry: number;
  readonly build: number;
  readonly pageFirst: number;
  readonly page: number;
  readonly operationsPage: number;
  readonly pageBytes: number;
  readonly hidden: number;
  readonly small: number;
}

async function run(target: Target): Promise<Result> {
  const { ctx } = target;
  const db = ctx.core.db;
  process.stderr.write(`\n${target.name}: loading ${int(REPORTS)} reports and ${int(OPERATIONS)} operations\n`);
  await db
    .insertInto('organisations')
    .values({ id: asOrganisationId('bench-org'), slug: 'bench', name: 'Bench organisation', is_default: 1, created_day: '2025-01-01' })
    .execute();
  for (const [id, country, name] of AREAS) await db.insertInto('areas').values({ id, country_code: country, name }).execute();
  const body = Buffer.alloc(48, 7);
  const next = rng(42);
  await target.bulk(
    'reports',
    COLUMNS,
    chunks(REPORTS, (i) => reportRow(i, next, body)),
    REPORTS,
    'reports',
  );
  const nextOp = rng(7);
  await target.bulk(
    'operations',
    OP_COLUMNS,
    chunks(OPERATIONS, (i) => operationRow(i, nextOp)),
    OPERATIONS,
    'operations',
  );
  if (target.name === 'postgres') await sql`analyze`.execute(db);
  else await sql`analyze`.execute(db);

  const cutoff = '2026-01-01';
  const clock = { now: () => new Date('2026-01-15T12:00:00Z') };
  // Warm the caches of both databases once, then measure.
  await aggregateReports(db, cutoff);
  const aggregate = await median(3, () => aggregateReports(db, cutoff));
  const countByCountry = await median(5, () =>
    db
      .selectFrom('reports')
      .select(['country_code', (eb) => eb.fn.countAll().as('n')])
      .where('statistics_consent', '=', 1)
      .groupBy('country_code')
      .execute(),
  );
  const tb = performance.now();
  const release = await buildRelease(db, clock, 5);
  const build = performance.now() - tb;

  // Server time: from the request arriving to the response written (Fastify hooks), over a real local socket.
  const app = await buildReporterApp({ ...ctx, clock });
  const started = new WeakMap<object, number>();
  let last = 0;
  app.addHook('onRequest', async (request) => {
    started.set(request, performance.now());
  });
  app.addHook('onResponse', async (request) => {
    last = performance.now() - (started.get(request) ?? performance.now());
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const get = async (url: string) => {
    const res = await fetch(`http://127.0.0.1:${address.port}${url}`, { headers: { 'accept-encoding': 'gzip', 'accept-language': 'en' } });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return { time: last, bytes: body.byteLength };
  };
  const serverMedian = async (runs: number, url: string) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await get(url)).time);
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  const first = await get('/statistics?lang=en');
  const pageFirst = first.time;
  const page = await serverMedian(21, '/statistics?lang=en');
  await get('/statistics/operations?lang=en');
  const operationsPage = await serverMedian(11, '/statistics/operations?lang=en');
  await app.close();
  return { db: target.name, aggregate, countByCountry, build, pageFirst, page, operationsPage, pageBytes: first.bytes, hidden: release.body.protection.hidden, small: release.body.protection.small };
}

async function main(): Promise<void> {
  cleanupOnSignals();
  const which = process.argv.slice(2);
  const dialects = which.length ? which : ['sqlite', 'postgres'];
  const results: Result[] = [];
  try {
    for (const d of dialects) {
      const target = d === 'postgres' ? await postgresTarget() : await sqliteTarget();
      try {
        results.push(await run(target));
      } finally {
        await target.close();
        await cleanupAll();
      }
    }
  } finally {
    await cleanupAll();
  }
  const ms = (x: number) => `${fixed(x, 1)} ms`;
  process.stdout.write(`\nStatistics page vs the bare aggregate query: ${int(REPORTS)} reports, ${int(OPERATIONS)} operations, k = 5 (medians)\n\n`);
  process.stdout.write(
    table(
      [
        'database',
        'count by country',
        'aggregate queries',
        'GET /statistics',
        'ratio to count',
        'ratio to aggregates',
        'target ≤ 2x',
        'first view',
        'release build',
        'operations page',
        'HTML size',
        'cells small / hidden',
      ],
      results.map((r) => [
        r.db,
        ms(r.countByCountry),
        ms(r.aggregate),
        ms(r.page),
        `${fixed(r.page / r.countByCountry, 3)}x`,
        `${fixed(r.page / r.aggregate, 3)}x`,
        r.page / r.countByCountry <= 2 ? 'holds' : 'MISSED',
        ms(r.pageFirst),
        ms(r.build),
        ms(r.operationsPage),
        `${int(r.pageBytes / 1024)} KB`,
        `${r.small} / ${r.hidden}`,
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
    ) + '\n',
  );
  process.stdout.write(
    '\nThe page reads a stored release (built once a month, or when monitors change operations or surveys) and caches\n' +
      'its charts, so it costs a lookup and a render, not an aggregate. "first view" is the first request after a build\n' +
      '(charts rendered); "release build" is the aggregate query plus small-cell protection, paid once per release.\n',
  );
}

main().catch(async (err) => {
  process.stderr.write(`\n${(err as Error).stack ?? String(err)}\n`);
  await cleanupAll();
  process.exit(1);
});
