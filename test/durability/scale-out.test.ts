/**
 * Several instances on one database (issue 14): the shared key vault, the
 * secrets fingerprint, job leases and durable activity notices, on real
 * SQLite and PostgreSQL with real crypto.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { createDemo } from '../../src/demo/demo.service.js';
import { claimJob } from '../../src/core/jobs.js';
import type { Mailer } from '../../src/core/notifications/notifier.js';
import { randomBytes } from '../../src/crypto/index.js';
import { generateSecrets } from '../../src/infra/secrets.js';
import { DIALECTS, freshDatabase } from '../helpers/dialects.js';

function configOf(database: { dataDir: string; databaseUrl?: string | undefined; sqliteFile: string }): Config {
  return loadConfig(
    {},
    { dataDir: database.dataDir, databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile, insecureFastKdf: true, logLevel: 'warn', redisUrl: undefined, runJobs: false },
  );
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`several instances (${name})`, () => {
    it("an earlier version's vault.json moves into the shared vault on first start, and stays as its mirror", async () => {
      const database = await freshDatabase(name);
      const config = configOf(database);
      const key = randomBytes(32);
      fs.mkdirSync(path.dirname(config.vaultFile), { recursive: true });
      fs.writeFileSync(
        config.vaultFile,
        JSON.stringify({
          version: 1,
          current: 3,
          generations: [
            { g: 2, key: randomBytes(32).toString('base64'), destroyAfter: '2026-01-05T10:11:12.000Z' },
            { g: 3, key: key.toString('base64'), destroyAfter: null },
          ],
        }),
        { mode: 0o600 },
      );
      const ctx = await createContext(config, { secrets: generateSecrets() });
      try {
        // The file stays, as the mirror of the table (restores need it), mode 0600, with days only.
        expect(fs.statSync(config.vaultFile).mode & 0o777).toBe(0o600);
        expect(fs.readFileSync(config.vaultFile, 'utf8')).toBe(await ctx.core.vault.exportFile(ctx.core.db));
        expect(await ctx.core.vault.generations(ctx.core.db)).toEqual([2, 3]);
        expect(await ctx.core.vault.currentGeneration(ctx.core.db)).toBe(3);
        const exported = JSON.parse(await ctx.core.vault.exportFile(ctx.core.db)) as { generations: Array<{ g: number; key: string; destroyAfter: string | null }> };
        expect(exported.generations.find((g) => g.g === 3)!.key).toBe(key.toString('base64'));
        expect(exported.generations.find((g) => g.g === 2)!.destroyAfter).toBe('2026-01-05');
        // The table holds the keys sealed, never in clear.
        for (const row of await ctx.core.db.selectFrom('vault_generations').select('sealed_key').execute()) expect(Buffer.from(row.sealed_key).indexOf(key)).toBe(-1);
      } finally {
        await ctx.close();
        await database.drop();
      }
    });

    it('an instance started with another secrets file is refused with a message saying so', async () => {
      const database = await freshDatabase(name);
      const config = configOf(database);
      const first = await createContext(config, { secrets: generateSecrets() });
      await first.close();
      try {
        await expect(createContext(config, { secrets: generateSecrets() })).rejects.toMatchObject({
          name: 'SecretsMismatchError',
          message: expect.stringContaining('does not belong to this database'),
        });
      } finally {
        await database.drop();
      }
    });

    it('a job lease is taken by one instance at a time, and by another once it runs out', async () => {
      const database = await freshDatabase(name);
      const ctx = await createContext(configOf(database), { secrets: generateSecrets() });
      try {
        const now = Date.now();
        const takes = await Promise.all(['a', 'b', 'c'].map((owner) => claimJob(ctx.core.db, 'retention', owner, now, 60_000, 0)));
        expect(takes.filter(Boolean)).toHaveLength(1);
        expect(await claimJob(ctx.core.db, 'retention', 'd', now + 1_000, 60_000, 0)).toBe(false);
        // The holder was killed: after its lease, another instance takes the job.
        expect(await claimJob(ctx.core.db, 'retention', 'd', now + 61_000, 60_000, 0)).toBe(true);
      } finally {
        await ctx.close();
        await database.drop();
      }
    });

    it('activity notices survive a restart; with SMTP down they are retried and the failure is logged without content', async () => {
      const database = await freshDatabase(name);
      const config = configOf(database);
      const secrets = generateSecrets();
      const sent: string[] = [];
      const down: Mailer = { send: async () => Promise.reject(new Error('connect ECONNREFUSED')), close() {} };
      const up: Mailer = { send: async (to, subject, text) => void sent.push(`${to}|${subject}|${text}`), close() {} };
      const ctx1 = await createContext(config, { secrets, mailer: down });
      await createDemo(ctx1.core);
      const user = await ctx1.core.db.selectFrom('users').select(['id', 'organisation_id']).where('active', '=', 1).executeTakeFirstOrThrow();
      await ctx1.core.db.updateTable('users').set({ notify: 0 }).execute();
      await ctx1.core.db.updateTable('users').set({ notify: 1, email: 'one@example.org' }).where('id', '=', user.id).execute();
      const orgId = user.organisation_id;
      const logged: string[] = [];
      ctx1.notifier.onError = (code) => logged.push(code);
      await ctx1.notifier.activity(orgId);
      await ctx1.notifier.activity(orgId);
      expect(await ctx1.notifier.run(true)).toEqual({ sent: 0, failed: 1 });
      expect(logged).toEqual(['PSL_ERR_NOTICE_NOT_SENT']);
      await ctx1.close();
      // Restarted: the notice is still queued, and is sent once.
      const ctx2 = await createContext(config, { secrets, mailer: up });
      try {
        expect(await ctx2.notifier.run(true)).toEqual({ sent: 1, failed: 0 });
        expect(await ctx2.notifier.run(true)).toEqual({ sent: 0, failed: 0 });
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatch(/^one@example\.org\|Parasol: new activity\|/);
      } finally {
        await ctx2.close();
        await database.drop();
      }
    });
  });
}
