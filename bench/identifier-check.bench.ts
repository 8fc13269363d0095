/**
 * Identifier checks against 1,000,000 stored identifier hashes, over real
 * HTTP, as a ratio of a bare Fastify route measured in the same run.
 *
 *   npx tsx bench/identifier-check.bench.ts [--db sqlite|postgres] [--seconds 8] [--rounds 3] [--concurrency 50] [--gzip]
 *
 * The server is Parasol's reporter surface (every plugin, the member
 * session, CSRF, the daily limit, the organisation's daily count) on a listener in this
 * process; the bare route is `GET /bare` on a plain Fastify server on
 * another port of the same process. The load comes from a worker thread
 * (its own event loop, so the other core) holding `--concurrency`
 * keep-alive connections, each sending its next request as soon as the
 * last one is answered. Rounds alternate bare and check (B C F B C F …, F the floor below) so that
 * drift in what other tenants of the machine take affects both alike.
 *
 * The identifier service runs as its own process (`parasol identifier-service`
 * on a Unix socket), so each check pays the OPRF round trip: blinding and
 * unblinding here, the evaluation there.
 *
 * A check is what a member's browser sends: POST /members/check with the
 * member's session cookie, the form cookie, a CSRF token and a phone number
 * written in one of several formats; one in ten is a number that a warning
 * carries. The answer is the whole result page. Nothing here passes or
 * fails on timing: it prints figures and the targets beside them.
 *
 * Two more rows are for reading the figures: Parasol's /healthz (the framework
 * and plugins), and the floor of a member form: the same POST with the
 * same cookies to a route on the same server that opens the member
 * session, reads the member, parses the form, checks the CSRF token and
 * answers "ok". A check does all of that before its own work, so the
 * floor's rate is the most a check could reach. The floor has its own
 * round after each check round (B C F B C F B C F B, then /healthz).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createContext, type Context } from '../src/context.js';
import { createDemo } from '../src/demo/demo.service.js';
import { createInvite, signUp } from '../src/core/safety/members.service.js';
import { identifierHash } from '../src/core/reports/identifiers.js';
import { randomBytes as fillerBytes } from 'node:crypto';
import { saveSafetySettings } from '../src/core/safety/settings.js';
import { sealServer } from '../src/core/safety/server-keys.js';
import { bodyContext } from '../src/core/safety/warnings.service.js';
import { randomBytes, randomId } from '../src/crypto/index.js';
import { generateSecrets } from '../src/infra/secrets.js';
import { buildReporterApp } from '../src/web/app.js';
import { memberCsrfValid, registerMemberSession } from '../src/web/reporter/safety/member-session.js';
import { cleanupAll, cleanupOnSignals, onCleanup } from './cleanup.js';
import { fixed, int, table, verdict } from './format.js';
import { asWarningId, type OrganisationId, type UserId, type WarningId } from '../src/core/shared/ids.js';

/** 1,000,000 unless PARASOL_BENCH_HASHES asks for fewer (a quick look while working on the code; figures only count at a million). */
const HASHES = Math.max(1000, Number(process.env.PARASOL_BENCH_HASHES ?? 1_000_000));
const HASHES_PER_WARNING = 100;
const RATIO_TARGET = 0.5;
const P99_TARGET_MS = 20;

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '50' },
    gzip: { type: 'boolean', default: false },
  },
});
const SECONDS = Math.max(1, Number(args.seconds));
const ROUNDS = Math.max(1, Number(args.rounds));
const CONCURRENCY = Math.max(1, Number(args.concurrency));
const dialect = args.db === 'postgres' ? 'postgres' : 'sqlite';
const POSTGRES_ADMIN_URL = process.env.PARASOL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const note = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- the load generator (worker thread)

interface LoadTask {
  readonly port: number;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Request bodies, used round-robin. */
  readonly bodies: readonly string[];
  readonly concurrency: number;
  readonly ms: number;
}

interface LoadResult {
  readonly requests: number;
  readonly non2xx: number;
  readonly wallMs: number;
  readonly latencies: Float64Array;
  /** CPU time of this process's main thread (the server's event loop) during the round, in ms. */
  readonly serverCpuMs: number;
}

const CLOCK_TICKS = 100;

/** CPU time (user + system) of the main thread, from /proc: the server's event loop, not the load generator's thread. */
function mainThreadCpuMs(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const task = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: task.concurrency });
const latencies = [];
let requests = 0, non2xx = 0, next = 0;
const start = performance.now();
const end = start + task.ms;
function one() {
  return new Promise((resolve) => {
    const body = task.bodies.length ? task.bodies[next++ % task.bodies.length] : undefined;
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port: task.port, method: task.method, path: task.path, agent,
      headers: body === undefined ? task.headers : { ...task.headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        requests++;
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        resolve();
      });
    });
    req.on('error', () => { non2xx++; resolve(); });
    req.end(body);
  });
}
async function user() { while (performance.now() < end) await one(); }
Promise.all(Array.from({ length: task.concurrency }, user)).then(() => {
  agent.destroy();
  parentPort.postMessage({ requests, non2xx, wallMs: performance.now() - start, latencies: Float64Array.from(latencies) });
});
`;

function runLoad(task: LoadTask): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const cpu0 = mainThreadCpuMs();
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: task });
    worker.once('message', (m: Omit<LoadResult, 'serverCpuMs'>) => {
      void worker.terminate();
      resolve({ ...m, serverCpuMs: mainThreadCpuMs() - cpu0 });
    });
    worker.once('error', reject);
  });
}

const rateOf = (r: LoadResult) => r.requests / (r.wallMs / 1000);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/**
 * PARASOL_BENCH_PROFILE_DIR=<folder> writes a V8 CPU profile of this thread (the server's event loop) for each
 * check round, and only for those rounds: seeding and the bare route stay out of it. For finding where a check's
 * time goes; profiling slows the server, so the figures of a profiled run do not count.
 */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.PARASOL_BENCH_PROFILE_DIR;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

// ---------------------------------------------------------------- set-up

async function freshDatabaseUrl(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') return { url: undefined, drop: async () => {} };
  const name = `parasol_bench_${randomId().slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** 10,000 published warnings for London carrying 100 identifier hashes each; returns phone numbers that some warning carries. */
async function seed(ctx: Context, organisationId: OrganisationId, userId: UserId): Promise<string[]> {
  const db = ctx.core.db;
  const day = new Date().toISOString().slice(0, 10);
  const expires = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  const known: string[] = [];
  const warnings = HASHES / HASHES_PER_WARNING;
  const batch = dialect === 'sqlite' ? 8000 : 4000;
  const started = performance.now();
  let rows: Array<{ warning_id: WarningId; kind: string; hash: string }> = [];
  await db.transaction().execute(async (trx) => {
    for (let w = 0; w < warnings; w++) {
      const id = asWarningId(randomId());
      await trx
        .insertInto('warnings')
        .values({
          id,
          organisation_id: organisationId,
          source_report_id: null,
          status: 'published',
          visibility: 'network',
          country_code: 'GB',
          area_id: 'gb-london',
          incident_month: '2026-03',
          categories: 'robbery threats',
          body: sealServer(ctx.secrets, 'warning', { v: 1, what: `Warning ${w}: refused to pay and took money.`, recognise: '', modus: '' }, bodyContext(id)),
          version: 1,
          drafted_by: userId,
          last_edited_by: userId,
          approved_by: userId,
          created_at: new Date().toISOString(),
          published_day: day,
          updated_day: day,
          expires_on: expires,
          withdrawn_day: null,
          withdrawn_reason: null,
        })
        .execute();
      for (let i = 0; i < HASHES_PER_WARNING; i++) {
        const n = w * HASHES_PER_WARNING + i;
        // UK mobile numbers +44 7400 000000 upwards: one per stored hash.
        const e164 = `+447${String(400_000_000 + n).padStart(9, '0')}`;
        // Real OPRF hashes (through the identifier service) for the numbers the bench looks up; random 64-byte
        // values, indistinguishable from them, for the rest: a million round trips would take hours to seed.
        let hash: string;
        if (n % 10_007 === 0) {
          known.push(e164);
          hash = await identifierHash(ctx.core, 'phone', e164);
        } else hash = fillerBytes(64).toString('hex');
        rows.push({ warning_id: id, kind: 'phone', hash });
        if (rows.length >= batch) {
          await trx.insertInto('warning_identifiers').values(rows).execute();
          rows = [];
        }
      }
      if ((w + 1) % 1000 === 0) note(`  seeded ${int((w + 1) * HASHES_PER_WARNING)} hashes (${fixed((performance.now() - started) / 1000, 1)} s)`);
    }
    if (rows.length) await trx.insertInto('warning_identifiers').values(rows).execute();
  });
  return known;
}

function cookiesOf(res: http.IncomingMessage, jar: Map<string, string>): void {
  for (const line of res.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}

function request(port: number, method: string, p: string, jar: Map<string, string>, body?: string): Promise<{ status: number; text: string; location: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) });
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
      cookiesOf(res, jar);
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, location: String(res.headers.location ?? '') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

// ---------------------------------------------------------------- main

/** Starts `parasol identifier-service` as its own process (limits raised for the benchmark) and waits until it listens. */
async function startIdentifierService(dir: string): Promise<{ socket: string; secretFile: string; stop(): Promise<void> }> {
  const socket = path.join(dir, 'ids.sock');
  const secretFile = path.join(dir, 'ids.secret');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'identifier-service'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PARASOL_IDENTIFIER_SOCKET: socket,
      PARASOL_IDENTIFIER_SECRET_FILE: secretFile,
      PARASOL_IDENTIFIER_KEY_FILE: path.join(dir, 'ids.key'),
      PARASOL_IDENTIFIER_PER_MINUTE: '100000000',
      PARASOL_IDENTIFIER_PER_DAY: '1000000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => String(c).includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`identifier service exited ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    socket,
    secretFile,
    // Resolves once the process is gone, so that its folder (key and secret files) is removed after it, not under it.
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  cleanupOnSignals();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-bench-check-'));
  // Undone newest first, on success, on error and on Ctrl-C: nothing of the run (the key file above all) stays behind.
  onCleanup('remove the data folder', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const database = await freshDatabaseUrl();
  onCleanup('drop the database', () => database.drop());
  // The identifier service as production runs it: a process of its own, answering on a Unix socket.
  const ids = await startIdentifierService(dataDir);
  onCleanup('stop the identifier service', () => ids.stop());
  const config = loadConfig(
    {},
    {
      dataDir,
      identifierService: ids.socket,
      identifierSecretFile: ids.secretFile,
      databaseUrl: database.url,
      logLevel: 'warn',
      reporter: { host: '127.0.0.1', port: 0 },
      staff: { host: '127.0.0.1', port: 0 },
      redisUrl: undefined,
      intakePerMinute: 1_000_000,
      followUpPerMinute: 1_000_000,
    },
  );
  const ctx = await createContext(config, { secrets: generateSecrets() });
  onCleanup('close the context', () => ctx.close());
  const servers: Array<{ close(): Promise<void> }> = [];
  try {
    note(`set-up on ${dialect}: demo organisations, ${int(HASHES)} identifier hashes in ${int(HASHES / HASHES_PER_WARNING)} warnings…`);
    const demo = await createDemo(ctx.core);
    const soho = demo.find((d) => d.organisation === 'soho-peers')!;
    const t0 = performance.now();
    const known = await seed(ctx, soho.organisationId, soho.userId);
    const seedSeconds = (performance.now() - t0) / 1000;
    // A bulk load leaves a large write-ahead log; fold it into the database now, so that the checkpoint does not
    // land in the middle of a measured round (an installation that has been running is not mid-load).
    if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(ctx.core.db);
    else await sql`vacuum analyze warning_identifiers`.execute(ctx.core.db);
    const stored = await ctx.core.db
      .selectFrom('warning_identifiers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // The benchmark's member checks far more than a day's limit: the organisation's limit is raised for it.
    await saveSafetySettings(ctx.core.db, soho.organisationId, { checksPerDay: 10_000_000, defaultVisibility: 'network', expiryMonths: 6 });
    const staffUser = { id: soho.userId, organisationId: soho.organisationId, role: 'admin' as const, displayName: 'bench', username: soho.username };
    const invite = await createInvite(ctx.core, staffUser, 1, 1);
    const password = `bench member ${randomBytes(4).toString('hex')}`;
    const made = await signUp(ctx.core, { username: 'bench.member', password, passwordAgain: password, code: invite.code, organisationId: null, areas: ['gb-london'], lang: 'en' });
    if (!made.ok) throw new Error('member sign-up failed');

    const app = await buildReporterApp(ctx);
    // The floor of any member form: the same server, plugins and member session (cookie opened, member read from
    // the database, form parsed, CSRF token checked), then a two-byte answer. A check does all of this and then
    // its own work, so its rate cannot be above the floor's.
    await app.register(async (scope) => {
      await registerMemberSession(scope, ctx);
      scope.post('/members/floor', async (request, reply) =>
        reply
          .code(request.member && memberCsrfValid(request) ? 200 : 403)
          .type('text/html; charset=utf-8')
          .send('ok'),
      );
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    servers.push(app);
    const port = (app.server.address() as AddressInfo).port;
    const bare = Fastify({ logger: false });
    bare.get('/bare', async () => 'ok');
    await bare.listen({ host: '127.0.0.1', port: 0 });
    servers.push(bare);
    const barePort = (bare.server.address() as AddressInfo).port;

    // The member logs in like a browser: GET the form (cookie + token), POST, keep the cookies.
    const jar = new Map<string, string>();
    const loginForm = await request(port, 'GET', '/members/login?lang=en', jar);
    const login = await request(port, 'POST', '/members/login?lang=en', jar, new URLSearchParams({ _csrf: csrfOf(loginForm.text), lang: 'en', username: 'bench.member', password }).toString());
    if (login.status !== 303) throw new Error(`member login answered ${login.status}`);
    const checkPage = await request(port, 'GET', '/members/check?lang=en', jar);
    const token = csrfOf(checkPage.text);
    if (checkPage.status !== 200 || !token) throw new Error(`check page answered ${checkPage.status}`);

    // One in ten checks is a number a warning carries, written the ways people write it.
    const formats = (e164: string) => [e164, `0${e164.slice(3)}`, `0${e164.slice(3, 7)} ${e164.slice(7)}`, `+44 ${e164.slice(3, 7)} ${e164.slice(7, 10)} ${e164.slice(10)}`];
    const bodies: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const value = i % 10 === 0 ? formats(known[i % known.length]!)[i % 4]! : `07${String(300_000_000 + i * 7919).slice(0, 9)}`;
      bodies.push(new URLSearchParams({ _csrf: token, lang: 'en', kind: 'phone', value, country: 'GB' }).toString());
    }
    const probe = await request(port, 'POST', '/members/check?lang=en', jar, bodies[0]);
    if (probe.status !== 200 || !probe.text.includes('1 warning matches')) throw new Error(`a known number was not found (status ${probe.status})`);
    const floorProbe = await request(port, 'POST', '/members/floor?lang=en', jar, bodies[0]);
    if (floorProbe.status !== 200) throw new Error(`the floor route answered ${floorProbe.status}`);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const encoding: Record<string, string> = args.gzip ? { 'accept-encoding': 'gzip' } : {};
    const checkTask: LoadTask = {
      port,
      method: 'POST',
      path: '/members/check?lang=en',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...encoding },
      bodies,
      concurrency: CONCURRENCY,
      ms: SECONDS * 1000,
    };
    const bareTask: LoadTask = { port: barePort, method: 'GET', path: '/bare', headers: { ...encoding }, bodies: [], concurrency: CONCURRENCY, ms: SECONDS * 1000 };

    note('warm-up…');
    await runLoad({ ...bareTask, ms: 1500 });
    await runLoad({ ...checkTask, ms: 2000 });

    // Each round: bare, check, floor; a last bare round closes the series, so every check and floor round has a
    // bare round on either side.
    const floorTask: LoadTask = { ...checkTask, path: '/members/floor?lang=en' };
    const bareRounds: LoadResult[] = [];
    const checkRounds: LoadResult[] = [];
    const floorRounds: LoadResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      note(`round ${r + 1}/${ROUNDS}: bare route…`);
      bareRounds.push(await runLoad(bareTask));
      note(`round ${r + 1}/${ROUNDS}: identifier check…`);
      checkRounds.push(await profiled(`check-${r + 1}`, () => runLoad(checkTask)));
      note(`round ${r + 1}/${ROUNDS}: the floor of a member form…`);
      floorRounds.push(await runLoad(floorTask));
    }
    bareRounds.push(await runLoad(bareTask));
    // For reading the figures, not a target: the same server's /healthz (every plugin, one trivial SQL query) shows
    // how much of a check's cost is the framework and plugins and how much the check itself.
    note('Parasol /healthz, for comparison…');
    const healthTask: LoadTask = { ...bareTask, port, path: '/healthz' };
    const healthRounds = [await runLoad(healthTask)];

    const summarise = (rounds: readonly LoadResult[]) => {
      const requests = rounds.reduce((a, r) => a + r.requests, 0);
      const wall = rounds.reduce((a, r) => a + r.wallMs, 0);
      const all = Float64Array.from(rounds.flatMap((r) => Array.from(r.latencies))).sort();
      const cpu = rounds.reduce((a, r) => a + r.serverCpuMs, 0);
      return {
        requests,
        rate: requests / (wall / 1000),
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        max: all[all.length - 1] ?? NaN,
        non2xx: rounds.reduce((a, r) => a + r.non2xx, 0),
        cpuEach: cpu / requests,
      };
    };
    const b = summarise(bareRounds);
    const c = summarise(checkRounds);
    const h = summarise(healthRounds);
    const f = summarise(floorRounds);
    // Each check or floor round against the mean of the bare rounds either side of it.
    const ratiosOf = (rounds: readonly LoadResult[]) => rounds.map((r, i) => rateOf(r) / ((rateOf(bareRounds[i]!) + rateOf(bareRounds[i + 1]!)) / 2));
    const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const roundRatios = ratiosOf(checkRounds);
    const ratio = mean(roundRatios);
    const floorRatios = ratiosOf(floorRounds);
    const floorRatio = mean(floorRatios);
    const days = await ctx.core.db.selectFrom('identifier_check_days').select('count').execute();
    const logged = days.reduce((n, d) => n + Number(d.count), 0);

    const cpus = os.cpus();
    console.log(`Command: npx tsx bench/identifier-check.bench.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
    console.log(`Identifier check benchmark, ${new Date().toISOString()}`);
    console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${fixed(os.totalmem() / 2 ** 30, 0)} GiB RAM, Linux ${os.release()}, Node ${process.version}`);
    console.log(
      `Database: ${dialect === 'sqlite' ? 'SQLite (better-sqlite3, WAL, synchronous=FULL; the daily check counts commit with NORMAL)' : 'PostgreSQL on 127.0.0.1 (the daily check counts with synchronous_commit off)'}; ${int(Number(stored.n))} identifier hashes stored (seeded in ${fixed(seedSeconds, 1)} s)`,
    );
    console.log(
      `Load: ${CONCURRENCY} keep-alive connections from a worker thread, ${ROUNDS} rounds of ${SECONDS} s per target, alternating bare/check/floor${args.gzip ? ', accept-encoding: gzip' : ', no compression asked'}`,
    );
    console.log(
      `Check: POST /members/check (session cookie, CSRF, member's and organisation's daily counts committed before the answer, whole result page: ${int(Buffer.byteLength(probe.text))} B when a warning is found); 1 in 10 finds a warning`,
    );
    console.log('');
    console.log(
      table(
        ['target', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'server CPU ms/req'],
        [
          ['bare Fastify GET /bare', int(b.requests), int(b.rate), fixed(b.p50, 2), fixed(b.p99, 2), fixed(b.max, 1), String(b.non2xx), fixed(b.cpuEach, 3)],
          ['identifier check', int(c.requests), int(c.rate), fixed(c.p50, 2), fixed(c.p99, 2), fixed(c.max, 1), String(c.non2xx), fixed(c.cpuEach, 3)],
          ['(Parasol GET /healthz, 1 round)', int(h.requests), int(h.rate), fixed(h.p50, 2), fixed(h.p99, 2), fixed(h.max, 1), String(h.non2xx), fixed(h.cpuEach, 3)],
          ['(floor of a member form)', int(f.requests), int(f.rate), fixed(f.p50, 2), fixed(f.p99, 2), fixed(f.max, 1), String(f.non2xx), fixed(f.cpuEach, 3)],
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    console.log('');
    console.log(`  ratio (check req/s ÷ bare req/s, per round against the bare rounds either side): ${fixed(ratio, 2)} (rounds ${roundRatios.map((x) => fixed(x, 2)).join(', ')})`);
    console.log(
      `  floor ratio (the member-form floor's req/s ÷ bare req/s, per round likewise): ${fixed(floorRatio, 2)} (rounds ${floorRatios.map((x) => fixed(x, 2)).join(', ')}): the most any check could reach on this machine`,
    );
    console.log(`  check ÷ floor (what the check's own work leaves of the floor's rate): ${fixed(c.rate / f.rate, 2)}; CPU beyond the floor: ${fixed(c.cpuEach - f.cpuEach, 3)} ms a check`);
    console.log(`  CPU ratio (bare CPU per request ÷ check CPU per request, the server's event loop only; hardly moved by other load): ${fixed(b.cpuEach / c.cpuEach, 2)}`);
    console.log(`  machine: 1-min load average ${fixed(os.loadavg()[0] ?? NaN, 2)} at the end (2 cores); other tenants' load lowers both rates`);
    console.log(`  checks counted for the organisation and day: ${int(logged)} (every check, the warm-up and the probe; no audit entry per check)`);
    console.log('');
    console.log(
      table(
        ['target', 'measured', 'verdict'],
        [
          [`check ≥ ${RATIO_TARGET * 100} % of the bare route's req/s`, `${fixed(ratio * 100, 0)} %`, verdict(ratio >= RATIO_TARGET)],
          [`check p99 < ${P99_TARGET_MS} ms at concurrency ${CONCURRENCY}`, `${fixed(c.p99, 2)} ms`, verdict(c.p99 < P99_TARGET_MS)],
          ['no non-2xx answers', String(c.non2xx), verdict(c.non2xx === 0)],
          ["check ≥ 40 % of the floor's req/s (with the OPRF round trip)", `${fixed((c.rate / f.rate) * 100, 0)} %`, verdict(c.rate / f.rate >= 0.4)],
          ["check p99 ≤ 2.5 × the floor's p99", `${fixed(c.p99 / f.p99, 2)} ×`, verdict(c.p99 / f.p99 <= 2.5)],
        ],
      ),
    );
  } finally {
    for (const s of servers.reverse()) await s.close().catch(() => {});
    await cleanupAll();
  }
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
}
