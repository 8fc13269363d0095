/**
 * Redis going away while Parasol runs (design §7): one line when it goes and
 * one when it returns, never a stack trace, and the server keeps serving.
 * A real redis-server on a port of its own, stopped and started again under
 * a running `parasol serve`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hasStackTrace, ROOT } from './support.js';

const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
const children: ChildProcess[] = [];
let root = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): ChildProcess {
  const child = spawn(REDIS!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!REDIS)('Redis going away under a running server', () => {
  it('one line when it goes, one when it returns, no stack trace, still serving', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-redis-'));
    const env = { PARASOL_DATA_DIR: path.join(root, 'data'), PARASOL_INSECURE_FAST_KDF: '1' };
    expect((await cli(['init'], env)).code).toBe(0);
    const [redisPort, reporterPort, staffPort] = [await freePort(), await freePort(), await freePort()];
    const redis = startRedis(redisPort);
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARASOL_') && k !== 'REDIS_URL' && k !== 'DATABASE_URL') base[k] = v;
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env: {
        ...base,
        ...env,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        PARASOL_REPORTER_PORT: String(reporterPort),
        PARASOL_STAFF_PORT: String(staffPort),
        PARASOL_REPORTER_URL: 'http://127.0.0.1:' + reporterPort,
        PARASOL_STAFF_URL: 'http://127.0.0.1:' + staffPort,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(server);
    let out = '';
    let err = '';
    server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await until(() => out.includes('staff surface'), 30_000), err).toBe(true);

    redis.kill('SIGTERM');
    expect(await until(() => err.includes('stopped answering'), 15_000), err).toBe(true);
    // ioredis retries every few seconds: still one line, and no trace.
    await new Promise((r) => setTimeout(r, 4000));
    expect(err.match(/stopped answering/g)).toHaveLength(1);
    expect(err).toMatch(/^Redis \(REDIS_URL\) stopped answering \(ECONNREFUSED\); retrying in the background\.$/m);
    const page = await fetch(`http://127.0.0.1:${reporterPort}/report?lang=en`);
    expect(page.status).toBe(200);

    startRedis(redisPort);
    expect(await until(() => err.includes('answers again'), 20_000), err).toBe(true);
    server.kill('SIGTERM');
    await until(() => server.exitCode !== null, 10_000);
    expect(hasStackTrace(err), err).toBe(false);
    expect(err.trim().split('\n')).toEqual(['Redis (REDIS_URL) stopped answering (ECONNREFUSED); retrying in the background.', 'Redis (REDIS_URL) answers again.']);
  }, 90_000);
});
