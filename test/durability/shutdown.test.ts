/**
 * SIGTERM during 16 concurrent submissions, with a submission still sending
 * its body and idle kept-alive connections open: every receipt the server
 * handed out opens after a restart, every request that arrives during the
 * drain (new connections and kept-alive ones alike) gets a 503 page rather
 * than a reset, and the process exits within 5 s. The real `parasol serve`
 * as a child process; SQLite by default, PARASOL_TEST_DIALECT=postgres for
 * PostgreSQL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_AVAILABLE, SURFACE_DIALECT, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { encodeForm, extractCsrf, receiptFrom, textOf, validReport } from '../helpers/forms.js';
import { INTERNAL_TEXT } from './freezing-proxy.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface HttpResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function request(port: number, method: 'GET' | 'POST', urlPath: string, opts: { cookie?: string; form?: string; agent?: http.Agent } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = opts.agent ? {} : { connection: 'close' };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(opts.form);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(opts.form);
  });
}

function formCookie(res: HttpResult): string {
  const pair = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('parasol_form='));
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
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const skip = SURFACE_DIALECT === 'postgres' && !POSTGRES_AVAILABLE;

describe.skipIf(skip)(`SIGTERM during submissions (${SURFACE_DIALECT})`, () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const children = new Set<ChildProcess>();

  async function startServer(): Promise<{ child: ChildProcess; port: number; exited: Promise<{ code: number | null; at: number }>; output: () => string }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env: { ...env, PARASOL_REPORTER_PORT: String(port), PARASOL_STAFF_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let log = '';
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => (children.delete(child), resolve({ code, at: performance.now() }))));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`server not ready:\n${log}`);
      try {
        if ((await request(port, 'GET', '/healthz')).status === 200) break;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    return { child, port, exited, output: () => log };
  }

  beforeAll(async () => {
    database = await freshDatabase(SURFACE_DIALECT);
    env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('PARASOL_') || k === 'DATABASE_URL' || k === 'REDIS_URL') delete env[k];
    Object.assign(env, {
      PARASOL_DATA_DIR: database.dataDir,
      PARASOL_INSECURE_FAST_KDF: '1',
      PARASOL_INTAKE_PER_MINUTE: '1000000',
      PARASOL_FOLLOW_UP_PER_MINUTE: '1000000',
      PARASOL_LOG_LEVEL: 'warn',
      NODE_NO_WARNINGS: '1',
    });
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
    for (const cmd of ['init', 'demo']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', cmd], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`parasol ${cmd} failed: ${r.stderr}`);
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await database?.drop();
  });

  it('every receipt handed out opens after restart, requests during the drain get a 503 page, exit within 5 s', async () => {
    const run = randomBytes(3).toString('hex');
    let server = await startServer();
    const port = server.port;
    const sessions = await Promise.all(Array.from({ length: 17 }, () => openForm(port, '/report')));
    const markers = sessions.map((_, i) => `SHUTDOWN-${run}-${i}`);
    const bodyOf = (i: number) => encodeForm({ _csrf: sessions[i]!.token, ...validReport({ description: `${markers[i]} he threatened me.` }) });

    // Idle kept-alive connections, as a browser or a proxy keeps them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    await Promise.all(Array.from({ length: 4 }, () => request(port, 'GET', '/report', { agent })));

    // One submission is still sending its body when SIGTERM comes: it is running, so it must finish.
    const slowBody = bodyOf(16);
    const slow = new Promise<HttpResult>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/report',
          agent: false,
          headers: { cookie: sessions[16]!.cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(slowBody) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.write(slowBody.slice(0, 40));
      setTimeout(() => req.end(slowBody.slice(40)), 800);
    });
    await sleep(100);

    const submissions = Array.from({ length: 16 }, (_, i) => request(port, 'POST', '/report', { cookie: sessions[i]!.cookie, form: bodyOf(i) }).then((r) => ({ r, i })));
    await sleep(30);
    const termAt = performance.now();
    server.child.kill('SIGTERM');
    await sleep(200);
    // During the drain: requests on kept-alive connections and on new ones get a page, not a reset.
    const during = await Promise.all([...Array.from({ length: 4 }, () => request(port, 'GET', '/report', { agent })), request(port, 'GET', '/')]);
    const [answers, slowAnswer, exit] = await Promise.all([Promise.all(submissions), slow, server.exited]);
    agent.destroy();

    expect(exit.at - termAt, 'exit within 5 s of SIGTERM').toBeLessThan(5_000);
    expect(exit.code, server.output()).toBe(0);
    for (const d of during) {
      expect(d.status).toBe(503);
      expect(d.headers['content-type']).toMatch(/^text\/html/);
      expect(textOf(d.body)).toMatch(/try again/i);
      expect(d.body).not.toMatch(INTERNAL_TEXT);
    }
    const issued: { receipt: string; marker: string }[] = [];
    for (const { r, i } of answers) {
      expect([200, 503], `submission ${i}`).toContain(r.status);
      if (r.status === 200) issued.push({ receipt: receiptFrom(r.body), marker: markers[i]! });
      else expect(r.body).not.toMatch(INTERNAL_TEXT);
    }
    expect(slowAnswer.status, 'the submission running when SIGTERM came is stored').toBe(200);
    issued.push({ receipt: receiptFrom(slowAnswer.body), marker: markers[16]! });
    console.log(`[shutdown] ${SURFACE_DIALECT}: ${answers.filter((a) => a.r.status === 200).length} of 16 stored, exit after ${Math.round(exit.at - termAt)} ms`);

    server = await startServer();
    for (const item of issued) {
      const s = await openForm(server.port, '/follow-up');
      const res = await request(server.port, 'POST', '/follow-up', { cookie: s.cookie, form: encodeForm({ _csrf: s.token, lang: 'en', receipt: item.receipt }) });
      expect(res.status).toBe(200);
      expect(textOf(res.body)).toContain(item.marker);
    }
    server.child.kill('SIGTERM');
    await server.exited;
  }, 120_000);
});
