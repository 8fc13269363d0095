/**
 * The operator's commands around demo data and network content:
 * `parasol serve` refuses a demo data folder in production (exit 1, naming
 * the demo organisations), `parasol admin invite` issues a fresh one-time
 * admin link that works, and `parasol editor` names network editors.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommand } from '../../src/cli/admin.command.js';
import { demoCommand } from '../../src/cli/demo.command.js';
import { editorCommand } from '../../src/cli/editor.command.js';
import { initCommand } from '../../src/cli/init.command.js';
import { serveCommand } from '../../src/cli/serve.command.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { DEMO_ORGANISATIONS } from '../../src/demo/demo.service.js';
import { listEditors } from '../../src/core/rights/editors.service.js';
import { buildStaffApp } from '../../src/web/app.js';
import { freshDatabase, SURFACE_DIALECT, type TestDatabase } from '../helpers/dialects.js';
import { asUserId } from '../../src/core/shared/ids.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

function configFor(database: TestDatabase): Config {
  return loadConfig(
    {},
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      sqliteFile: database.sqliteFile,
      insecureFastKdf: true,
      redisUrl: undefined,
      logLevel: 'warn',
      reporter: { host: '127.0.0.1', port: 0 },
      staff: { host: '127.0.0.1', port: 0 },
    },
  );
}

describe('parasol serve on a demo data folder', () => {
  let database: TestDatabase;
  let config: Config;
  beforeAll(async () => {
    database = await freshDatabase(SURFACE_DIALECT);
    config = configFor(database);
    expect(await initCommand(config, capture().io)).toBe(0);
    const demo = capture();
    expect(await demoCommand(config, demo.io)).toBe(0);
    expect(demo.out[0]).toBe(`Created ${DEMO_ORGANISATIONS.length} demo organisations beside the existing one, with coverage areas and a demo coordinator and custodian each.`);
    expect(demo.out[1]).toContain('DEMO ONLY: do not use for real reports.');
  });
  afterAll(async () => {
    await database?.drop();
  });

  for (const env of [{ NODE_ENV: 'production' }, { PARASOL_MODE: 'production' }]) {
    it(`exits 1 with ${Object.keys(env)[0]}=production, naming every demo organisation`, async () => {
      const c = capture();
      expect(await serveCommand(config, c.io, env)).toBe(1);
      const message = c.err.join('\n');
      expect(message).toContain('Refusing to serve demo data in production');
      for (const o of DEMO_ORGANISATIONS) expect(message).toContain(o.name);
      expect(message).toContain('parasol init --organisation NAME');
      expect(c.out).toEqual([]);
    });
  }

  it.skipIf(SURFACE_DIALECT !== 'sqlite')('the real command: NODE_ENV=production parasol serve exits 1 and says why in one message, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PARASOL_DATA_DIR: database.dataDir,
        PARASOL_REPORTER_PORT: '0',
        PARASOL_STAFF_PORT: '0',
        PARASOL_REPORTER_URL: 'https://report.example.org',
        PARASOL_STAFF_URL: 'https://staff.example.org',
        PARASOL_IDENTIFIER_SERVICE: path.join(database.dataDir, 'identifier.sock'),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Refusing to serve demo data in production');
    expect(result.stderr).toContain('Umbrela Roșie');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('Parasol reporter surface');
  });
});

describe('parasol admin invite and parasol editor', () => {
  let database: TestDatabase;
  let config: Config;
  beforeAll(async () => {
    database = await freshDatabase(SURFACE_DIALECT);
    config = configFor(database);
    expect(await initCommand(config, capture().io, { organisationName: 'Red Umbrella Collective' })).toBe(0);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('issues a fresh one-time admin link that opens the set-up page once the first is lost', async () => {
    const c = capture();
    expect(await adminCommand(config, c.io, ['invite'])).toBe(0);
    const line = c.out.join('\n');
    expect(line).toContain('One-time admin set-up link for "Red Umbrella Collective"');
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(line)![1]!;
    const ctx = await createContext(config);
    const staff = await buildStaffApp(ctx);
    try {
      const page = await staff.inject({ url: `/invite/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="password"');
      expect((await staff.inject({ url: `/invite/${'x'.repeat(token.length)}` })).statusCode).not.toBe(200);
      // Nothing of the link itself is stored: only its keyed hash.
      const rows = await ctx.core.db.selectFrom('invitations').select(['token_hash', 'role']).execute();
      expect(rows.some((r) => r.role === 'admin')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(token);
      // No demo banner on a real installation's pages.
      expect(page.body).not.toContain('demo-banner');
    } finally {
      await staff.close();
      await ctx.close();
    }
  });

  it('names the organisation or says which ones exist', async () => {
    const named = capture();
    expect(await adminCommand(config, named.io, ['invite'], { organisation: 'network' })).toBe(0);
    const wrong = capture();
    expect(await adminCommand(config, wrong.io, ['invite'], { organisation: 'Nobody' })).toBe(1);
    expect(wrong.err.join('\n')).toBe('No organisation "Nobody". Organisations here: Red Umbrella Collective (network).');
    expect(await adminCommand(config, capture().io, ['nonsense'])).toBe(2);
  });

  it('parasol editor add/list/remove: names editors by login name, and says when there are too few', async () => {
    const unknown = capture();
    expect(await editorCommand(config, unknown.io, ['add', 'nobody'])).toBe(1);
    expect(unknown.err).toEqual(['No staff account with the login name "nobody".']);
    // Two staff accounts to name (the demo accounts of a throw-away folder would do as well).
    const ctx = await createContext(config);
    try {
      const org = (await ctx.core.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
      for (const u of ['ana', 'bo', 'cy']) {
        await ctx.core.db
          .insertInto('users')
          .values({
            id: asUserId(u.padEnd(32, '0')),
            organisation_id: org,
            role: u === 'cy' ? 'caseworker' : 'admin',
            display_name: u,
            public_key: Buffer.alloc(32),
            active: 1,
            created_day: '2026-05-04',
            username: u,
            email: null,
            password_salt: null,
            password_verifier: null,
            kdf_opslimit: null,
            kdf_memlimit: null,
            wrapped_key_password: null,
            wrapped_key_recovery: null,
            totp_secret: null,
            totp_last_step: null,
            notify: 0,
          })
          .execute();
      }
    } finally {
      await ctx.close();
    }
    // Profile pages are admin pages: a caseworker cannot be named.
    const caseworker = capture();
    expect(await editorCommand(config, caseworker.io, ['add', 'cy'])).toBe(1);
    expect(caseworker.err).toEqual(['"cy" is not an organisation admin; only admins can be network editors.']);
    const one = capture();
    expect(await editorCommand(config, one.io, ['add', 'ana'])).toBe(0);
    expect(one.out).toEqual([
      '"ana" is now a network editor.',
      'Network editors: ana (Red Umbrella Collective).',
      'Country profiles cannot be changed until there are 2 editors: one proposes, another approves.',
    ]);
    const two = capture();
    expect(await editorCommand(config, two.io, ['add', 'bo'])).toBe(0);
    expect(two.out.join('\n')).not.toContain('cannot be changed');
    const removed = capture();
    expect(await editorCommand(config, removed.io, ['remove', 'ana'])).toBe(0);
    const ctx2 = await createContext(config);
    try {
      expect((await listEditors(ctx2.core.db)).map((e) => e.username)).toEqual(['bo']);
    } finally {
      await ctx2.close();
    }
    expect(await editorCommand(config, capture().io, ['add'])).toBe(2);
  });
});
