/**
 * Durability under a crash: the real server process is killed with SIGKILL
 * while 200 reports are being submitted at once, five times over. After each
 * restart, every receipt the server ever handed out must still open its own
 * report. A receipt is a promise to someone who may have risked a lot to
 * report; an acknowledged report that vanishes in a crash breaks it.
 *
 * The server runs as a child process exactly as in production
 * (`parasol serve`), with fast KDF parameters (tests only) and intake limits
 * lifted so that every request reaches the database. SQLite by default;
 * PARASOL_TEST_DIALECT=postgres runs it against a fresh PostgreSQL database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_AVAILABLE, SURFACE_DIALECT, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { encodeForm, extractCsrf, receiptFrom, textOf, validReport } from '../helpers/forms.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = 5;
const SUBMISSIONS = 200;
/** The kill lands once this share of the round's responses (or failures) has come back. */
const KILL_FRACTION = { min: 0.2, max: 0.6 } as const;
const MIN_ROUNDS_KILLED_MID_FLIGHT = 3;

// A seeded generator, so that a failing run can be repeated: PARASOL_DURABILITY_SEED=<n>.
const SEED = Number(process.env.PARASOL_DURABILITY_SEED ?? randomBytes(4).readUInt32LE(0));
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);

interface HttpResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request on its own connection (no keep-alive), so a kill fails exactly the requests in flight. */
function request(port: number, method: 'GET' | 'POST', urlPath: string, opts: { cookie?: string; form?: string; timeoutMs?: number } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { connection: 'close' };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(opts.form);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        if (!res.complete) return reject(new Error('response incomplete'));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(opts.form);
  });
}

function formCookie(res: HttpResult): string {
  const set = res.headers['set-cookie'] ?? [];
  const pair = set.map((c) => c.split(';')[0]!).find((c) => c.startsWith('parasol_form='));
  if (!pair) throw new Error('no parasol_form cookie');
  return pair;
}

async function openForm(port: number, urlPath: string): Promise<{ cookie: string; token: string }> {
  const res = await request(port, 'GET', urlPath);
  if (res.status !== 200) throw new Error(`GET ${urlPath} answered ${res.status}`);
  return { cookie: formCookie(res), token: extractCsrf(res.body) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A receipt the server returned, with the marker written into its report's description. */
interface Issued {
  readonly receipt: string;
  readonly marker: string;
  readonly round: number;
}

const children = new Set<ChildProcess>();

function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

const skip = SURFACE_DIALECT === 'postgres' && !POSTGRES_AVAILABLE;

describe.skipIf(skip)(`durability: kill -9 during concurrent submissions (${SURFACE_DIALECT})`, () => {
  let database: TestDatabase;
  let baseEnv: NodeJS.ProcessEnv;

  function cli(args: string[], env: NodeJS.ProcessEnv): void {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    if (res.status !== 0) throw new Error(`parasol ${args.join(' ')} failed (${res.status ?? res.signal}): ${res.stderr}\n${res.stdout}`);
  }

  async function startServer(): Promise<Server> {
    const port = await freePort();
    let staffPort = await freePort();
    while (staffPort === port) staffPort = await freePort();
    const env = { ...baseEnv, PARASOL_REPORTER_PORT: String(port), PARASOL_STAFF_PORT: String(staffPort) };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let log = '';
    const keep = (c: Buffer) => {
      log += c.toString('utf8');
      if (log.length > 200_000) log = log.slice(-100_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      }),
    );
    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (gone) throw new Error(`server exited before it was ready:\n${log}`);
      if (Date.now() > deadline) {
        killChild(child);
        throw new Error(`server not ready within 30 s:\n${log}`);
      }
      try {
        const res = await request(port, 'GET', '/healthz', { timeoutMs: 2_000 });
        if (res.status === 200) break;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    return { child, port, output: () => log, exited };
  }

  /** Opens every receipt issued so far and checks that its own report comes up. */
  async function verifyAll(server: Server, issued: readonly Issued[], label: string): Promise<void> {
    const session = await openForm(server.port, '/follow-up');
    const failures: string[] = [];
    await pool(issued, 16, async (item) => {
      let res: HttpResult;
      try {
        res = await request(server.port, 'POST', '/follow-up', { cookie: session.cookie, form: encodeForm({ _csrf: session.token, lang: 'en', receipt: item.receipt }) });
      } catch (err) {
        failures.push(`${item.receipt} (round ${item.round}): ${(err as Error).message}`);
        return;
      }
      if (res.status !== 200) failures.push(`${item.receipt} (round ${item.round}): status ${res.status}`);
      else if (!textOf(res.body).includes(item.marker)) failures.push(`${item.receipt} (round ${item.round}): opened a page without its marker ${item.marker}`);
    });
    if (failures.length) console.error(`[durability] ${label}: ${failures.length} receipts did not open:\n  ${failures.slice(0, 20).join('\n  ')}\nserver output:\n${server.output().slice(-4000)}`);
    expect(failures, `${label}: every returned receipt opens its report`).toEqual([]);
  }

  function sqliteIntegrity(): string {
    const db = new BetterSqlite3(database.sqliteFile);
    try {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.map((r) => r.integrity_check).join('; ');
    } finally {
      db.close();
    }
  }

  async function countReports(): Promise<number> {
    if (database.dialect === 'sqlite') {
      const db = new BetterSqlite3(database.sqliteFile, { readonly: true });
      try {
        return Number((db.prepare('select count(*) as n from reports').get() as { n: number }).n);
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>('select count(*) as n from reports');
      return Number(r.rows[0]!.n);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    database = await freshDatabase(SURFACE_DIALECT);
    baseEnv = { ...process.env };
    // Only what this test sets: nothing from the developer's shell may point the server elsewhere.
    for (const k of Object.keys(baseEnv)) if (k.startsWith('PARASOL_') || k === 'DATABASE_URL' || k === 'REDIS_URL') delete baseEnv[k];
    Object.assign(baseEnv, {
      PARASOL_DATA_DIR: database.dataDir,
      PARASOL_INSECURE_FAST_KDF: '1',
      PARASOL_INTAKE_PER_MINUTE: '1000000',
      PARASOL_FOLLOW_UP_PER_MINUTE: '1000000',
      PARASOL_LOG_LEVEL: 'warn',
      PARASOL_REPORTER_PORT: String(await freePort()),
      PARASOL_STAFF_PORT: String(await freePort()),
      NODE_NO_WARNINGS: '1',
    });
    if (database.databaseUrl) baseEnv.DATABASE_URL = database.databaseUrl;
    cli(['init'], baseEnv);
    cli(['demo'], baseEnv);
  });

  afterAll(async () => {
    for (const child of children) killChild(child);
    await sleep(100);
    await database?.drop();
  });

  it('after restart, every receipt the server returned opens its report', async () => {
    console.log(`[durability] dialect=${SURFACE_DIALECT} seed=${SEED} (repeat with PARASOL_DURABILITY_SEED=${SEED})`);
    const issued: Issued[] = [];
    let killedMidFlight = 0;
    let server = await startServer();
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        // Every submission gets its own form session, fetched before the load starts.
        const sessions = await pool(Array.from({ length: SUBMISSIONS }), 20, () => openForm(server.port, '/report'));
        const runId = randomBytes(4).toString('hex');
        const markers = sessions.map((_, i) => `DURABILITY-${runId}-R${round}-N${String(i).padStart(3, '0')}`);

        const fraction = KILL_FRACTION.min + random() * (KILL_FRACTION.max - KILL_FRACTION.min);
        const killAfter = Math.max(1, Math.floor(SUBMISSIONS * fraction));
        let finished = 0;
        let finishedBeforeKill = 0;
        let killedAtMs: number | null = null;
        const started = performance.now();
        const pid = server.child.pid!;
        const kill = () => {
          if (killedAtMs !== null) return;
          killedAtMs = performance.now() - started;
          finishedBeforeKill = finished;
          process.kill(pid, 'SIGKILL');
        };
        // A backstop: if responses are slow to come back at all, the kill still lands mid-load.
        const backstop = setTimeout(kill, 10_000);

        const statuses = new Map<string, number>();
        const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
        const roundReceipts: Issued[] = [];
        await Promise.all(
          sessions.map(async (s, i) => {
            try {
              const res = await request(server.port, 'POST', '/report', {
                cookie: s.cookie,
                form: encodeForm({ _csrf: s.token, ...validReport({ description: `Durability check ${markers[i]} he took my phone.` }) }),
              });
              count(String(res.status));
              if (res.status === 200) roundReceipts.push({ receipt: receiptFrom(res.body), marker: markers[i]!, round });
            } catch {
              count('error');
            } finally {
              finished++;
              if (finished >= killAfter) kill();
            }
          }),
        );
        clearTimeout(backstop);
        const exit = await server.exited;
        expect(exit.signal, 'the server died of SIGKILL').toBe('SIGKILL');

        const ok = statuses.get('200') ?? 0;
        const errors = statuses.get('error') ?? 0;
        const other = [...statuses].filter(([k]) => k !== '200' && k !== 'error');
        // Connection failures are the proof that the kill cut requests off mid-flight.
        const midFlight = killedAtMs !== null && errors > 0;
        if (midFlight) killedMidFlight++;
        console.log(
          `[durability] ${SURFACE_DIALECT} round ${round}: answered 200: ${ok}, errors: ${errors}` +
            (other.length ? `, other: ${other.map(([k, v]) => `${k}×${v}`).join(' ')}` : '') +
            `, kill at ${killedAtMs === null ? 'never' : `${Math.round(killedAtMs)} ms`} after ${finishedBeforeKill}/${SUBMISSIONS} finished (target ${killAfter})` +
            `${midFlight ? '' : ' — NOT mid-flight'}`,
        );
        // Anything but a receipt or a cut connection means the server refused work: the test would prove nothing.
        expect(other, 'no submission was refused').toEqual([]);
        expect(ok, `round ${round}: some receipts were returned before the kill`).toBeGreaterThan(0);
        issued.push(...roundReceipts);

        if (round === ROUNDS && database.dialect === 'sqlite') {
          // Straight after the crash, before the server recovers anything.
          expect(sqliteIntegrity(), 'SQLite file intact after kill -9').toBe('ok');
        }

        server = await startServer();
        await verifyAll(server, issued, `after round ${round}`);
      }

      console.log(`[durability] ${SURFACE_DIALECT}: ${issued.length} receipts issued over ${ROUNDS} rounds, all open; ${killedMidFlight}/${ROUNDS} rounds killed mid-flight`);
      expect(killedMidFlight, 'rounds where the kill cut submissions off mid-flight').toBeGreaterThanOrEqual(MIN_ROUNDS_KILLED_MID_FLIGHT);
      // The receipts were all different reports.
      expect(new Set(issued.map((i) => i.receipt)).size).toBe(issued.length);
      expect(await countReports()).toBeGreaterThanOrEqual(issued.length);

      // Stop cleanly, then check the file itself.
      process.kill(server.child.pid!, 'SIGTERM');
      const exit = await Promise.race([server.exited, sleep(15_000).then(() => null)]);
      expect(exit, 'server stopped on SIGTERM').not.toBeNull();
      if (database.dialect === 'sqlite') expect(sqliteIntegrity(), 'SQLite integrity_check after stop').toBe('ok');
    } finally {
      killChild(server.child);
    }
  }, 240_000);
});
