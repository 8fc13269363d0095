/**
 * `parasol doctor` on a real installation made by `parasol init` (with the
 * umask the systemd unit sets) and a backup made by `parasol backup create`:
 * exit 0 when all is well; exit 1 naming the problem when one thing is
 * broken (secrets 0644, demo organisations, secure cookies off behind HTTPS,
 * the staff listener on 0.0.0.0).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecrets, writeSecretsFile } from '../../src/infra/secrets.js';
import { cli, hasStackTrace, type CliResult } from './support.js';

let root: string;
let dataDir: string;
let backups: string;
const GOOD = { PARASOL_SECURE_COOKIES: 'true', PARASOL_INSECURE_FAST_KDF: '1' };

function copyInstall(name: string): string {
  const dir = path.join(root, name, 'data');
  fs.mkdirSync(path.dirname(dir), { mode: 0o700 });
  fs.cpSync(dataDir, dir, { recursive: true });
  return dir;
}

const doctor = (dir: string, env: Record<string, string> = {}, url = 'https://parasol.example.org/') =>
  cli(['doctor', '--url', url, '--backups', backups], { PARASOL_DATA_DIR: dir, ...GOOD, ...env }, { umask: '077' });

function problems(r: CliResult): string[] {
  return r.stderr.split('\n').filter((l) => l.startsWith('PROBLEM'));
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-doctor-'));
  dataDir = path.join(root, 'install', 'data');
  backups = path.join(root, 'backups');
  fs.mkdirSync(backups, { mode: 0o700 });
  const init = await cli(['init', '--organisation', 'Test'], { PARASOL_DATA_DIR: dataDir, ...GOOD }, { umask: '077' });
  expect(init.code, init.stderr).toBe(0);
  const backup = await cli(['backup', 'create', '--out', path.join(backups, 'first.pbak')], { PARASOL_DATA_DIR: dataDir, ...GOOD }, { umask: '077' });
  expect(backup.code, backup.stderr).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('parasol doctor', () => {
  it('exits 0 on a correct installation', async () => {
    const r = await doctor(dataDir);
    expect(problems(r), r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('All is well.');
    expect(r.stdout).toMatch(/ok +The secrets file .* belongs to this database\./);
    expect(r.stdout).toMatch(/ok +Identifier checks use the system libsodium/);
  });

  it('says so when the system libsodium is not in use (identifier checks at five times the CPU)', async () => {
    const r = await doctor(dataDir, { PARASOL_RISTRETTO: 'wasm' });
    expect(problems(r).join('\n')).toContain('The system libsodium could not be loaded');
    expect(problems(r).join('\n')).toContain('apt-get install libsodium23');
    expect(r.code).toBe(1);
  });

  it('secrets file 0644: exit 1, names the file and the fix', async () => {
    const dir = copyInstall('secrets');
    fs.chmodSync(path.join(dir, 'secrets.json'), 0o644);
    const r = await doctor(dir);
    expect(r.code).toBe(1);
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]).toContain(`The secrets file ${path.join(dir, 'secrets.json')} has mode 0644`);
    expect(problems(r)[0]).toContain('chmod 600');
  });

  it('a secrets file from another installation: exit 1, says it does not belong to this database', async () => {
    const dir = copyInstall('foreign-secrets');
    fs.rmSync(path.join(dir, 'secrets.json'));
    writeSecretsFile(path.join(dir, 'secrets.json'), generateSecrets());
    const r = await doctor(dir);
    expect(r.code).toBe(1);
    expect(problems(r).join('\n')).toMatch(/The secrets file .*secrets\.json does not belong to this database/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('demo organisations present: exit 1, names them', async () => {
    const dir = copyInstall('demo');
    const demo = await cli(['demo'], { PARASOL_DATA_DIR: dir, ...GOOD }, { umask: '077' });
    expect(demo.code, demo.stderr).toBe(0);
    const r = await doctor(dir);
    expect(r.code).toBe(1);
    expect(problems(r).join('\n')).toMatch(/Demo organisations are present \(.*Umbrela Roșie/);
  });

  it('secure cookies off behind HTTPS: exit 1, names PARASOL_SECURE_COOKIES', async () => {
    const r = await doctor(dataDir, { PARASOL_SECURE_COOKIES: 'false' });
    expect(r.code).toBe(1);
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]).toContain('served over HTTPS (https://parasol.example.org) but PARASOL_SECURE_COOKIES is off');
  });

  it('staff listener on 0.0.0.0: exit 1, names it', async () => {
    const r = await doctor(dataDir, { PARASOL_STAFF_HOST: '0.0.0.0' });
    expect(r.code).toBe(1);
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]).toContain('The staff listener is on 0.0.0.0, a public address');
  });

  it('an old backup and a missing backup folder are problems', async () => {
    const old = path.join(root, 'old-backups');
    fs.mkdirSync(old);
    const f = path.join(old, 'old.pbak');
    fs.copyFileSync(path.join(backups, 'first.pbak'), f);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    fs.utimesSync(f, threeDaysAgo, threeDaysAgo);
    const r = await cli(['doctor', '--url', 'https://parasol.example.org/', '--backups', old], { PARASOL_DATA_DIR: dataDir, ...GOOD });
    expect(r.code).toBe(1);
    expect(problems(r).join('\n')).toMatch(/newest backup .* is 7\d hours old/);
    const none = await cli(['doctor', '--url', 'https://parasol.example.org/', '--backups', path.join(root, 'nowhere')], { PARASOL_DATA_DIR: dataDir, ...GOOD });
    expect(none.code).toBe(1);
    expect(problems(none).join('\n')).toContain('backup folder');
    expect(hasStackTrace(none.stderr)).toBe(false);
  });
});

const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));

describe.skipIf(!REDIS)('parasol doctor and Redis', () => {
  it('a Redis that persists to disk is a problem; one that keeps nothing is fine', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const dir = path.join(root, 'redis');
    fs.mkdirSync(dir);
    const run = async (persist: boolean) => {
      const redis = spawn(REDIS!, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', persist ? '3600 1' : '', '--appendonly', 'no'], { stdio: 'ignore' });
      try {
        await new Promise((r) => setTimeout(r, 500));
        return await doctor(dataDir, { REDIS_URL: `redis://127.0.0.1:${port}` });
      } finally {
        redis.kill('SIGKILL');
        await new Promise((r) => redis.once('exit', r));
      }
    };
    const clean = await run(false);
    expect(clean.stdout).toContain('Redis keeps nothing on disk.');
    expect(clean.code, clean.stderr).toBe(0);
    const persisting = await run(true);
    expect(persisting.code).toBe(1);
    expect(problems(persisting)).toHaveLength(1);
    expect(problems(persisting)[0]).toContain('persists to disk (save "3600 1")');
  });
});
