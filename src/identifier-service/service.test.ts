import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IdentifierServiceUnavailable } from '../core/reports/identifiers.js';
import { oprfBlind, oprfEvaluate } from '../crypto/index.js';
import { IdentifierServiceClient } from './client.js';
import { startIdentifierService, type RunningIdentifierService } from './service.js';

let dir = '';
let service: RunningIdentifierService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
  rmSync(dir, { recursive: true, force: true });
});

async function start(perDay = 1000) {
  dir = mkdtempSync(path.join(tmpdir(), 'idsu-'));
  const opts = { socketPath: path.join(dir, 's.sock'), keyFile: path.join(dir, 'k.key'), secretFile: path.join(dir, 's.secret'), perMinute: 1000, perDay, log: () => {} };
  service = await startIdentifierService(opts);
  const secret = Buffer.from(readFileSync(opts.secretFile, 'utf8').trim(), 'base64');
  return { opts, secret, client: new IdentifierServiceClient({ socketPath: opts.socketPath, secret }) };
}

function post(socketPath: string, secret: string, p: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request({ socketPath, path: p, method: 'POST', headers: { 'x-parasol-secret': secret, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('identifier key service', () => {
  it('creates its key and secret files with mode 0600, and evaluates to the OPRF of its own key', async () => {
    const { opts, client } = await start();
    expect(statSync(opts.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(opts.secretFile).mode & 0o777).toBe(0o600);
    const key = Buffer.from((JSON.parse(readFileSync(opts.keyFile, 'utf8')) as { oprfKey: string }).oprfKey, 'base64');
    const input = Buffer.alloc(32, 9);
    const [out] = await client.evaluate([input]);
    expect(out!.equals(oprfEvaluate(key, input))).toBe(true);
    client.close();
  });

  it('answers a burst of evaluations from many callers, each with its own outputs in its own order (parts of a burst go out as separate requests)', async () => {
    const { opts, client } = await start();
    const key = Buffer.from((JSON.parse(readFileSync(opts.keyFile, 'utf8')) as { oprfKey: string }).oprfKey, 'base64');
    const callers = Array.from({ length: 40 }, (_, c) => Array.from({ length: 1 + (c % 3) }, (_, i) => Buffer.from(`caller ${c} input ${i}`)));
    const answers = await Promise.all(callers.map((inputs) => client.evaluate(inputs)));
    answers.forEach((outputs, c) => expect(outputs.map((o) => o.toString('hex'))).toEqual(callers[c]!.map((input) => oprfEvaluate(key, input).toString('hex'))));
    expect(await client.evaluate([])).toEqual([]);
    // Closed while an evaluation waits: it is refused as unavailable, never left hanging.
    const waiting = client.evaluate([Buffer.from('late')]);
    client.close();
    await expect(waiting).rejects.toBeInstanceOf(IdentifierServiceUnavailable);
  });

  it('makes a check unavailable, not a hanging page, when the service accepts and never answers', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'idsu-'));
    const socketPath = path.join(dir, 'stuck.sock');
    const held: Socket[] = [];
    const stuck = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => stuck.listen(socketPath, resolve));
    const client = new IdentifierServiceClient({ socketPath, secret: Buffer.alloc(32, 1), timeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(client.evaluate([Buffer.from('a')])).rejects.toBeInstanceOf(IdentifierServiceUnavailable);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      client.close();
      for (const s of held) s.destroy();
      await new Promise((resolve) => stuck.close(resolve));
    }
  });

  it('refuses a key file others can read', async () => {
    const { opts } = await start();
    await service!.close();
    service = null;
    chmodSync(opts.keyFile, 0o644);
    await expect(startIdentifierService(opts)).rejects.toThrow(/readable by others/);
  });

  it('refuses a wrong secret, malformed and tampered elements, and evaluations over its daily limit', async () => {
    const { opts, secret, client } = await start(3);
    const element = oprfBlind(Buffer.from('x')).blinded.toString('base64');
    expect(await post(opts.socketPath, 'wrong', '/v1/evaluate', { elements: [element] })).toBe(401);
    const good = secret.toString('base64');
    expect(await post(opts.socketPath, good, '/v1/evaluate', { elements: [Buffer.alloc(32, 0xff).toString('base64')] })).toBe(400);
    expect(await post(opts.socketPath, good, '/v1/evaluate', { elements: [element.slice(0, 20)] })).toBe(400);
    expect(await post(opts.socketPath, good, '/v1/evaluate', { elements: [] })).toBe(400);
    await client.evaluate([Buffer.from('a')]);
    await expect(client.evaluate([Buffer.from('b'), Buffer.from('c'), Buffer.from('d')])).rejects.toBeInstanceOf(IdentifierServiceUnavailable);
    const wrongClient = new IdentifierServiceClient({ socketPath: opts.socketPath, secret: Buffer.alloc(32) });
    await expect(wrongClient.evaluate([Buffer.from('a')])).rejects.toBeInstanceOf(IdentifierServiceUnavailable);
    wrongClient.close();
    client.close();
  });
});
