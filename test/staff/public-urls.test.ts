/**
 * Issue 13, item 7: absolute links come from the configured public address
 * of each surface (PARASOL_REPORTER_URL, PARASOL_STAFF_URL), never from the
 * request's Host header; production without them is refused with one line.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicBaseUrl } from '../../src/config.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, surfaces, type Surfaces } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STAFF_URL = 'https://staff.parasol.example';
const REPORTER_URL = 'http://parasolreport.onion';

describe('the invitation link', () => {
  let s: Surfaces;
  beforeAll(async () => {
    s = await surfaces(SURFACE_DIALECT, { staffUrl: STAFF_URL, reporterUrl: REPORTER_URL });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('starts with PARASOL_STAFF_URL whatever Host header the request carried', async () => {
    const admin = new StaffClient(s.staff, s.clock);
    await loginAs(s, admin, s.coordinator);
    const page = await admin.get('/admin/members');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await s.staff.inject({
      method: 'POST',
      url: '/admin/invite',
      headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example', cookie: admin.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, role: 'caseworker' }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('attacker.example');
    expect(res.body).toMatch(new RegExp(`${STAFF_URL.replace(/\./g, '\\.')}/invite/[A-Za-z0-9_-]+`));
  });

  it('an approved custodian invitation gives a link on PARASOL_STAFF_URL, whatever Host header the approval carried', async () => {
    const admin = new StaffClient(s.staff, s.clock);
    await loginAs(s, admin, s.coordinator);
    const second = await newStaffMember(s, 'admin', { username: 'url-second-coordinator', password: 'amber lighthouse 4471' });
    const other = new StaffClient(s.staff, s.clock);
    await loginAs(s, other, second);
    expect((await admin.post('/admin/members', '/admin/invite', { role: 'custodian' })).statusCode).toBe(303);
    const proposal = await s.t.ctx.core.db.selectFrom('custodian_proposals').select('id').where('status', '=', 'pending').executeTakeFirstOrThrow();
    const page = await other.get('/admin/members');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await s.staff.inject({
      method: 'POST',
      url: `/admin/proposals/${proposal.id}`,
      headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example', cookie: other.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, decision: 'approve' }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('attacker.example');
    expect(res.body).toMatch(new RegExp(`${STAFF_URL.replace(/\./g, '\\.')}/invite/[A-Za-z0-9_-]+`));
  });

  it('a member invite code comes with a sign-up link on PARASOL_REPORTER_URL, whatever the Host header', async () => {
    const admin = new StaffClient(s.staff, s.clock);
    await loginAs(s, admin, s.coordinator);
    const page = await admin.get('/safety/members');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await s.staff.inject({
      method: 'POST',
      url: '/safety/invites',
      headers: { host: 'attacker.example', cookie: admin.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, uses: '5', days: '30' }).toString(),
    });
    expect(res.statusCode).toBe(200);
    const code = /data-invite-code="([A-Z0-9-]+)"/.exec(res.body)![1]!;
    expect(res.body).toContain(`href="${REPORTER_URL}/members/signup?code=${code}"`);
    expect(res.body).not.toContain('attacker.example');
  });
});

describe('configuration', () => {
  it('reads both addresses, without a trailing slash, and refuses what is not an http(s) address', () => {
    const c = loadConfig({ PARASOL_REPORTER_URL: 'http://abcdefghijklmnop.onion/', PARASOL_STAFF_URL: 'https://staff.example.org/' });
    expect(publicBaseUrl(c, 'reporter')).toBe('http://abcdefghijklmnop.onion');
    expect(publicBaseUrl(c, 'staff')).toBe('https://staff.example.org');
    expect(() => loadConfig({ PARASOL_STAFF_URL: 'staff.example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARASOL_STAFF_URL: 'javascript:alert(1)' })).toThrow(/PARASOL_STAFF_URL/);
  });

  it('defaults to the listener’s own address for local use', () => {
    const c = loadConfig({ PARASOL_STAFF_PORT: '9091' });
    expect(publicBaseUrl(c, 'staff')).toBe('http://127.0.0.1:9091');
    expect(publicBaseUrl(c, 'reporter')).toBe('http://127.0.0.1:8080');
  });

  it('is refused in production without them, naming what is missing', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PARASOL_REPORTER_URL and PARASOL_STAFF_URL must be set in production/);
    expect(() => loadConfig({ PARASOL_MODE: 'production', PARASOL_REPORTER_URL: 'https://r.example' })).toThrow(/^PARASOL_STAFF_URL must be set in production/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', PARASOL_REPORTER_URL: 'https://r.example', PARASOL_STAFF_URL: 'https://s.example', PARASOL_IDENTIFIER_SERVICE: '/run/parasol-identifier/identifier.sock' }),
    ).not.toThrow();
  });

  it('`parasol serve` in production without them stops with one line and exit code 1', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-urls-'));
    try {
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', 'serve'],
          { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', PARASOL_DATA_DIR: dataDir }, timeout: 60_000 },
          (err, stdout, stderr) => {
            resolve({ code: err ? ((err as { code?: unknown }).code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
          },
        );
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('PARASOL_REPORTER_URL and PARASOL_STAFF_URL must be set in production');
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
